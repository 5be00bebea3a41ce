"""POST /api/v1/voice: the clip is transcribed, then goes through the chat turn (stored first,
answered by Rasa); every refusal is a localized 4xx, a full queue a 503."""

import os
import threading
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from api.chat.models import ChatResponse
from api.config import Settings
from api.conversations.models import Conversation, Message
from api.language import detect_language
from api.main import create_app
from api.rasa_client import RasaClient
from api.voice.model_files import ModelUnavailable
from api.voice.transcriber import Transcriber, WhisperOptions
from tests.api.accounts_helpers import sign_in
from tests.api.conftest import ScriptedRasa
from tests.voice import speech
from tests.voice.conftest import Clips, FakeWhisper, fake_transcriber

CHAT_FIELDS = set(ChatResponse.model_fields)


def post(
    client: TestClient,
    audio: bytes | None,
    *,
    session_id: str | None = "voice-1",
    portal: str | None = "douane",
    lang: str | None = None,
    headers: dict[str, str] | None = None,
    **fields: str,
) -> Any:
    data = {"session_id": session_id, "portal": portal, "lang": lang, **fields}
    data = {key: value for key, value in data.items() if value is not None}
    files = (
        {"audio": ("voice.webm", audio, "audio/webm;codecs=opus")} if audio is not None else None
    )
    if files is None:
        # Still a multipart body, as the widget sends, only without the clip.
        files = {"other": ("note.txt", b"hello", "text/plain")}
    return client.post("/api/v1/voice", data=data, files=files, headers=headers or {})


def user_messages(client: TestClient) -> list[tuple[str, str]]:
    with client.app.state.session_factory() as db:
        return [
            (m.text, m.lang)
            for m in db.scalars(
                select(Message).where(Message.sender == "user").order_by(Message.seq)
            )
        ]


@pytest.fixture
def voice(client: TestClient, fake_whisper: FakeWhisper) -> Transcriber:
    """The app's transcriber, with a stand-in for Whisper: fast and says what we want."""
    transcriber = fake_transcriber(fake_whisper)
    client.app.state.transcriber = transcriber
    return transcriber


def error_of(response: Any) -> tuple[int, str, str]:
    body = response.json()
    assert set(body) == {"error"}, body
    return response.status_code, body["error"]["code"], body["error"]["message"]


# ---------------------------------------------------------------- the turn


def test_a_spoken_question_is_stored_then_answered_like_a_typed_one(
    client: TestClient,
    voice: Transcriber,
    fake_whisper: FakeWhisper,
    rasa: ScriptedRasa,
    clips: Clips,
) -> None:
    response = post(client, clips.get("fr_password"), lang="fr")

    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == CHAT_FIELDS | {"transcript", "needs_confirmation"}
    assert body["transcript"] == fake_whisper.text and body["needs_confirmation"] is False
    assert body["session_id"] == "voice-1" and body["lang"] == "fr"
    assert [m["text"] for m in body["messages"]] == ["Bonjour !"]
    # The transcript took the chat path: stored before Rasa was asked, then forwarded.
    assert rasa.stored_before_forward == [[fake_whisper.text]]
    assert rasa.received[0]["message"] == fake_whisper.text
    assert rasa.received[0]["metadata"]["portal"] == "douane"
    assert user_messages(client) == [(fake_whisper.text, "fr")]
    history = client.get("/api/v1/conversations/voice-1/messages").json()
    assert [m["text"] for m in history["messages"]] == [fake_whisper.text, "Bonjour !"]


def test_the_reply_language_follows_what_was_said(
    client: TestClient, voice: Transcriber, fake_whisper: FakeWhisper, clips: Clips
) -> None:
    fake_whisper.text = "كيف أغير كلمة المرور؟"

    body = post(client, clips.get("ar_password"), lang="ar").json()

    assert body["lang"] == "ar" and body["messages"][0]["text"] == "مرحبا!"


