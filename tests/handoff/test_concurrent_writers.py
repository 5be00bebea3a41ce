"""Several writers in one conversation at once (the user on one replica, an agent on
another): every message gets its own `seq`, in commit order, so that a reconnect's
catch-up after a message id misses none. PostgreSQL only (SQLite lets one writer commit
at a time)."""

import threading

import pytest
from sqlalchemy import select

from api.conversations import service as conversations
from api.conversations.models import Conversation, Message
from api.database import make_engine, make_session_factory

WRITERS = 4
EACH = 40


def test_concurrent_writers_get_distinct_ordered_seqs(database_url: str) -> None:
    if database_url.startswith("sqlite"):
        pytest.skip("PostgreSQL only: SQLite has one writer at a time")
    engine = make_engine(database_url)
    factory = make_session_factory(engine)
    try:
        with factory() as db:
            conversation = conversations.get_or_create(
                db=db, session_id="writers-1", portal="pmpce", lang="fr", user_id=None
            )
            db.commit()
            conversation_id = conversation.id
        errors: list[BaseException] = []

        def write(writer: int) -> None:
            try:
                for n in range(EACH):
                    with factory() as db:
                        found = db.get(Conversation, conversation_id)
                        assert found is not None
                        conversations.add_message(
                            db=db,
                            conversation=found,
                            sender="agent" if writer % 2 else "user",
                            text=f"{writer}-{n}",
                            lang="fr",
                        )
                        db.commit()
            except BaseException as exc:  # noqa: BLE001 (reported by the test)
                errors.append(exc)

        threads = [threading.Thread(target=write, args=(w,)) for w in range(WRITERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert not errors, errors

        with factory() as db:
            rows = db.execute(
                select(Message.seq, Message.text)
                .where(Message.conversation_id == conversation_id)
                .order_by(Message.seq)
            ).all()
        seqs = [seq for seq, _ in rows]
        assert seqs == list(range(1, WRITERS * EACH + 1))
        # Each writer's messages in the order it wrote them.
        for writer in range(WRITERS):
            mine = [text for _, text in rows if text.startswith(f"{writer}-")]
            assert mine == [f"{writer}-{n}" for n in range(EACH)]
    finally:
        engine.dispose()
