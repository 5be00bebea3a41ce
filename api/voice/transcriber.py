"""Whisper in one worker thread, behind a bounded queue.

One thread owns the model: it is loaded there, lazily, on the first clip, and every clip is
decoded and transcribed there in turn. CTranslate2 releases the GIL while it computes, so
text turns (the event loop and FastAPI's threadpool) keep flowing while a clip is being
transcribed. At most 1 clip runs and `queue_size` wait; past that `submit` refuses at once
(VoiceBusy), so a burst costs a 503 instead of memory: each waiting clip holds its bytes
(≤ 5 MB) and only the running one is decoded.
"""

import logging
import os
import re
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np

from api.voice import audio as audio_mod
from api.voice.audio import SAMPLE_RATE, NoSpeech
from api.voice.model_files import resolve

# Whisper must never reach for the Hugging Face Hub: the model is a local directory.
os.environ.setdefault("HF_HUB_OFFLINE", "1")

log = logging.getLogger(__name__)

# The languages TijarIA answers in. Whisper has no Darija: spoken Darija is detected as one
# of these (usually Arabic) and the chat's own detector takes it from the transcript.
LANGUAGES = ("fr", "ar", "en")
# Portal vocabulary Whisper should expect (it biases spelling, e.g. "PORTNET", "Douane").
# Speech up to this long is encoded in one window fitted to it (see Transcriber._short);
# longer speech reads better in Whisper's full 30 s windows, whose cost it amortizes.
SHORT_SPEECH_SECONDS = 10
# Silence after the speech in that window: Whisper expects to hear the end of a sentence.
WINDOW_PADDING_FRAMES = 300  # 3 s at 100 frames per second
# Real speech stays well under this (Arabic, the densest, is about 5 tokens a second).
MAX_TOKENS_PER_SECOND = 12
# Portal vocabulary Whisper should expect, from the guides, in each language: its initial
# prompt biases both spelling (PORTNET, RNOCE, DUM) and words it would otherwise not pick
# (souscription, mandataire). Kept short: Whisper base repeats a long prompt on unclear audio.
PROMPTS = {
    "fr": (
        "PORTNET, portail Douane, RNOCE : souscription, espace privé, mot de passe, MFA, "
        "réclamation, dédouanement, DUM, titre d'importation, manifeste, franchise, ICE, "
        "mandataire."
    ),
    "ar": (
        "بوابة PORTNET، الجمارك، RNOCE: الاشتراك، الفضاء الخاص، كلمة المرور، شكاية، "
        "التعريف الموحد للمقاولة، سند الاستيراد، بيان الحمولة، الإعفاء."
    ),
    "en": (
        "PORTNET, customs portal, RNOCE: subscription, private space, password, MFA, "
        "complaint, customs clearance, DUM, import title, manifest, franchise, ICE."
    ),
}
# A hint (the page's or the conversation's language) is followed unless Whisper gives
# another of fr/ar/en at least this share of the three: French read with an accent often
# scores 0.6-0.85 English (that is the hint's job to settle), while someone speaking Arabic
# on a French page should not be forced into French. Even then the hint's reading is
# decoded too, and the surer words win (Transcriber._short).
HINT_OVERRIDE = 0.9


class VoiceBusy(Exception):
    """Every slot of the queue is taken: try again in a moment."""


@dataclass(frozen=True)
class WhisperOptions:
    # A CTranslate2 Whisper directory; None: Whisper base from the bundled packages.
    model: str | None = None
    compute_type: str = "int8"
    # 0: one per core, at most 4.
    cpu_threads: int = 0
    beam_size: int = 5
    vad: bool = True
    prompt: bool = True
    # Encode short questions in a window fitted to them rather than Whisper's 30 s.
    trim_window: bool = True
    max_seconds: float = 60.0
    # Clips waiting behind the one being transcribed.
    queue_size: int = 3
    # Another language overrides the hint past this share of fr/ar/en (above 1: never).
    hint_override: float = HINT_OVERRIDE

    @property
    def threads(self) -> int:
        return self.cpu_threads or min(4, os.cpu_count() or 1)


# Below these, Whisper is guessing: the API shows what it heard and asks before answering
# (tuned on bench/voice.py's dev sentences only; the held-out ones measure them).
# Mean log-probability of the words (0: certain).
DOUBT_LOGPROB = -0.75
# Whisper's own belief that there was no speech at all.
DOUBT_NO_SPEECH = 0.4
# Probability of the language among fr/ar/en, when it is not the hinted one.
DOUBT_LANGUAGE = 0.85
# Whisper's silence rule (no_speech_prob > 0.6 and avg_logprob < -1) drops the words, unless
# the voice activity detector heard this much speech: then they are shown and confirmed.
SURE_SPEECH_SECONDS = 1.5


