"""The Whisper worker: one thread, a bounded queue, language hints; then the real model."""

import threading

import numpy as np
import pytest

from api.voice.audio import AudioTooLong, NoSpeech, UnreadableAudio
from api.voice.transcriber import PROMPTS, Transcriber, VoiceBusy, _unloop
from tests.voice import speech
from tests.voice.conftest import Clips, FakeWhisper, fake_transcriber

# ---------------------------------------------------------------- with a stand-in model


def test_the_hint_is_passed_to_whisper_with_the_portal_vocabulary(
    clips: Clips, fake_whisper: FakeWhisper
) -> None:
    transcriber = fake_transcriber(fake_whisper)

    result = transcriber.submit(clips.get("fr_password"), language="fr").result(10)

    assert result.text == fake_whisper.text and result.language == "fr"
    assert result.language_probability == 1.0
    call = fake_whisper.calls[0]
    assert call["language"] == "fr" and call["initial_prompt"] == PROMPTS["fr"]
    assert call["beam_size"] == 5 and call["temperature"] == 0.0
    # The voice activity detector trimmed the silences espeak leaves around the sentence.
    assert 2.0 < result.speech_seconds <= result.seconds


def test_without_a_hint_the_language_is_the_likeliest_of_fr_ar_en(
    clips: Clips, fake_whisper: FakeWhisper
) -> None:
    transcriber = fake_transcriber(fake_whisper)

    result = transcriber.submit(clips.get("ar_password"), language=None).result(10)

    # The stand-in's top language is Japanese; of TijarIA's three, Arabic is likeliest.
    assert result.language == "ar" and fake_whisper.calls[0]["language"] == "ar"
    assert result.language_probability == pytest.approx(0.3)


def test_silence_and_noise_are_no_speech(fake_whisper: FakeWhisper) -> None:
    transcriber = fake_transcriber(fake_whisper)

    with pytest.raises(NoSpeech):
        transcriber.submit(speech.encode(speech.silence(3), 16_000, "webm"), language="fr").result(
            10
        )
    # A steady tone is loud, but not speech: the voice activity detector drops it.
    with pytest.raises(NoSpeech):
        transcriber.submit(speech.encode(speech.tone(3), 16_000, "webm"), language="fr").result(10)
    assert fake_whisper.calls == []  # Whisper never ran: it would have made words up


def test_decoding_errors_come_back_through_the_future(fake_whisper: FakeWhisper) -> None:
    transcriber = fake_transcriber(fake_whisper, max_seconds=2)

    with pytest.raises(UnreadableAudio):
        transcriber.submit(b"definitely not audio", language=None).result(10)
    with pytest.raises(AudioTooLong):
        transcriber.submit(speech.encode(speech.tone(5), 16_000, "ogg"), language=None).result(10)
    assert transcriber.pending == 0


def test_an_empty_transcript_is_no_speech(clips: Clips, fake_whisper: FakeWhisper) -> None:
    fake_whisper.text = "   "
    transcriber = fake_transcriber(fake_whisper)

    with pytest.raises(NoSpeech):
        transcriber.submit(clips.get("en_password"), language="en").result(10)


def test_an_echo_of_the_prompt_is_no_speech(clips: Clips, fake_whisper: FakeWhisper) -> None:
    # What Whisper says when it cannot make out the words: its prompt, back.
    fake_whisper.text = "PORTNET, portail Douane."
    transcriber = fake_transcriber(fake_whisper)

    with pytest.raises(NoSpeech):
        transcriber.submit(clips.get("fr_password"), language="fr").result(10)
    fake_whisper.text = "PORTNET, portail Douane : mot de passe oublié"
    assert transcriber.submit(clips.get("fr_password"), language="fr").result(10).text


def test_decoding_loops_are_cut_but_numbers_kept() -> None:
    assert _unloop("كيف تتتتتتتتتتتتت") == "كيف ت"
    assert _unloop("nadi. nadi. nadi. nadi. nadi.") == "nadi. nadi."
    assert _unloop("mon RIB est 000000000 et mot de passe, mot de passe") == (
        "mon RIB est 000000000 et mot de passe, mot de passe"
    )


def test_one_clip_runs_and_queue_size_wait_then_busy(
    clips: Clips, fake_whisper: FakeWhisper
) -> None:
    fake_whisper.gate = threading.Event()
    transcriber = fake_transcriber(fake_whisper, queue_size=2)
    clip = clips.get("en_password")

    futures = [transcriber.submit(clip, language="en") for _ in range(3)]
    assert fake_whisper.started.wait(10)
    with pytest.raises(VoiceBusy):
        transcriber.submit(clip, language="en")
    assert transcriber.pending == 3

    fake_whisper.gate.set()
    assert [f.result(10).text for f in futures] == [fake_whisper.text] * 3
    assert transcriber.pending == 0
    # Room again once the burst is over.
    assert transcriber.submit(clip, language="en").result(10).text == fake_whisper.text


def test_the_model_is_loaded_once_lazily_in_the_worker_thread(clips: Clips) -> None:
    loads: list[str] = []
    model = FakeWhisper()

    def load(_options: object) -> FakeWhisper:
        loads.append(threading.current_thread().name)
        return model

    transcriber = Transcriber(fake_transcriber(model).options, load_model=load)
    assert loads == []  # nothing at construction
    for _ in range(2):
        transcriber.submit(clips.get("en_password"), language="en").result(10)

    assert len(loads) == 1 and loads[0].startswith("whisper")
    assert transcriber.load_seconds is not None


# ---------------------------------------------------------------- the real model (slow)

real_model = pytest.mark.e2e  # Whisper base on the CPU: kept out of `make test-fast`


@real_model
@pytest.mark.parametrize("fmt", list(speech.FORMATS))
def test_whisper_hears_the_french_question_in_every_format(
    whisper: Transcriber, clips: Clips, fmt: str
) -> None:
    result = whisper.submit(clips.get("fr_password", fmt), language="fr").result(60)

    assert "mot de passe" in result.text.lower(), result.text
    assert "douane" in result.text.lower(), result.text


@real_model
@pytest.mark.parametrize(
    ("name", "hint"),
    [
        ("fr_password", None),
        ("en_password", "en"),
        ("en_complaint", None),
        ("ar_password", "ar"),
    ],
)
def test_whisper_hears_the_key_words(
    whisper: Transcriber, clips: Clips, name: str, hint: str | None
) -> None:
    utterance = speech.UTTERANCES[name]

    result = whisper.submit(clips.get(name, "webm"), language=hint).result(60)

    assert result.language == utterance.lang
    for keyword in utterance.keywords:
        assert keyword in result.text.lower(), result.text


@real_model
def test_whisper_says_nothing_rather_than_inventing_on_background_noise(
    whisper: Transcriber,
) -> None:
    # A room's hiss: loud enough not to count as silence, yet no words in it.
    hiss = np.random.default_rng(6).normal(0, 0.02, 3 * 16_000).astype(np.float32)

    with pytest.raises(NoSpeech):
        whisper.submit(speech.encode(hiss, 16_000, "webm"), language="fr").result(60)
