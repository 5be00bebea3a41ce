"""A spoken question through the real stack: Whisper in the API process, then Rasa, the
action server and the knowledge base answer it with the right guide article."""

from pathlib import Path

import httpx
import pytest

from api.language import detect_language
from tests.e2e.conftest import RunningTijaria
from tests.voice import speech

pytestmark = pytest.mark.e2e

QUESTION = "Je veux modifier mon mot de passe sur le portail Douane."


@pytest.fixture(scope="module")
def spoken_question(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The question as Chromium would upload it: espeak-ng's voice in webm/opus."""
    if not speech.have_espeak():
        pytest.skip("skipped: no espeak-ng (`make browser` installs it)")
    wav = speech.speak(QUESTION, "fr", tmp_path_factory.mktemp("e2e-voice") / "question.wav")
    samples, rate = speech.read_samples(wav)
    return speech.encode(samples, rate, "webm")


def post_voice(
    tijaria: RunningTijaria,
    session_id: str,
    audio: bytes,
    headers: dict[str, str] | None = None,
    **fields: str,
) -> httpx.Response:
    return httpx.post(
        f"{tijaria.api_url}/api/v1/voice",
        data={"session_id": session_id, "portal": "douane", **fields},
        files={"audio": ("voice.webm", audio, "audio/webm;codecs=opus")},
        headers=headers or {},
        # The first clip also loads Whisper in the API process.
        timeout=60,
    )


def spoken(text: str, directory: Path, *, reverse: bool = False) -> bytes:
    if not speech.have_espeak():
        pytest.skip("skipped: no espeak-ng (`make browser` installs it)")
    samples, rate = speech.read_samples(speech.speak(text, "fr", directory / "clip.wav", wpm=140))
    return speech.encode(samples[::-1].copy() if reverse else samples, rate, "webm")


def test_a_spoken_french_question_is_answered_from_the_guides(
    tijaria: RunningTijaria, spoken_question: bytes
) -> None:
    response = post_voice(tijaria, "e2e-voice-fr", spoken_question, lang="fr")

    assert response.status_code == 200, response.text
    body = response.json()
    assert "mot de passe" in body["transcript"].lower()
    assert body["lang"] == "fr"
    [answer] = body["messages"]
    assert "mot de passe" in answer["text"].lower()
    [source] = answer["sources"]
    assert "mot de passe" in source["title"].lower(), source
    assert source["guide"] and source["section"] and source["url"]
    # Stored like a typed message: the transcript, then the answer.
    messages = httpx.get(f"{tijaria.api_url}/api/v1/conversations/e2e-voice-fr/messages").json()
    assert [(m["sender"], m["text"]) for m in messages["messages"]] == [
        ("user", body["transcript"]),
        ("bot", answer["text"]),
    ]


def test_the_language_is_detected_when_the_conversation_has_none(
    tijaria: RunningTijaria, spoken_question: bytes
) -> None:
    response = post_voice(tijaria, "e2e-voice-detect", spoken_question)

    assert response.status_code == 200, response.text
    assert response.json()["lang"] == "fr"
    assert "mot de passe" in response.json()["transcript"].lower()


def test_garbage_gets_a_clear_error_not_a_500(tijaria: RunningTijaria) -> None:
    response = post_voice(tijaria, "e2e-voice-bad", b"\x00not audio" * 100, lang="ar")

    assert response.status_code == 415
    assert response.json()["error"]["code"] == "audio_unreadable"
    assert response.json()["error"]["message"].startswith("تعذّرت قراءة")


def test_on_a_french_page_french_speech_is_heard_as_french(
    tijaria: RunningTijaria, tmp_path: Path
) -> None:
    # The question of issue 10 §5, heard as English when nothing hinted French. A new
    # conversation: the widget sends lang="" and its page's data-lang as Accept-Language.
    clip = spoken("Quels documents faut-il pour la souscription à la douane ?", tmp_path)

    response = post_voice(tijaria, "e2e-voice-page", clip, {"Accept-Language": "fr"}, lang="")

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["lang"] == "fr"
    assert detect_language(body["transcript"]) != "en", body["transcript"]


def test_a_garbled_clip_is_confirmed_before_rasa_answers_it(
    tijaria: RunningTijaria, tmp_path: Path
) -> None:
    # Speech played backwards: speech to the ear, nothing Whisper can be sure of.
    clip = spoken(QUESTION, tmp_path, reverse=True)

    response = post_voice(tijaria, "e2e-voice-doubt", clip, lang="fr")

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["needs_confirmation"] is True
    [question] = body["messages"]
    assert question["text"].startswith("J'ai compris")
    yes, no = question["buttons"]
    assert (yes["title"], yes["payload"]) == ("Oui", body["transcript"])
    assert no["title"] == "Non, je réessaie"
    # « Oui », as the widget sends a button: its payload, in the response's language.
    answer = httpx.post(
        f"{tijaria.api_url}/api/v1/chat",
        json={
            "session_id": "e2e-voice-doubt",
            "message": yes["payload"],
            "portal": "douane",
            "lang": body["lang"],
        },
        timeout=30,
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["messages"], "Rasa answered the confirmed transcript"
    history = httpx.get(f"{tijaria.api_url}/api/v1/conversations/e2e-voice-doubt/messages")
    senders = [(m["sender"], m["text"]) for m in history.json()["messages"]]
    assert senders[:3] == [
        ("user", body["transcript"]),
        ("bot", question["text"]),
        ("user", body["transcript"]),
    ]