@dataclass(frozen=True)
class Transcript:
    text: str
    language: str
    # Whisper's probability for `language` among fr/ar/en, the hint's weight left out
    # (how sure the audio alone makes it).
    language_probability: float
    seconds: float  # the clip's duration
    speech_seconds: float  # what the voice activity detector kept
    elapsed: float  # wall-clock seconds spent transcribing (model load excluded)
    # The language the detection was weighted towards, if any.
    hint: str | None = None
    # Whisper's mean log-probability of its words: 0 is certain, below -1 it is guessing.
    avg_logprob: float = 0.0
    # Whisper's probability that there was no speech at all.
    no_speech_prob: float = 0.0
    # Every word is one of the prompt's: Whisper may be repeating its prompt.
    only_vocabulary: bool = False
    # A decoding loop was cut out of the text: Whisper lost its way.
    looped: bool = False

    @property
    def doubtful(self) -> bool:
        """Whisper is unsure of what it heard: better ask the user than answer another
        question."""
        return (
            self.avg_logprob < DOUBT_LOGPROB
            or self.no_speech_prob > DOUBT_NO_SPEECH
            or (self.language != self.hint and self.language_probability < DOUBT_LANGUAGE)
            or self.only_vocabulary
            or self.looped
        )


@dataclass(frozen=True)
class _Decoded:
    text: str
    language: str
    language_probability: float
    avg_logprob: float
    no_speech_prob: float


def load_whisper(options: WhisperOptions) -> Any:
    """A faster-whisper model from a local directory: never a download."""
    from faster_whisper import WhisperModel  # heavy import: only when voice is used

    directory = resolve(options.model)
    return WhisperModel(
        str(directory),
        device="cpu",
        compute_type=options.compute_type,
        cpu_threads=options.threads,
        local_files_only=True,
    )


def _speech_only(samples: np.ndarray) -> np.ndarray:
    """The clip with its silences cut out (Silero VAD, bundled with faster-whisper)."""
    from faster_whisper.vad import VadOptions, collect_chunks, get_speech_timestamps

    chunks = get_speech_timestamps(samples, VadOptions(min_silence_duration_ms=1000))
    if not chunks:
        return samples[:0]
    pieces, _ = collect_chunks(samples, chunks)
    return np.concatenate(pieces)