def test_a_retried_clip_with_the_same_client_message_id_is_stored_once(
    client: TestClient, voice: Transcriber, clips: Clips
) -> None:
    first = post(client, clips.get("en_password"), lang="en", client_message_id="m-voice-1")
    again = post(client, clips.get("en_password"), lang="en", client_message_id="m-voice-1")

    assert first.status_code == again.status_code == 200
    assert again.json()["messages"] == first.json()["messages"]
    assert len(user_messages(client)) == 1


# ---------------------------------------------------------------- the language hint


def test_the_lang_field_is_whispers_hint(
    client: TestClient, voice: Transcriber, fake_whisper: FakeWhisper, clips: Clips
) -> None:
    post(client, clips.get("en_password"), lang="en")

    assert fake_whisper.calls[-1]["language"] == "en"


def test_a_new_conversation_without_lang_is_detected(
    client: TestClient, voice: Transcriber, fake_whisper: FakeWhisper, clips: Clips
) -> None:
    post(client, clips.get("ar_password"))

    # FakeWhisper's detection ranks Arabic first of fr/ar/en.
    assert fake_whisper.calls[-1]["language"] == "ar"


def test_the_stored_conversation_language_is_the_hint(
    client: TestClient, voice: Transcriber, fake_whisper: FakeWhisper, clips: Clips
) -> None:
    typed = client.post(
        "/api/v1/chat",
        json={"session_id": "voice-1", "message": "Hello, how do I change my password?"},
    )
    assert typed.json()["lang"] == "en"

    post(client, clips.get("en_password"))

    assert fake_whisper.calls[-1]["language"] == "en"


def test_the_pages_language_is_the_hint_of_a_new_conversation(
    client: TestClient, voice: Transcriber, fake_whisper: FakeWhisper, clips: Clips
) -> None:
    # The widget sends lang="" until the conversation has a language, and its page's
    # data-lang as Accept-Language. Whisper scores this French as English.
    fake_whisper.probabilities = [("en", 0.8), ("fr", 0.19), ("ar", 0.01)]

    response = post(client, clips.get("fr_password"), lang="", headers={"Accept-Language": "fr"})

    assert fake_whisper.calls[-1]["language"] == "fr"
    assert response.json()["lang"] == "fr"


def test_the_conversations_language_wins_over_the_pages(
    client: TestClient, voice: Transcriber, fake_whisper: FakeWhisper, clips: Clips
) -> None:
    client.post(
        "/api/v1/chat",
        json={"session_id": "voice-1", "message": "Hello, how do I change my password?"},
    )

    post(client, clips.get("en_password"), headers={"Accept-Language": "fr-MA,fr;q=0.9"})

    assert fake_whisper.calls[-1]["language"] == "en"


def test_after_darija_the_language_is_detected_not_forced(
    client: TestClient, voice: Transcriber, fake_whisper: FakeWhisper, clips: Clips
) -> None:
    typed = client.post(
        "/api/v1/chat",
        json={"session_id": "voice-1", "message": "salam, bghit nbddel lmot de passe dyali"},
    )
    assert typed.json()["lang"] == "fr"  # Darija is answered in French…

    post(client, clips.get("ar_password"), lang="fr")

    # …but French is not forced on Whisper: the speaker may well speak Arabic.
    assert fake_whisper.calls[-1]["language"] == "ar"


# ---------------------------------------------------------------- low confidence: ask first


def doubtful_clip(fake_whisper: FakeWhisper) -> None:
    """Whisper unsure of its words: the French question of issue 10, heard as English."""
    fake_whisper.text = "Okay, document for the computer, subscribe"
    fake_whisper.avg_logprob = -1.2


