"""The core's background retry: a refused e-mail leaves once the SMTP server is back."""

import asyncio
from datetime import UTC, datetime, timedelta

from sqlalchemy import update
from sqlalchemy.orm import Session

from api.config import Settings
from api.database import make_engine, make_session_factory
from api.notifications import retry_loop, service
from api.notifications.models import OutboxEmail
from tests.notifications.conftest import SmtpSink


def test_the_loop_delivers_a_due_email_and_survives_a_bad_pass(
    database_url: str, db: Session, dead_smtp_url: str, smtp_server: SmtpSink
) -> None:
    refused = service.send_email(
        db=db, settings=Settings(smtp_url=dead_smtp_url), to="op@exemple.ma", subject="s", body="b"
    )
    assert refused == "failed"
    db.execute(update(OutboxEmail).values(next_attempt_at=datetime.now(UTC) - timedelta(seconds=1)))
    db.commit()
    engine = make_engine(database_url)
    calls = 0
    real_factory = make_session_factory(engine)

    def flaky_factory() -> Session:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise RuntimeError("database restarting")
        return real_factory()

    settings = Settings(smtp_url=smtp_server.url, mail_retry_seconds=0.05)

    async def scenario() -> None:
        task = retry_loop.start(session_factory=flaky_factory, settings=settings)
        assert task is not None
        for _ in range(200):
            if smtp_server.messages:
                break
            await asyncio.sleep(0.05)
        task.cancel()

    try:
        asyncio.run(scenario())
    finally:
        engine.dispose()
    assert calls >= 2 and len(smtp_server.messages) == 1


def test_no_loop_without_smtp() -> None:
    async def scenario() -> None:
        assert (
            retry_loop.start(session_factory=lambda: None, settings=Settings(smtp_url=None)) is None
        )  # type: ignore[arg-type,return-value]

    asyncio.run(scenario())
