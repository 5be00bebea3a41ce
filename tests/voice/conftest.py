"""Voice fixtures: generated speech in every browser format, the real Whisper model (loaded
once per session) and a stand-in model for the fast tests of limits, errors and the queue."""

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest

from api.config import Settings
from api.voice.service import whisper_options
from api.voice.transcriber import Transcriber, WhisperOptions, shared
from tests.api.conftest import client, rasa, settings  # noqa: F401 - fixtures
from tests.voice import speech


@dataclass
class Clips:
    """Generated clips: clips.get("fr_password", "webm") -> bytes."""

    directory: Path
    _cache: dict[tuple[str, str], bytes] = field(default_factory=dict)

    def get(self, name: str, fmt: str = "webm") -> bytes:
        key = (name, fmt)
        if key not in self._cache:
            utterance = speech.UTTERANCES[name]
            wav = self.directory / f"{name}.wav"
            if not wav.exists():
                speech.speak(utterance.text, utterance.lang, wav, wpm=utterance.wpm)
            samples, rate = speech.read_samples(wav)
            self._cache[key] = speech.encode(samples, rate, fmt)
        return self._cache[key]


@pytest.fixture(scope="session")
def clips(tmp_path_factory: pytest.TempPathFactory) -> Clips:
    if not speech.have_espeak():
        pytest.skip("skipped: no espeak-ng (`make browser` installs it)")
    return Clips(tmp_path_factory.mktemp("speech"))


@pytest.fixture(scope="session")
def whisper() -> Transcriber:
    """The real Whisper base model, as the API's default settings load it (once)."""
    transcriber = shared(whisper_options(Settings()))
    transcriber.warm_up().result()
    return transcriber


class FakeWhisper:
    """Stands in for faster-whisper's WhisperModel: says `text`, optionally after `gate`."""

    def __init__(self, text: str = "je voudrais changer mon mot de passe") -> None:
        self.text = text
        # What Whisper says of its own confidence (faster-whisper's Segment fields): sure.
        self.avg_logprob = -0.2
        self.no_speech_prob = 0.01
        # Whisper's favourite for synthetic Arabic: a language TijarIA does not speak.
        self.probabilities = [("ja", 0.5), ("en", 0.1), ("ar", 0.3), ("fr", 0.05)]
        self.gate: threading.Event | None = None
        self.started = threading.Event()
        self.calls: list[dict[str, Any]] = []

    def transcribe(self, audio: Any, **options: Any) -> tuple[list[Any], Any]:
        self.calls.append({"seconds": len(audio) / 16_000, **options})
        self.started.set()
        if self.gate is not None:
            self.gate.wait(10)
        segment = SimpleNamespace(
            text=f" {self.text}", avg_logprob=self.avg_logprob, no_speech_prob=self.no_speech_prob
        )
        return [segment], SimpleNamespace(language=options["language"])

    # What the language detection goes through: features, encoder, one decoder step.
    def feature_extractor(self, audio: Any) -> np.ndarray:
        return np.zeros((80, len(audio) // 160 + 1), dtype=np.float32)

    def encode(self, features: np.ndarray) -> np.ndarray:
        return features

    @property
    def model(self) -> Any:
        def detect_language(_encoder_output: Any) -> list[list[tuple[str, float]]]:
            return [[(f"<|{code}|>", p) for code, p in self.probabilities]]

        return SimpleNamespace(detect_language=detect_language)


@pytest.fixture
def fake_whisper() -> Iterator[FakeWhisper]:
    model = FakeWhisper()
    yield model
    if model.gate is not None:
        model.gate.set()


def fake_transcriber(model: FakeWhisper, **options: Any) -> Transcriber:
    """A transcriber around the stand-in. It takes faster-whisper's own path (the fitted
    window works on the encoder directly: the real-model tests cover it); the voice activity
    detector stays on unless a test turns it off: it is real code."""
    return Transcriber(
        WhisperOptions(**{"trim_window": False, **options}), load_model=lambda _: model
    )
