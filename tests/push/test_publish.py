"""api/push/publish.py: a stored message is published once its transaction commits, with
the contract's message shape, and never when the transaction rolls back."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from api.conversations import service as conversations
from api.conversations.models import Conversation
from api.database import make_engine, make_session_factory
from api.migrate import upgrade
from api.push.broker import conversation_channel


class RecordingBroker:
    def __init__(self) -> None:
        self.published: list[tuple[str, dict[str, Any]]] = []

    def publish(self, channel: str, event: dict[str, Any]) -> None:
        self.published.append((channel, event))

    def close(self) -> None:
        return None


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    url = f"sqlite:///{tmp_path / 'push.db'}"
    upgrade(url)
    made = make_engine(url)
    yield made
    made.dispose()


@pytest.fixture
def broker() -> RecordingBroker:
    return RecordingBroker()


@pytest.fixture
def factory(engine: Engine, broker: RecordingBroker) -> sessionmaker[Session]:
    return make_session_factory(engine, broker=broker)


def conversation(db: Session, session_id: str = "push-1") -> Conversation:
    made = Conversation(session_id=session_id, portal="douane", lang="fr")
    db.add(made)
    db.commit()
    return made


def test_a_message_is_published_after_its_commit_in_the_contract_shape(
    factory: sessionmaker[Session], broker: RecordingBroker
) -> None:
    with factory() as db:
        conv = conversation(db)
        db.info["origin"] = "ws:abc"
        message = conversations.add_message(
            db=db,
            conversation=conv,
            sender="agent",
            text="Votre réclamation est prise en charge.",
            lang="fr",
            buttons=[{"title": "Merci", "payload": "/thanks"}],
            form={"id": "f1", "title": "T", "fields": []},
            author_name="Samira",
        )
        assert broker.published == []  # flushed, not committed: nothing yet
        db.commit()

    assert len(broker.published) == 1
    channel, event = broker.published[0]
    assert channel == conversation_channel("push-1")
    assert event["type"] == "message" and event["session_id"] == "push-1"
    assert event["origin"] == "ws:abc"
    payload = event["message"]
    assert payload["id"] == message.id and payload["sender"] == "agent"
    assert payload["text"] == "Votre réclamation est prise en charge."
    assert payload["buttons"] == [{"title": "Merci", "payload": "/thanks"}]
    assert payload["sources"] == []
    assert payload["form"] == {"id": "f1", "title": "T", "fields": []}
    assert payload["agent"] == {"name": "Samira"}
    assert payload["created_at"].endswith("Z")


def test_nothing_is_published_when_the_transaction_rolls_back(
    factory: sessionmaker[Session], broker: RecordingBroker
) -> None:
    with factory() as db:
        conv = conversation(db)
        conversations.add_message(db=db, conversation=conv, sender="bot", text="x", lang="fr")
        db.rollback()
        # The next commit publishes what it stored, not what was rolled back.
        kept = conversations.add_message(
            db=db, conversation=conv, sender="bot", text="y", lang="fr"
        )
        db.commit()

    assert [event["message"]["id"] for _, event in broker.published] == [kept.id]


def test_nothing_is_published_when_the_session_closes_without_a_commit(
    factory: sessionmaker[Session], broker: RecordingBroker
) -> None:
    with factory() as db:
        conv = conversation(db)
        conversations.add_message(db=db, conversation=conv, sender="bot", text="x", lang="fr")
    with factory() as db:
        db.commit()

    assert broker.published == []


def test_messages_of_other_conversations_go_to_their_own_channels(
    factory: sessionmaker[Session], broker: RecordingBroker
) -> None:
    with factory() as db:
        first, second = conversation(db, "a-1"), conversation(db, "b-2")
        conversations.add_message(db=db, conversation=first, sender="bot", text="1", lang="fr")
        conversations.add_message(db=db, conversation=second, sender="bot", text="2", lang="fr")
        db.commit()

    assert sorted((channel, event["message"]["text"]) for channel, event in broker.published) == [
        (conversation_channel("a-1"), "1"),
        (conversation_channel("b-2"), "2"),
    ]


def test_notify_user_is_pushed_to_each_recent_conversation_once_committed(
    factory: sessionmaker[Session], broker: RecordingBroker
) -> None:
    with factory() as db:
        for session_id in ("u-1", "u-2"):
            made = Conversation(session_id=session_id, portal="douane", lang="ar", user_id="user-7")
            db.add(made)
        db.commit()
        conversations.notify_user(
            db=db, user_id="user-7", texts={"fr": "Statut : répondu", "ar": "الحالة: تم الرد"}
        )
        db.commit()

    assert sorted(
        (event["session_id"], event["message"]["sender"], event["message"]["text"])
        for _, event in broker.published
    ) == [("u-1", "system", "الحالة: تم الرد"), ("u-2", "system", "الحالة: تم الرد")]


def test_without_a_broker_nothing_is_published_and_storing_works(engine: Engine) -> None:
    with make_session_factory(engine)() as db:
        conv = conversation(db)
        conversations.add_message(db=db, conversation=conv, sender="bot", text="x", lang="fr")
        db.commit()
        assert len(conversations.list_messages(db=db, conversation=conv)) == 1


def test_a_failing_broker_does_not_undo_the_commit(
    engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    class Broken(RecordingBroker):
        def publish(self, channel: str, event: dict[str, Any]) -> None:
            raise RuntimeError("down")

    with make_session_factory(engine, broker=Broken())() as db:
        conv = conversation(db)
        conversations.add_message(db=db, conversation=conv, sender="bot", text="x", lang="fr")
        db.commit()
        assert len(conversations.list_messages(db=db, conversation=conv)) == 1
    assert "push to" in caplog.text


def test_a_change_of_state_is_published_and_other_changes_are_not(
    factory: sessionmaker[Session], broker: RecordingBroker
) -> None:
    with factory() as db:
        conv = conversation(db, "state-1")
        conv.lang = "ar"
        db.commit()
        db.info["origin"] = "agent-console"
        conversations.set_state(db=db, conversation=conv, state="agent")
        db.commit()
        conv.state = "agent"  # the same again: no change
        db.commit()

    assert broker.published == [
        (
            conversation_channel("state-1"),
            {"type": "state", "session_id": "state-1", "origin": "agent-console", "state": "agent"},
        )
    ]


def test_a_change_of_state_rolled_back_is_not_published(
    factory: sessionmaker[Session], broker: RecordingBroker
) -> None:
    with factory() as db:
        conv = conversation(db, "state-2")
        conversations.set_state(db=db, conversation=conv, state="queued")
        db.rollback()

    assert broker.published == []
