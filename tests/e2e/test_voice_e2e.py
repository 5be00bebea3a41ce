"""A spoken question through the real stack: Whisper in the API process, then Rasa, the
action server and the knowledge base answer it with the right guide article."""

import httpx
import pytest

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
    tijaria: RunningTijaria, session_id: str, audio: bytes, **fields: str
) -> httpx.Response:
    return httpx.post(
        f"{tijaria.api_url}/api/v1/voice",
        data={"session_id": session_id, "portal": "douane", **fields},
        files={"audio": ("voice.webm", audio, "audio/webm;codecs=opus")},
        # The first clip also loads Whisper in the API process.
        timeout=60,
    )


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
