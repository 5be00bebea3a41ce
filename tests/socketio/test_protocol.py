"""Rasa's socket.io channel protocol, as rasa-webchat speaks it, against the core."""

import asyncio
import uuid
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from api import i18n
from api.conversations.models import Conversation, Message
from api.conversations.service import new_session_id
from tests.api.accounts_helpers import sign_in
from tests.socketio.conftest import (
    ARTICLE,
    PORTAL_BUTTONS,
    Core,
    Webchat,
    core_settings,
    start_core,
)


def stored(core: Core, session_id: str) -> list[tuple[str, str]]:
    with core.app.state.session_factory() as db:
        conversation = db.scalar(select(Conversation).where(Conversation.session_id == session_id))
        if conversation is None:
            return []
        rows = db.scalars(
            select(Message)
            .where(Message.conversation_id == conversation.id)
            .order_by(Message.created_at, Message.id)
        )
        return [(m.sender, m.text) for m in rows]


def test_session_request_is_confirmed_and_reused_across_page_loads(core: Core) -> None:
    async def scenario() -> None:
        first = Webchat()
        # A first visit: rasa-webchat has no session id yet.
        session_id = await first.open(core.url, None)
        assert session_id.startswith("tj-") and len(session_id) > 16
        await first.say("bonjour", lang="fr")
        assert (await first.next())["text"] == "Bonjour !"
        await first.close()

        # The page is loaded again: the stored id is asked for, confirmed as it is, and
        # the conversation goes on (same Rasa sender, same stored conversation).
        again = Webchat()
        assert await again.open(core.url, session_id) == session_id
        await again.say("hello")
        assert (await again.next())["text"] == "Hello!"
        await again.close()

        # An id that is no session id is not taken: a new one is confirmed instead.
        odd = Webchat()
        assert await odd.open(core.url, "../not a session") != "../not a session"
        await odd.close()

    asyncio.run(scenario())
    session_ids = {body["sender"] for body in core.rasa.received}
    assert len(session_ids) == 1
    [session_id] = session_ids
    assert stored(core, session_id) == [
        ("user", "bonjour"),
        ("bot", "Bonjour !"),
        ("user", "hello"),
        ("bot", "Hello!"),
    ]


def test_a_question_is_stored_first_answered_with_its_source_line(core: Core) -> None:
    async def scenario() -> dict[str, Any]:
        chat = Webchat()
        await chat.open(core.url)
        await chat.say("J'ai oublié mon mot de passe", portal="douane", lang="fr")
        answer = await chat.next()
        await chat.nothing_more()
        await chat.close()
        return answer

    answer = asyncio.run(scenario())
    # Exactly the keys rasa-webchat draws as text ({"text"}; `metadata` it takes off).
    assert set(answer) == {"text", "metadata"}
    assert answer["text"] == (
        f"{ARTICLE}\n\nSources : [Mot de passe oublié](https://example.ma/guide#mdp) "
        "(Guide PMPCE, Connexion)"
    )
    assert answer["metadata"]["tijaria"]["sender"] == "bot"
    [asked] = core.rasa.received
    assert asked["metadata"]["portal"] == "douane"
    assert asked["metadata"]["language"] == "fr"
    # The user's words were in the database before Rasa was asked.
    assert core.rasa.stored_before_forward == [["J'ai oublié mon mot de passe"]]


def test_buttons_are_quick_replies_and_a_reply_is_a_payload(core: Core) -> None:
    async def scenario() -> tuple[dict[str, Any], dict[str, Any]]:
        chat = Webchat()
        await chat.open(core.url)
        await chat.say("Sur quel portail ?", lang="fr")
        question = await chat.next()
        # rasa-webchat sends the clicked quick reply's payload as the message.
        await chat.say(question["quick_replies"][0]["payload"], lang="fr")
        chosen = await chat.next()
        await chat.close()
        return question, chosen

    question, chosen = asyncio.run(scenario())
    assert set(question) == {"text", "quick_replies", "metadata"}
    assert question["text"] == "Quel portail ?"
    assert question["quick_replies"] == [
        {"content_type": "text", "title": b["title"], "payload": b["payload"]}
        for b in PORTAL_BUTTONS
    ]
    assert chosen["text"] == "Portail choisi."
    assert core.rasa.received[-1]["message"] == PORTAL_BUTTONS[0]["payload"]