def test_a_doubtful_transcript_is_shown_and_confirmed_not_answered(
    client: TestClient,
    voice: Transcriber,
    fake_whisper: FakeWhisper,
    rasa: ScriptedRasa,
    clips: Clips,
) -> None:
    doubtful_clip(fake_whisper)

    response = post(client, clips.get("fr_password"), lang="fr", client_message_id="v-1")

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["needs_confirmation"] is True and body["transcript"] == fake_whisper.text
    [question] = body["messages"]
    assert question["text"] == (
        "J'ai compris : « Okay, document for the computer, subscribe ». C'est bien votre question ?"
    )
    assert question["buttons"] == [
        {"title": "Oui", "payload": fake_whisper.text},
        {"title": "Non, je réessaie", "payload": "/voice_retry"},
    ]
    assert body["lang"] == "fr"
    # The turn did not run, yet nothing the user sent is lost: the transcript is stored.
    assert rasa.received == []
    assert user_messages(client) == [(fake_whisper.text, "fr")]
    history = client.get("/api/v1/conversations/voice-1/messages").json()["messages"]
    assert [(m["sender"], m["text"]) for m in history] == [
        ("user", fake_whisper.text),
        ("bot", question["text"]),
    ]
    # The same clip again (its answer lost on the way): the same question, stored once.
    again = post(client, clips.get("fr_password"), lang="fr", client_message_id="v-1")
    assert again.json()["messages"] == body["messages"]
    assert len(user_messages(client)) == 1 and rasa.received == []


def test_yes_sends_what_was_heard_through_the_chat_turn(
    client: TestClient,
    voice: Transcriber,
    fake_whisper: FakeWhisper,
    rasa: ScriptedRasa,
    clips: Clips,
) -> None:
    doubtful_clip(fake_whisper)
    body = post(client, clips.get("en_password"), lang="en").json()
    yes = body["messages"][0]["buttons"][0]
    assert yes["title"] == "Yes"

    # What the widget does with a button: its payload as a message, in the response's lang.
    answer = client.post(
        "/api/v1/chat",
        json={"session_id": "voice-1", "message": yes["payload"], "lang": body["lang"]},
    )

    assert answer.status_code == 200
    assert [r["message"] for r in rasa.received] == [fake_whisper.text]
    assert answer.json()["messages"][0]["text"] == "Hello!"


def test_no_asks_to_try_again_without_bothering_rasa(
    client: TestClient,
    voice: Transcriber,
    fake_whisper: FakeWhisper,
    rasa: ScriptedRasa,
    clips: Clips,
) -> None:
    doubtful_clip(fake_whisper)
    fake_whisper.text = "كيف تغيير الكلمة"
    body = post(client, clips.get("ar_password"), lang="ar").json()
    no = body["messages"][0]["buttons"][1]
    assert no["title"] == "لا، سأعيد المحاولة"

    answer = client.post(
        "/api/v1/chat",
        json={"session_id": "voice-1", "message": no["payload"], "lang": body["lang"]},
    )

    assert answer.status_code == 200
    assert answer.json()["messages"][0]["text"].startswith("حسنًا. اضغط على الميكروفون")
    # Rasa never saw the payload: inside a form it would have read it as an answer.
    assert rasa.received == []


def test_a_sure_transcript_is_answered_at_once(
    client: TestClient,
    voice: Transcriber,
    fake_whisper: FakeWhisper,
    rasa: ScriptedRasa,
    clips: Clips,
) -> None:
    fake_whisper.avg_logprob = -0.4

    body = post(client, clips.get("fr_password"), lang="fr").json()

    assert body["needs_confirmation"] is False and len(rasa.received) == 1


# ---------------------------------------------------------------- refusals


def test_missing_or_malformed_fields_are_localized_422s(
    client: TestClient, voice: Transcriber, clips: Clips
) -> None:
    clip = clips.get("en_password")

    assert error_of(post(client, clip, session_id=None))[:2] == (422, "invalid_session_id")
    assert error_of(post(client, clip, session_id="bad id!"))[:2] == (422, "invalid_session_id")
    assert error_of(post(client, clip, portal="nowhere"))[:2] == (422, "unknown_portal")
    status, code, message = error_of(post(client, None, lang="ar"))
    assert (status, code) == (422, "missing_audio") and message.startswith("لم يُستلم أي تسجيل")
    assert user_messages(client) == []


