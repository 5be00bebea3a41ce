import httpx
import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import ScriptedRasa


def chat(client: TestClient, message: str, **extra: object) -> httpx.Response:
    return client.post("/api/v1/chat", json={"session_id": "s-1", "message": message, **extra})


def test_reply_follows_the_chat_contract(client: TestClient) -> None:
    response = chat(client, "bonjour", portal="douane")

    assert response.status_code == 200
    body = response.json()
    assert body["session_id"] == "s-1"
    assert body["lang"] == "fr"
    assert body["handoff"] == {"state": "none"}
    [message] = body["messages"]
    assert message["text"] == "Bonjour !"
    assert message["buttons"] == [] and message["sources"] == []
    assert len(message["id"]) == 32


def test_user_message_is_stored_before_rasa_is_asked(
    client: TestClient, rasa: ScriptedRasa
) -> None:
    chat(client, "bonjour")

    assert rasa.stored_before_forward == [["bonjour"]]


@pytest.mark.parametrize(
    ("message", "detected", "reply_lang"),
    [
        ("bonjour", "fr", "fr"),
        ("hello there", "en", "en"),
        ("مرحبا", "ar", "ar"),
        ("salam labas", "darija", "fr"),
    ],
)
def test_language_is_detected_stored_and_passed_to_rasa(
    client: TestClient, rasa: ScriptedRasa, message: str, detected: str, reply_lang: str
) -> None:
    body = chat(client, message, portal="mic").json()

    assert body["lang"] == reply_lang
    metadata = rasa.received[-1]["metadata"]
    assert metadata == {
        "portal": "mic",
        "language": reply_lang,
        "detected_language": detected,
        "user": None,
        "support_phone": "+212 520 47 31 00",
    }
    transcript = client.get("/api/v1/conversations/s-1/messages").json()
    assert [m["lang"] for m in transcript["messages"]] == [detected, reply_lang]


def test_a_button_payload_keeps_the_conversation_language(
    client: TestClient, rasa: ScriptedRasa
) -> None:
    chat(client, "مرحبا")

    body = chat(client, '/choose_article{"article_id":"rnoce-bank-account"}').json()

    assert body["lang"] == "ar"
    assert rasa.received[-1]["metadata"]["language"] == "ar"


def test_a_choice_button_clicked_keeps_the_conversation_language(
    client: TestClient, rasa: ScriptedRasa
) -> None:
    """« Confirm » alone reads as French to a detector; clicked under an English question,
    it is English. Typed anywhere else, it is detected as usual."""
    rasa.reply = lambda body: [
        {"text": "Confirm?", "buttons": [{"title": "Confirm", "payload": "Confirm"}]}
    ]
    assert chat(client, "I want to file a complaint please").json()["lang"] == "en"

    assert chat(client, "Confirm").json()["lang"] == "en"
    assert rasa.received[-1]["metadata"]["language"] == "en"
    rasa.reply = lambda body: [{"text": "Ok."}]
    chat(client, "Confirm")  # no button under the last answer now
    assert chat(client, "Bonjour, je voudrais de l'aide").json()["lang"] == "fr"


def test_explicit_lang_wins_over_detection(client: TestClient, rasa: ScriptedRasa) -> None:
    body = chat(client, "bonjour", lang="en").json()

    assert body["lang"] == "en"
    assert rasa.received[-1]["metadata"]["language"] == "en"


def test_buttons_and_sources_from_rasa_reach_the_user(
    client: TestClient, rasa: ScriptedRasa
) -> None:
    source = {
        "title": "Changer le mot de passe",
        "guide": "portail-douane",
        "section": "III.A",
        "url": "",
    }
    rasa.reply = lambda body: [
        {
            "text": "Voici la réponse",
            "buttons": [{"title": "Oui", "payload": "/affirm"}],
            "custom": {"sources": [source]},
        },
        {"custom": {"unrelated": True}},
    ]

    [message] = chat(client, "mot de passe").json()["messages"]

    assert message["buttons"] == [{"title": "Oui", "payload": "/affirm"}]
    assert message["sources"] == [source]