def test_bad_input_is_answered_as_a_bot_message_and_the_socket_stays(core: Core) -> None:
    async def scenario() -> list[dict[str, Any]]:
        chat = Webchat()
        session_id = await chat.open(core.url)
        answers = []
        await chat.say("   ", lang="fr")
        answers.append(await chat.next())
        await chat.say("bonjour", lang="de")
        answers.append(await chat.next())
        await chat.say("bonjour", portal="nowhere", lang="fr")
        answers.append(await chat.next())
        await chat.say("مرحبا " * 600)  # too long, in Arabic: refused in Arabic
        answers.append(await chat.next())
        await chat.say("bonjour", lang="fr", token="not-a-live-token")
        answers.append(await chat.next())
        await chat.sio.emit("user_uttered", "not an object")
        answers.append(await chat.next())
        await chat.sio.emit(
            "user_uttered", {"message": "bonjour", "session_id": "tj-another-session-id"}
        )
        answers.append(await chat.next())
        # rasa-webchat's initPayload when the page sets none: no message, nothing to say.
        await chat.say(None)
        await chat.nothing_more(0.3)
        # Still connected, and answered.
        await chat.say("bonjour", lang="fr")
        answers.append(await chat.next())
        await chat.close()
        assert stored(core, session_id) == [("user", "bonjour"), ("bot", "Bonjour !")]
        return answers

    answers = asyncio.run(scenario())
    codes = [a["metadata"]["tijaria"].get("error") for a in answers]
    assert codes == [
        "empty_message",
        "invalid_lang",
        "unknown_portal",
        "message_too_long",
        "invalid_token",
        "invalid_request",
        "invalid_session_id",
        None,
    ]
    assert answers[0]["text"] == i18n.text("empty_message", "fr")
    assert any("\u0600" <= c <= "\u06ff" for c in answers[3]["text"]), answers[3]
    assert all(set(a) == {"text", "metadata"} for a in answers)
    assert answers[-1]["text"] == "Bonjour !"


def test_a_retry_with_the_same_client_message_id_is_stored_and_asked_once(core: Core) -> None:
    async def scenario() -> tuple[dict[str, Any], dict[str, Any], str]:
        chat = Webchat()
        session_id = await chat.open(core.url)
        body = {
            "message": "bonjour",
            "session_id": session_id,
            "customData": {"lang": "fr"},
            "metadata": {"client_message_id": "c-1"},
        }
        await chat.sio.emit("user_uttered", body)
        first = await chat.next()
        await chat.sio.emit("user_uttered", body)
        second = await chat.next()
        await chat.close()
        return first, second, session_id

    first, second, session_id = asyncio.run(scenario())
    assert first == second
    assert len(core.rasa.received) == 1
    assert stored(core, session_id) == [("user", "bonjour"), ("bot", "Bonjour !")]


@pytest.fixture
def strict_core(database_url: str) -> Iterator[Core]:
    yield from start_core(core_settings(database_url, chat_per_session_minute=2))


def test_the_chat_rate_limit_is_a_bot_message_and_nothing_is_stored(strict_core: Core) -> None:
    async def scenario() -> tuple[list[dict[str, Any]], str]:
        chat = Webchat()
        session_id = await chat.open(strict_core.url)
        answers = []
        for _ in range(3):
            await chat.say("bonjour", lang="fr")
            answers.append(await chat.next())
        await chat.close()
        return answers, session_id

    answers, session_id = asyncio.run(scenario())
    refused = answers[-1]["metadata"]["tijaria"]
    assert refused["error"] == "too_many_messages"
    assert refused["retry_after"] >= 1
    assert "n'a pas été envoyé" in answers[-1]["text"]
    assert len(stored(strict_core, session_id)) == 4