class Transcriber:
    def __init__(
        self,
        options: WhisperOptions,
        *,
        load_model: Callable[[WhisperOptions], Any] = load_whisper,
    ) -> None:
        self.options = options
        self._load_model = load_model
        self._model: Any = None
        self.load_seconds: float | None = None
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="whisper")
        self._capacity = 1 + max(0, options.queue_size)
        self._pending = 0
        self._lock = threading.Lock()

    # ---------------------------------------------------------------- the queue

    @property
    def pending(self) -> int:
        """Clips running or waiting."""
        return self._pending

    def submit(self, data: bytes, *, language: str | None) -> "Future[Transcript]":
        """Queue a clip (encoded audio); VoiceBusy at once when the queue is full."""
        with self._lock:
            if self._pending >= self._capacity:
                raise VoiceBusy()
            self._pending += 1
        try:
            future = self._executor.submit(self._decode_and_transcribe, data, language)
        except BaseException:
            self._release()
            raise
        future.add_done_callback(lambda _: self._release())
        return future

    def _release(self) -> None:
        with self._lock:
            self._pending -= 1

    def warm_up(self) -> "Future[None]":
        """Load the model in the worker now rather than on the first clip."""
        return self._executor.submit(self._loaded)

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)

    # ---------------------------------------------------------------- in the worker thread

    def _loaded(self) -> Any:
        if self._model is None:
            started = time.perf_counter()
            self._model = self._load_model(self.options)
            self.load_seconds = time.perf_counter() - started
            log.info("Whisper model loaded in %.2f s", self.load_seconds)
        return self._model

    def _decode_and_transcribe(self, data: bytes, language: str | None) -> Transcript:
        clip = audio_mod.decode(data, max_seconds=self.options.max_seconds)
        if clip.is_silent:
            raise NoSpeech("silent clip")
        return self.transcribe_samples(clip.samples, language=language)

    def transcribe_samples(self, samples: np.ndarray, *, language: str | None) -> Transcript:
        """Transcribe 16 kHz mono samples; call it in the worker thread (or a benchmark).

        The language is detected among the three TijarIA answers in; `language` (fr, ar or
        en: the page's or the conversation's) is a hint, followed unless Whisper is nearly
        sure of another of the three (`hint_override`).
        """
        model = self._loaded()
        started = time.perf_counter()
        speech = _speech_only(samples) if self.options.vad else samples
        if len(speech) < SAMPLE_RATE // 10:
            raise NoSpeech("no speech detected")
        hint = language if language in LANGUAGES else None
        if self.options.trim_window and len(speech) <= SHORT_SPEECH_SECONDS * SAMPLE_RATE:
            decoded = self._short(model, speech, hint)
        else:
            decoded = self._long(model, speech, hint)
        speech_seconds = len(speech) / SAMPLE_RATE
        text = _unloop(decoded.text)
        looped = _loops(decoded.text)
        silent = decoded.no_speech_prob > 0.6 and decoded.avg_logprob < -1.0
        if silent and speech_seconds < SURE_SPEECH_SECONDS:
            # Whisper's own silence rule, where the voice activity detector heard little:
            # a cough, a click. Over that, the words are kept and the user asked.
            text = ""
        vocabulary_only = self.options.prompt and _only_vocabulary(text, decoded.language)
        if not text or (vocabulary_only and _echoes_prompt(text, decoded.language)):
            # Whisper repeats its prompt when it cannot make out the words: that is not
            # something the user said.
            raise NoSpeech("nothing recognised")
        return Transcript(
            text=text,
            language=decoded.language,
            language_probability=decoded.language_probability,
            seconds=len(samples) / SAMPLE_RATE,
            speech_seconds=speech_seconds,
            elapsed=time.perf_counter() - started,
            hint=hint,
            avg_logprob=decoded.avg_logprob,
            no_speech_prob=decoded.no_speech_prob,
            only_vocabulary=vocabulary_only,
            looped=looped,
        )

    def _prompt(self, model: Any, tokenizer: Any) -> list[int]:
        vocabulary = PROMPTS[tokenizer.language_code] if self.options.prompt else None
        previous = tokenizer.encode(" " + vocabulary) if vocabulary else []
        return model.get_prompt(tokenizer, previous, without_timestamps=True)

    def _short(self, model: Any, speech: np.ndarray, hint: str | None) -> _Decoded:
        """A question of a few seconds: one encoder pass over the speech, not over 30 s.

        Whisper's encoder always reads a 30-second window, padding with silence: for a 4 s
        question, 85 % of the work is spent on silence, far over the real-time budget on two
        cores. CTranslate2 accepts a shorter window (whisper.cpp calls it the audio context):
        here, the speech plus 3 s of silence. The same encoder output serves the language
        detection, so detecting (even with a hint) costs no second pass.
        """
        encoder_output = _encode_fitted(model, speech)
        probabilities = _detect(model, encoder_output)
        language, probability = _choose(probabilities, hint, self.options.hint_override)
        seconds = len(speech) / SAMPLE_RATE
        decoded = self._decode(model, encoder_output, seconds, language, probability)
        if hint is not None and language != hint:
            # Whisper is nearly sure it is not the hinted language, but it can be confidently
            # wrong (synthetic Arabic scores 0.99 English, and comes out transliterated):
            # the words decide. One more decoder pass, only when the hint was overruled.
            _, share = _choose(probabilities, hint, override=2.0)
            in_hint = self._decode(model, encoder_output, seconds, hint, share)
            if in_hint.avg_logprob > decoded.avg_logprob and not _loops(in_hint.text):
                decoded = in_hint
        return decoded

    def _decode(
        self, model: Any, encoder_output: Any, seconds: float, language: str, probability: float
    ) -> _Decoded:
        """The words in `language`, from the encoder output (the decoder's passes only)."""
        from faster_whisper.tokenizer import Tokenizer
        from faster_whisper.transcribe import get_suppressed_tokens

        tokenizer = Tokenizer(model.hf_tokenizer, True, task="transcribe", language=language)
        prompt = self._prompt(model, tokenizer)
        result = model.model.generate(
            encoder_output,
            [prompt],
            beam_size=self.options.beam_size,
            # A decoder stuck in a loop stops here rather than at 448 tokens.
            max_length=min(448, len(prompt) + int(MAX_TOKENS_PER_SECOND * seconds) + 16),
            return_scores=True,
            return_no_speech_prob=True,
            suppress_blank=True,
            suppress_tokens=list(get_suppressed_tokens(tokenizer, [-1])),
        )[0]
        tokens = [t for t in result.sequences_ids[0] if t < tokenizer.eot]
        # faster-whisper's avg_logprob: the score is length-normalised over tokens + <eot>.
        avg_logprob = result.scores[0] * len(tokens) / (len(tokens) + 1)
        return _Decoded(
            text=tokenizer.decode(tokens).strip(),
            language=language,
            language_probability=probability,
            avg_logprob=float(avg_logprob),
            no_speech_prob=float(result.no_speech_prob),
        )

    def _long(self, model: Any, speech: np.ndarray, hint: str | None) -> _Decoded:
        """Longer speech: faster-whisper's own loop over 30-second windows (the hint rule
        without the second reading: decoding a long clip twice costs too much)."""
        # Detected on the first seconds, in a fitted window: faster-whisper's own detection
        # would encode a whole 30 s window more, doubling the cost of a 40 s clip.
        head = _encode_fitted(model, speech[: SHORT_SPEECH_SECONDS * SAMPLE_RATE])
        probabilities = _detect(model, head)
        language, probability = _choose(probabilities, hint, self.options.hint_override)
        pieces, _ = model.transcribe(
            speech,
            language=language,
            beam_size=self.options.beam_size,
            # One pass at temperature 0: the fallback re-decodes (up to 6 times) cost more
            # than they fix on spoken questions.
            temperature=0.0,
            condition_on_previous_text=False,
            without_timestamps=True,
            initial_prompt=PROMPTS[language] if self.options.prompt else None,
            vad_filter=False,  # done already, once
        )
        segments = list(pieces)
        return _Decoded(
            text=" ".join(segment.text.strip() for segment in segments).strip(),
            language=language,
            language_probability=probability,
            # The least sure window speaks for the clip: one garbled sentence is enough to ask.
            avg_logprob=min((float(s.avg_logprob) for s in segments), default=0.0),
            no_speech_prob=max((float(s.no_speech_prob) for s in segments), default=0.0),
        )