def test_a_missing_portal_means_pmpce(
    client: TestClient, voice: Transcriber, rasa: ScriptedRasa, clips: Clips
) -> None:
    assert post(client, clips.get("en_password"), portal=None, lang="en").status_code == 200
    assert rasa.received[0]["metadata"]["portal"] == "pmpce"


def test_garbage_is_unreadable_audio_in_the_users_language(
    client: TestClient, voice: Transcriber
) -> None:
    status, code, message = error_of(post(client, os.urandom(4000), lang="ar"))

    assert (status, code) == (415, "audio_unreadable")
    assert message.startswith("تعذّرت قراءة")
    assert user_messages(client) == []


@pytest.mark.parametrize("samples", [speech.silence(3), speech.tone(3)], ids=["silence", "tone"])
def test_no_speech_is_a_422_in_the_accept_language(
    client: TestClient, voice: Transcriber, fake_whisper: FakeWhisper, samples: Any
) -> None:
    response = post(
        client, speech.encode(samples, 16_000, "webm"), headers={"Accept-Language": "en-GB"}
    )

    status, code, message = error_of(response)
    assert (status, code) == (422, "no_speech")
    assert message.startswith("I did not hear any speech")
    assert fake_whisper.calls == [] and user_messages(client) == []


def test_an_empty_clip_is_no_speech(client: TestClient, voice: Transcriber) -> None:
    assert error_of(post(client, b"", lang="en"))[:2] == (422, "no_speech")


def test_a_clip_over_60_seconds_is_refused(client: TestClient, voice: Transcriber) -> None:
    long_clip = speech.encode(speech.tone(65), 16_000, "webm")
    assert len(long_clip) < 5 * 1024 * 1024

    status, code, message = error_of(post(client, long_clip, lang="fr"))

    assert (status, code) == (422, "audio_too_long")
    assert "60 secondes" in message


def test_a_clip_over_5_mb_is_refused_with_413(client: TestClient, voice: Transcriber) -> None:
    big = os.urandom(5 * 1024 * 1024 + 1)

    status, code, message = error_of(post(client, big, lang="en"))

    assert (status, code) == (413, "audio_too_large") and "5 MB" in message


def test_an_oversized_body_is_refused_from_its_content_length(
    client: TestClient, voice: Transcriber
) -> None:
    response = client.post(
        "/api/v1/voice",
        content=b"x" * 1000,
        headers={
            "Content-Type": "multipart/form-data; boundary=xyz",
            "Content-Length": str(6 * 1024 * 1024),
            "Accept-Language": "ar",
        },
    )

    status, code, message = error_of(response)
    assert (status, code) == (413, "audio_too_large") and "ميغابايت" in message


def test_the_limits_come_from_the_settings(
    client: TestClient, voice: Transcriber, clips: Clips
) -> None:
    client.app.state.settings.voice_max_bytes = 10_000

    status, code, message = error_of(post(client, os.urandom(20_000), lang="fr"))

    assert (status, code) == (413, "audio_too_large") and "1 Mo" in message


def test_a_transcript_longer_than_a_message_may_be_is_a_422_not_a_500(
    client: TestClient, voice: Transcriber, fake_whisper: FakeWhisper, clips: Clips
) -> None:
    # (Not one phrase over and over: that is a decoding loop, and cut.)
    fake_whisper.text = " ".join(f"la question numéro {n} sur le portail" for n in range(80))

    assert error_of(post(client, clips.get("fr_password"), lang="fr"))[:2] == (
        422,
        "message_too_long",
    )


def test_someone_elses_conversation_is_not_found(
    client: TestClient, voice: Transcriber, fake_whisper: FakeWhisper, clips: Clips
) -> None:
    with client.app.state.session_factory() as db:
        db.add(
            Conversation(session_id="voice-1", portal="douane", lang="fr", user_id="someone-else")
        )
        db.commit()

    assert error_of(post(client, clips.get("fr_password")))[:2] == (404, "conversation_not_found")
    assert fake_whisper.calls == []