def test_a_signed_in_users_session_is_not_anothers(core: Core) -> None:
    """customData's token ties the conversation to the user; a socket without it that
    presents the same session id is given a new session (and answered there)."""
    with httpx.Client(base_url=core.url) as http:
        # sign_in creates the user in the app's database, then signs in over HTTP.
        client = SimpleNamespace(app=core.app, post=http.post)
        user = sign_in(client, f"op.{uuid.uuid4().hex[:8]}")  # type: ignore[arg-type]

    async def scenario() -> tuple[str, str]:
        mine = Webchat()
        session_id = await mine.open(core.url, new_session_id())
        await mine.say("bonjour", lang="fr", token=user.token)
        assert (await mine.next())["text"] == "Bonjour !"
        await mine.close()

        stranger = Webchat()
        assert await stranger.open(core.url, session_id) == session_id
        await stranger.say("bonjour", lang="fr")
        moved = await asyncio.wait_for(stranger.confirmed.get(), 10)
        assert (await stranger.next())["text"] == "Bonjour !"
        await stranger.close()
        return session_id, str(moved)

    session_id, moved = asyncio.run(scenario())
    assert moved != session_id
    assert stored(core, session_id) == [("user", "bonjour"), ("bot", "Bonjour !")]
    assert stored(core, moved) == [("user", "bonjour"), ("bot", "Bonjour !")]


def test_an_agents_messages_and_the_handoff_notices_come_as_bot_messages_once(
    core: Core,
) -> None:
    """One replica (the in-process broker): the user's own turn's notices come once, as
    its answer; the agent's messages, written over HTTP, are pushed as `bot_uttered`
    naming the agent; the user's words are never sent back as a bot message."""
    with httpx.Client(base_url=core.url, timeout=30) as http:
        client = SimpleNamespace(app=core.app, post=http.post)
        agent = sign_in(client, f"agent.{uuid.uuid4().hex[:8]}", role="agent")  # type: ignore[arg-type]
        presence = http.put(
            "/api/v1/agent/presence", json={"status": "available"}, headers=agent.headers
        )
        assert presence.status_code == 200, presence.text

        async def drain(chat: Webchat, wait: float = 0.7) -> list[dict[str, Any]]:
            got = []
            while True:
                try:
                    got.append(await chat.next(wait))
                except TimeoutError:
                    return got

        async def scenario() -> None:
            chat = Webchat()
            session_id = await chat.open(core.url)
            await chat.say('/handoff_confirm{"reason":"asked"}', lang="fr")
            queued = await drain(chat)
            assert [u["metadata"]["tijaria"]["sender"] for u in queued] == ["system"], queued
            assert "file d'attente" in queued[0]["text"]
            # « Quitter la file » is a quick reply under the notice.
            assert [r["title"] for r in queued[0]["quick_replies"]] == ["Quitter la file"]

            listed = await asyncio.to_thread(
                http.get,
                "/api/v1/agent/handoffs",
                params={"state": "queued"},
                headers=agent.headers,
            )
            [handoff] = [h for h in listed.json()["items"] if h["session_id"] == session_id]
            accepted = await asyncio.to_thread(
                http.post, f"/api/v1/agent/handoffs/{handoff['id']}/accept", headers=agent.headers
            )
            assert accepted.status_code == 200, accepted.text
            written = await asyncio.to_thread(
                http.post,
                f"/api/v1/agent/handoffs/{handoff['id']}/messages",
                json={"text": "Bonjour, je suis là."},
                headers=agent.headers,
            )
            assert written.status_code == 201, written.text
            heard = await drain(chat)
            ids = [u["metadata"]["tijaria"]["id"] for u in heard]
            assert len(ids) == len(set(ids)), heard
            [said] = [u for u in heard if u["metadata"]["tijaria"]["id"] == written.json()["id"]]
            assert said == {
                "text": f"**Name of {agent.login} · Conseiller PORTNET**\n\nBonjour, je suis là.",
                "metadata": {"tijaria": {"id": written.json()["id"], "sender": "agent"}},
            }
            await chat.say("Merci", lang="fr")
            assert await drain(chat) == []  # the agent answers, not the bot; no echo
            await chat.close()

        asyncio.run(scenario())
    # Rasa was never asked a chat turn (only told to pause).
    assert [body for body in core.rasa.received if "message" in body] == []