def _encode_fitted(model: Any, speech: np.ndarray) -> Any:
    """Whisper's encoder over the speech plus WINDOW_PADDING_FRAMES of silence, not 30 s."""
    from faster_whisper.audio import pad_or_trim

    features = model.feature_extractor(speech)[:, :-1]
    frames = -(-(features.shape[-1] + WINDOW_PADDING_FRAMES) // 100) * 100
    return model.encode(pad_or_trim(features, min(frames, 3000)))


def _detect(model: Any, encoder_output: Any) -> list[tuple[str, float]]:
    """Whisper's language probabilities (one decoder step on the encoder output)."""
    return [(token[2:-2], p) for token, p in model.model.detect_language(encoder_output)[0]]


def _choose(
    probabilities: list[tuple[str, float]], hint: str | None, override: float
) -> tuple[str, float]:
    """The language to transcribe in, and its share of Whisper's fr/ar/en probabilities.

    Without a hint, the likeliest of the three: Whisper's own top pick can be any of its 99
    languages (synthetic or accented Arabic often comes out as something else entirely).
    With one, the hint, unless another language is nearly certain (`override`)."""
    scores = {code: p for code, p in probabilities if code in LANGUAGES}
    total = sum(scores.values())
    shares = {code: scores.get(code, 0.0) / total if total else 0.0 for code in LANGUAGES}
    best = max(LANGUAGES, key=lambda code: shares[code])
    if hint in LANGUAGES and shares[best] < override:
        best = str(hint)
    return best, float(shares[best])


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _terms(language: str) -> list[list[str]]:
    """The prompt's terms (what commas and colons separate), as lists of words."""
    return [_words(term) for term in re.split(r"[,:،.]", PROMPTS[language]) if _words(term)]


def _only_vocabulary(text: str, language: str) -> bool:
    vocabulary = {word for term in _terms(language) for word in term}
    words = _words(text)
    return bool(words) and all(word in vocabulary for word in words)


def _echoes_prompt(text: str, language: str) -> bool:
    """The text is a stretch of the prompt covering two terms or more ("PORTNET, portail
    Douane"): Whisper's prompt, not the user. One term alone ("mot de passe") may well be
    what was said: it is kept, and confirmed."""
    words = _words(text)
    sequence = [(word, index) for index, term in enumerate(_terms(language)) for word in term]
    for start in range(len(sequence) - len(words) + 1):
        stretch = sequence[start : start + len(words)]
        if [word for word, _ in stretch] == words and len({i for _, i in stretch}) >= 2:
            return True
    return False


# A piece of up to 12 characters said 4 times or more in a row, or a phrase of up to 40
# said 3 times: a decoding loop, not speech (unless it is only digits: "0000" or "12 12"
# may well be part of a file number; "1,7,2,1,7,2,…" is not).
_LOOP = re.compile(r"(.{1,12}?)\1{3,}|(.{13,40}?)\2{2,}", re.DOTALL)


def _loops(text: str) -> bool:
    return _unloop(text) != " ".join(text.split())


def _unloop(text: str) -> str:
    def once(match: re.Match[str]) -> str:
        piece = match.group(1) or match.group(2)
        return match.group(0) if piece.replace(" ", "").isdigit() else piece

    return " ".join(_LOOP.sub(once, text).split())


_shared: dict[WhisperOptions, Transcriber] = {}
_shared_lock = threading.Lock()


def shared(options: WhisperOptions) -> Transcriber:
    """One transcriber (one model in memory, one queue) per process and set of options."""
    with _shared_lock:
        transcriber = _shared.get(options)
        if transcriber is None:
            transcriber = _shared[options] = Transcriber(options)
        return transcriber