def test_sources_sent_as_a_separate_custom_message_join_their_text(
    client: TestClient, rasa: ScriptedRasa
) -> None:
    source = {"title": "RIB", "guide": "RNOCE", "section": "Compte bancaire", "url": ""}
    rasa.reply = lambda body: [
        {"recipient_id": "s-1", "text": "Le RIB compte 24 chiffres."},
        {"recipient_id": "s-1", "custom": {"sources": [source]}},
    ]

    [message] = chat(client, "RIB ?").json()["messages"]

    assert message["text"] == "Le RIB compte 24 chiffres."
    assert message["sources"] == [source]


def test_a_text_sent_as_custom_json_stays_one_message(
    client: TestClient, rasa: ScriptedRasa
) -> None:
    rasa.reply = lambda body: [
        {"custom": {"text": "**Titre**\n\nParagraphe 1\n\nParagraphe 2", "sources": []}}
    ]

    [message] = chat(client, "question").json()["messages"]

    assert message["text"] == "**Titre**\n\nParagraphe 1\n\nParagraphe 2"


def test_transcript_holds_every_message_in_order(client: TestClient) -> None:
    for text in ("bonjour", "hello", "مرحبا"):
        chat(client, text)

    transcript = client.get("/api/v1/conversations/s-1/messages").json()

    assert [(m["sender"], m["text"]) for m in transcript["messages"]] == [
        ("user", "bonjour"),
        ("bot", "Bonjour !"),
        ("user", "hello"),
        ("bot", "Hello!"),
        ("user", "مرحبا"),
        ("bot", "مرحبا!"),
    ]
    bot_replies = transcript["messages"][1::2]
    user_ids = [m["id"] for m in transcript["messages"][0::2]]
    assert [m["reply_to"] for m in bot_replies] == user_ids


def test_unknown_conversation_is_a_localized_404(client: TestClient) -> None:
    response = client.get(
        "/api/v1/conversations/nobody/messages", headers={"Accept-Language": "en"}
    )

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "conversation_not_found"
    assert response.json()["error"]["message"].startswith("No conversation")


def test_retried_message_is_stored_and_answered_once(
    client: TestClient, rasa: ScriptedRasa
) -> None:
    first = chat(client, "bonjour", metadata={"client_message_id": "c-1"}).json()
    again = chat(client, "bonjour", metadata={"client_message_id": "c-1"}).json()

    assert again["messages"] == first["messages"]
    assert len(rasa.received) == 1
    transcript = client.get("/api/v1/conversations/s-1/messages").json()
    assert len(transcript["messages"]) == 2


@pytest.mark.parametrize(
    ("failure", "lang", "message", "expected"),
    [
        (httpx.ReadTimeout("slow"), "fr", "bonjour", "partiellement indisponible"),
        (httpx.ConnectError("refused"), "en", "hello", "partly unavailable"),
        (httpx.ConnectError("refused"), "ar", "مرحبا", "غير متاح جزئيًا"),
    ],
)
def test_degraded_mode_answers_in_the_users_language_and_keeps_the_message(
    client: TestClient,
    rasa: ScriptedRasa,
    failure: Exception,
    lang: str,
    message: str,
    expected: str,
) -> None:
    rasa.fail_with = failure

    response = chat(client, message)

    assert response.status_code == 200
    body = response.json()
    assert body["lang"] == lang
    [reply] = body["messages"]
    assert expected in reply["text"]
    assert "+212 520 47 31 00" in reply["text"]
    transcript = client.get("/api/v1/conversations/s-1/messages").json()["messages"]
    assert (transcript[0]["sender"], transcript[0]["text"]) == ("user", message)
    assert transcript[1]["degraded"] is True


def test_rasa_answering_garbage_is_degraded_mode_too(
    client: TestClient, rasa: ScriptedRasa
) -> None:
    rasa.reply = lambda body: {"not": "a list"}  # type: ignore[assignment,return-value]

    [reply] = chat(client, "bonjour").json()["messages"]

    assert "partiellement indisponible" in reply["text"]


def test_degraded_mode_still_answers_questions_from_the_guides(
    client: TestClient, rasa: ScriptedRasa
) -> None:
    rasa.fail_with = httpx.ConnectError("refused")

    body = chat(
        client, "How do I change my password on the customs portal?", portal="douane"
    ).json()

    notice, answer = body["messages"]
    assert "partly unavailable" in notice["text"]
    assert "password" in answer["text"].lower()
    [source] = answer["sources"]
    assert source["guide"] and source["section"]
    assert source["url"].startswith("/api/v1/knowledge/articles/")
