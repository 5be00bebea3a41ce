"""The Whisper worker: one thread, a bounded queue, language hints; then the real model."""

import threading

import numpy as np
import pytest

from api.voice.audio import AudioTooLong, NoSpeech, UnreadableAudio
from api.voice.transcriber import (
    HINT_OVERRIDE,
    PROMPTS,
    Transcriber,
    Transcript,
    VoiceBusy,
    _choose,
    _unloop,
)
from tests.voice import speech
from tests.voice.conftest import Clips, FakeWhisper, fake_transcriber

# ---------------------------------------------------------------- with a stand-in model


def test_the_hint_is_passed_to_whisper_with_the_portal_vocabulary(
    clips: Clips, fake_whisper: FakeWhisper
) -> None:
    transcriber = fake_transcriber(fake_whisper)

    result = transcriber.submit(clips.get("fr_password"), language="fr").result(10)

    assert result.text == fake_whisper.text and result.language == "fr"
    # Whisper's own share for French among fr/ar/en: the hint settled it, not the audio.
    assert result.language_probability == pytest.approx(0.05 / 0.45)
    assert result.hint == "fr" and not result.doubtful
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
    assert result.language_probability == pytest.approx(0.3 / 0.45)
    # Two chances in three, with nothing to go by: the API will ask before answering.
    assert result.hint is None and result.doubtful


@pytest.mark.parametrize(
    ("probabilities", "hint", "expected"),
    [
        # French spoken with an accent, scored English: the page's French settles it.
        ([("en", 0.80), ("fr", 0.19), ("ar", 0.01)], "fr", ("fr", 0.19)),
        ([("en", 0.80), ("fr", 0.19), ("ar", 0.01)], None, ("en", 0.80)),
        # Arabic speech on a French page: Whisper is sure, the hint does not force French.
        ([("ar", 0.95), ("fr", 0.04), ("en", 0.01)], "fr", ("ar", 0.95)),
        # Only fr/ar/en count, and their shares are among the three.
        ([("ja", 0.5), ("ar", 0.4), ("fr", 0.1)], None, ("ar", 0.8)),
        ([("ja", 1.0)], "en", ("en", 0.0)),
        ([("ja", 1.0)], None, ("fr", 0.0)),
    ],
)
def test_the_hint_wins_unless_whisper_is_nearly_sure_of_another_language(
    probabilities: list[tuple[str, float]], hint: str | None, expected: tuple[str, float]
) -> None:
    language, probability = _choose(probabilities, hint, HINT_OVERRIDE)

    assert (language, probability) == (expected[0], pytest.approx(expected[1]))


def transcript(**fields: object) -> Transcript:
    sure: dict[str, object] = {
        "text": "Comment réinitialiser mon MFA ?",
        "language": "fr",
        "language_probability": 0.97,
        "seconds": 3.0,
        "speech_seconds": 2.5,
        "elapsed": 0.3,
        "hint": "fr",
        "avg_logprob": -0.3,
        "no_speech_prob": 0.01,
    }
    return Transcript(**{**sure, **fields})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("fields", "doubtful"),
    [
        ({}, False),
        # The hint was followed though the audio alone said something else: fine.
        ({"language_probability": 0.2}, False),
        ({"avg_logprob": -1.1}, True),
        ({"no_speech_prob": 0.5}, True),
        # No hint and no clear language: maybe French heard as English.
        ({"hint": None, "language": "en", "language_probability": 0.8}, True),
        ({"hint": None, "language_probability": 0.97}, False),
        ({"only_vocabulary": True}, True),
        ({"looped": True}, True),
    ],
)
def test_a_transcript_is_doubtful_when_whisper_is_unsure(
    fields: dict[str, object], doubtful: bool
) -> None:
    assert transcript(**fields).doubtful is doubtful


def test_low_confidence_words_are_kept_and_flagged(clips: Clips, fake_whisper: FakeWhisper) -> None:
    fake_whisper.text = "okay document for the computer subscribe"
    fake_whisper.avg_logprob = -1.2
    transcriber = fake_transcriber(fake_whisper)

    result = transcriber.submit(clips.get("fr_password"), language="fr").result(10)

    assert result.text == fake_whisper.text
    assert result.avg_logprob == -1.2 and result.doubtful


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
    result = transcriber.submit(clips.get("fr_password"), language="fr").result(10)
    assert result.text and not result.doubtful
    # One term of the vocabulary may be what was said: kept, but confirmed.
    fake_whisper.text = "Mot de passe ?"
    result = transcriber.submit(clips.get("fr_password"), language="fr").result(10)
    assert result.text == "Mot de passe ?" and result.only_vocabulary and result.doubtful


def test_decoding_loops_are_cut_but_numbers_kept() -> None:
    assert _unloop("كيف تتتتتتتتتتتتت") == "كيف ت"
    assert _unloop("nadi. nadi. nadi. nadi. nadi.") == "nadi. nadi."
    # A whole phrase said three times over (Whisper base on synthetic Arabic).
    assert _unloop("Aïa, aïe, d'où ? Aïa, aïe, d'où ? Aïa, aïe, d'où ? Aïa") == (
        "Aïa, aïe, d'où ? Aïa"
    )
    assert _unloop("mon RIB est 000000000 et mot de passe, mot de passe") == (
        "mon RIB est 000000000 et mot de passe, mot de passe"
    )
    assert _unloop("dossier 12 12 12 12 34") == "dossier 12 12 12 12 34"
    # Digits and commas going round: a loop (Whisper base on garbled French).
    assert _unloop("1,7,2,1,7,2,1,7,2,1,7,2,1,7,2") == "1,7,2,1,7,2"


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


@real_model
def test_a_hint_overruled_by_the_detection_still_gets_its_chance(
    whisper: Transcriber, clips: Clips
) -> None:
    # Synthetic Arabic that Whisper base is sure is English: left to the detection, it
    # comes out as English letters.
    detected = whisper.submit(clips.get("ar_thanks"), language=None).result(60)
    assert detected.language == "en", detected.text

    # On an Arabic page, the Arabic reading is decoded too, and its words are surer.
    result = whisper.submit(clips.get("ar_thanks"), language="ar").result(60)

    assert result.language == "ar" and "شكرا" in result.text, result.text