# ---------------------------------------------------------------- capacity and availability


def test_a_full_queue_answers_503_voice_busy(
    client: TestClient, fake_whisper: FakeWhisper, clips: Clips
) -> None:
    fake_whisper.gate = threading.Event()
    transcriber = fake_transcriber(fake_whisper, queue_size=1)
    client.app.state.transcriber = transcriber
    clip = clips.get("en_password")
    running = [transcriber.submit(clip, language="en") for _ in range(2)]  # 1 running + 1 waiting
    assert fake_whisper.started.wait(10)

    status, code, message = error_of(post(client, clip, lang="fr"))

    assert (status, code) == (503, "voice_busy") and "Réessayez dans un instant" in message
    fake_whisper.gate.set()
    for future in running:
        future.result(10)
    assert post(client, clip, lang="en").status_code == 200


def test_a_model_that_cannot_load_is_503_voice_unavailable(
    client: TestClient, clips: Clips
) -> None:
    def broken(_options: WhisperOptions) -> Any:
        raise ModelUnavailable("model.bin does not match")

    client.app.state.transcriber = Transcriber(WhisperOptions(), load_model=broken)

    status, code, message = error_of(post(client, clips.get("en_password"), lang="en"))

    assert (status, code) == (503, "voice_unavailable") and "Type your question" in message


def test_voice_can_be_switched_off(client: TestClient, voice: Transcriber, clips: Clips) -> None:
    assert client.get("/api/v1/widget/config").json()["voice"] is True
    client.app.state.settings.voice_enabled = False

    assert error_of(post(client, clips.get("en_password")))[:2] == (503, "voice_unavailable")
    assert client.get("/api/v1/widget/config").json()["voice"] is False


def test_the_route_is_documented_as_multipart(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    operation = spec["paths"]["/api/v1/voice"]["post"]
    schema = operation["requestBody"]["content"]["multipart/form-data"]["schema"]

    assert schema["required"] == ["audio", "session_id"]
    assert set(schema["properties"]) >= {"audio", "session_id", "portal", "lang"}
    answer = spec["components"]["schemas"]["VoiceResponse"]["properties"]
    assert set(answer) == CHAT_FIELDS | {"transcript", "needs_confirmation"}


# ---------------------------------------------------------------- the real model (slow)


@pytest.mark.e2e  # Whisper base on the CPU: kept out of `make test-fast`
def test_the_real_whisper_transcript_is_what_gets_stored_and_answered(
    client: TestClient, whisper: Transcriber, rasa: ScriptedRasa, clips: Clips
) -> None:
    response = post(client, clips.get("fr_password", "webm"), lang="fr")

    assert response.status_code == 200, response.text
    transcript = response.json()["transcript"]
    assert "mot de passe" in transcript.lower()
    assert rasa.stored_before_forward == [[transcript]]
    assert user_messages(client) == [(transcript, "fr")]


@pytest.mark.e2e
def test_the_real_whisper_hears_french_on_a_french_page_not_english(
    client: TestClient, whisper: Transcriber, rasa: ScriptedRasa, clips: Clips
) -> None:
    # A new conversation: the widget sends lang="" and its page's data-lang as
    # Accept-Language. Without that hint, Whisper base hears this clip as English.
    response = post(client, clips.get("fr_documents"), lang="", headers={"Accept-Language": "fr"})

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["lang"] == "fr"
    [(text, lang)] = user_messages(client)
    assert lang == "fr" and text == body["transcript"]
    # Whisper base garbles espeak's French words, but they are French ones now.
    assert detect_language(text) != "en", text


@pytest.mark.e2e
def test_the_real_whisper_unsure_of_a_garbled_clip_asks_before_answering(
    client: TestClient, whisper: Transcriber, rasa: ScriptedRasa, clips: Clips
) -> None:
    # Speech played backwards: it sounds like speech, and means nothing.
    samples, rate = speech.read_samples(clips.get("fr_password", "wav"))
    garbled = speech.encode(samples[::-1].copy(), rate, "webm")

    response = post(client, garbled, lang="fr")

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["needs_confirmation"] is True
    [question] = body["messages"]
    assert question["text"].startswith("J'ai compris : « ")
    assert [b["title"] for b in question["buttons"]] == ["Oui", "Non, je réessaie"]
    assert question["buttons"][0]["payload"] == body["transcript"]
    assert rasa.received == []
    assert user_messages(client) == [(body["transcript"], "fr")]


# ---------------------------------------------------------------- keys and limits, as typed


def test_signing_in_keeps_the_anonymous_voice_conversation_only_with_its_key(
    client: TestClient, voice: Transcriber, clips: Clips
) -> None:
    assert post(client, clips.get("fr_password"), lang="fr").status_code == 200
    user = sign_in(client, "voice.operateur")
    signed_in = {"Authorization": f"Bearer {user.token}"}
    key = client.cookies["tijaria_key"]

    client.cookies.clear()
    stranger = post(client, clips.get("fr_password"), lang="fr", headers=signed_in)
    assert error_of(stranger)[:2] == (404, "conversation_not_found")

    owner = post(
        client,
        clips.get("fr_password"),
        lang="fr",
        headers={**signed_in, "X-Conversation-Key": key},
    )
    assert owner.status_code == 200, owner.text
    with client.app.state.session_factory() as db:
        conversation = db.scalars(select(Conversation)).one()
        assert conversation.user_id is not None


def test_clips_count_against_the_chat_limit_before_whisper_runs(
    settings: Settings, rasa: ScriptedRasa, fake_whisper: FakeWhisper, clips: Clips
) -> None:
    limited = settings.model_copy(update={"chat_per_session_minute": 2})
    app = create_app(
        limited, rasa=RasaClient(limited.rasa_url, transport=httpx.MockTransport(rasa.handle))
    )
    with TestClient(app) as client:
        client.app.state.transcriber = fake_transcriber(fake_whisper)
        for _ in range(2):
            assert post(client, clips.get("fr_password"), lang="fr").status_code == 200
        calls = len(fake_whisper.calls)

        refused = post(client, clips.get("fr_password"), lang="fr")

    assert error_of(refused)[:2] == (429, "too_many_messages")
    assert "Retry-After" in refused.headers
    assert len(fake_whisper.calls) == calls


# ---------------------------------------------------------------- routing by state


def set_state(client: TestClient, session_id: str, state: str) -> None:
    with client.app.state.session_factory() as db:
        conversation = db.scalar(select(Conversation).where(Conversation.session_id == session_id))
        assert conversation is not None
        conversation.state = state
        db.commit()


@pytest.mark.parametrize("doubtful", [False, True])
def test_a_clip_in_a_conversation_with_a_human_agent_is_stored_not_answered(
    client: TestClient,
    voice: Transcriber,
    fake_whisper: FakeWhisper,
    rasa: ScriptedRasa,
    clips: Clips,
    doubtful: bool,
) -> None:
    post(client, clips.get("fr_password"), lang="fr")
    set_state(client, "voice-1", "agent")
    if doubtful:
        # Unsure of what it heard, the bot would ask; the agent reads it instead.
        doubtful_clip(fake_whisper)

    response = post(client, clips.get("fr_password"), lang="fr")

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["messages"] == [] and body["handoff"] == {"state": "active"}
    assert body["needs_confirmation"] is False
    assert len(rasa.received) == 1
    assert len(user_messages(client)) == 2


def test_a_clip_in_a_closed_conversation_is_answered_by_the_bot_again(
    client: TestClient, voice: Transcriber, rasa: ScriptedRasa, clips: Clips
) -> None:
    post(client, clips.get("fr_password"), lang="fr")
    set_state(client, "voice-1", "closed")

    body = post(client, clips.get("fr_password"), lang="fr").json()

    assert [m["text"] for m in body["messages"]] == ["Bonjour !"]
    assert body["handoff"] == {"state": "none"} and len(rasa.received) == 2
