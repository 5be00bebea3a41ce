"""E-mail: always in the outbox; over a real SMTP server when configured; never lost."""

import logging
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from api.config import Settings
from api.notifications import service
from api.notifications.models import OutboxEmail, OutboxEmailRead
from api.notifications.service import SmtpTarget
from tests.notifications.conftest import SmtpSink

BODY = (
    "Bonjour,\nouvrez ce lien : http://127.0.0.1:8000/rnoce/mot-de-passe?token=abc\n\n"
    "مرحبًا، افتحوا هذا الرابط."
)
SUBJECT = "RNOCE : créez votre mot de passe | إنشاء كلمة المرور"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("smtp://mail.example.ma", SmtpTarget("mail.example.ma", 25, tls=False, starttls=False)),
        ("smtp://127.0.0.1:2525", SmtpTarget("127.0.0.1", 2525, tls=False, starttls=False)),
        (
            "smtp://mailer:s3cret%3A%40pass@mail.example.ma:587?starttls=1",
            SmtpTarget(
                "mail.example.ma",
                587,
                tls=False,
                starttls=True,
                username="mailer",
                password="s3cret:@pass",
            ),
        ),
        (
            "smtps://u@mail.example.ma",
            SmtpTarget("mail.example.ma", 465, tls=True, starttls=False, username="u"),
        ),
    ],
)
def test_parse_smtp_url(url: str, expected: SmtpTarget) -> None:
    assert service.parse_smtp_url(url) == expected


@pytest.mark.parametrize("url", ["http://mail.example.ma", "smtp://", "mail.example.ma:25"])
def test_parse_smtp_url_refuses(url: str) -> None:
    with pytest.raises(ValueError):
        service.parse_smtp_url(url)


def test_without_smtp_the_email_is_kept_and_logged(
    db: Session, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="api.notifications.service"):
        delivery = service.send_email(
            db=db, settings=Settings(smtp_url=None), to="op@exemple.ma", subject=SUBJECT, body=BODY
        )
    assert delivery == "logged"
    [row] = service.outbox(db=db, to="op@exemple.ma")
    read = OutboxEmailRead.model_validate(row)
    assert (read.to, read.subject, read.body, read.sent_at, read.error) == (
        "op@exemple.ma",
        SUBJECT,
        BODY,
        None,
        None,
    )
    assert "rnoce/mot-de-passe?token=abc" in caplog.text  # `make run`'s log shows the link


def test_smtp_delivers_and_marks_sent(db: Session, smtp_server: SmtpSink) -> None:
    settings = Settings(smtp_url=smtp_server.url, mail_from="TijarIA <no-reply@portnet.ma>")
    delivery = service.send_email(
        db=db, settings=settings, to="op@exemple.ma", subject=SUBJECT, body=BODY
    )
    assert delivery == "sent"
    [received] = smtp_server.messages
    assert received.envelope_to == ["op@exemple.ma"]
    assert received.message["To"] == "op@exemple.ma"
    assert received.message["From"] == "TijarIA <no-reply@portnet.ma>"
    assert received.message["Subject"] == SUBJECT
    assert received.message["Message-ID"].endswith("@portnet.ma>")
    assert received.text.strip() == BODY.strip()
    row = db.get(OutboxEmail, service.outbox(db=db)[0].id)
    assert row is not None and row.sent_at is not None and row.error is None
    # Delivered: the one-time link now lives in the recipient's mailbox only.
    assert "token=abc" not in row.body and row.next_attempt_at is None


def test_smtp_logs_in_with_the_urls_credentials(db: Session, smtp_server: SmtpSink) -> None:
    url = smtp_server.url.replace("smtp://", "smtp://mailer:s3cret%3A%40pass@")
    assert (
        service.send_email(
            db=db, settings=Settings(smtp_url=url), to="a@exemple.ma", subject="s", body="b"
        )
        == "sent"
    )
    assert smtp_server.logins == [("mailer", "s3cret:@pass")]
    assert len(smtp_server.messages) == 1


def test_smtp_down_keeps_the_email_and_the_error(
    db: Session, dead_smtp_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="api.notifications.service"):
        delivery = service.send_email(
            db=db,
            settings=Settings(smtp_url=dead_smtp_url),
            to="op@exemple.ma",
            subject=SUBJECT,
            body=BODY,
        )
    assert delivery == "failed"
    [row] = service.outbox(db=db)
    assert row.body == BODY and row.sent_at is None
    assert row.attempts == 1 and row.next_attempt_at is not None
    assert row.error and "Connection" in row.error
    assert "could not be sent" in caplog.text
    assert "hunter2" not in caplog.text + row.error  # the SMTP password stays out of logs


def test_deliver_by_id_sends_once(database_url: str, db: Session, smtp_server: SmtpSink) -> None:
    from api.database import make_engine, make_session_factory

    email = service.record(db=db, to="op@exemple.ma", subject=SUBJECT, body=BODY)
    db.commit()  # record() leaves the commit to its caller's unit of work
    settings = Settings(smtp_url=smtp_server.url)
    engine = make_engine(database_url)
    factory = make_session_factory(engine)
    try:
        assert (
            service.deliver_by_id(session_factory=factory, settings=settings, email_id=email.id)
            == "sent"
        )
        assert (
            service.deliver_by_id(session_factory=factory, settings=settings, email_id=email.id)
            is None
        )
        assert (
            service.deliver_by_id(session_factory=factory, settings=settings, email_id="missing")
            is None
        )
    finally:
        engine.dispose()
    assert len(smtp_server.messages) == 1


NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("attempts", "delay_minutes"), [(1, 1), (2, 2), (3, 4), (5, 16), (6, None)]
)
def test_next_attempt_doubles_then_gives_up(attempts: int, delay_minutes: int | None) -> None:
    settings = Settings(mail_max_attempts=6, mail_retry_base_seconds=60)
    expected = None if delay_minutes is None else NOW + timedelta(minutes=delay_minutes)
    assert service.next_attempt(settings=settings, attempts=attempts, now=NOW) == expected


def _failed_email(db: Session, dead_smtp_url: str) -> str:
    settings = Settings(smtp_url=dead_smtp_url)
    assert (
        service.send_email(db=db, settings=settings, to="op@exemple.ma", subject=SUBJECT, body=BODY)
        == "failed"
    )
    return service.outbox(db=db)[0].id


def test_retry_due_sends_a_refused_email_once_the_server_is_back(
    database_url: str, db: Session, dead_smtp_url: str, smtp_server: SmtpSink
) -> None:
    from api.database import make_engine, make_session_factory

    email_id = _failed_email(db, dead_smtp_url)
    engine = make_engine(database_url)
    factory = make_session_factory(engine)
    settings = Settings(smtp_url=smtp_server.url)
    try:
        # Not due yet: nothing is tried.
        assert service.retry_due(session_factory=factory, settings=settings) == []
        later = datetime.now(UTC) + timedelta(minutes=2)
        assert service.retry_due(session_factory=factory, settings=settings, now=later) == ["sent"]
        # Sent once: a second pass finds nothing due.
        assert service.retry_due(session_factory=factory, settings=settings, now=later) == []
    finally:
        engine.dispose()
    assert [m.envelope_to for m in smtp_server.messages] == [["op@exemple.ma"]]
    assert "token=abc" in smtp_server.messages[0].text
    db.expire_all()
    row = db.get(OutboxEmail, email_id)
    assert row is not None and row.sent_at is not None and row.attempts == 2 and row.error is None


def test_retry_due_gives_up_after_the_last_attempt(
    database_url: str, db: Session, dead_smtp_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    from api.database import make_engine, make_session_factory

    email_id = _failed_email(db, dead_smtp_url)
    engine = make_engine(database_url)
    factory = make_session_factory(engine)
    settings = Settings(smtp_url=dead_smtp_url, mail_max_attempts=3)
    moment = datetime.now(UTC)
    try:
        with caplog.at_level(logging.ERROR, logger="api.notifications.service"):
            for _ in range(2):
                moment += timedelta(hours=1)
                assert service.retry_due(
                    session_factory=factory, settings=settings, now=moment
                ) == ["failed"]
        moment += timedelta(days=1)
        assert service.retry_due(session_factory=factory, settings=settings, now=moment) == []
    finally:
        engine.dispose()
    db.expire_all()
    row = db.get(OutboxEmail, email_id)
    assert row is not None and row.attempts == 3 and row.next_attempt_at is None
    assert row.body == BODY  # given up, never lost: an agent can still read it
    assert "given up after 3 attempts" in caplog.text


def test_retry_due_leaves_an_email_another_process_claimed(
    database_url: str, db: Session, dead_smtp_url: str, smtp_server: SmtpSink
) -> None:
    from api.database import make_engine, make_session_factory

    email_id = _failed_email(db, dead_smtp_url)
    row = db.get(OutboxEmail, email_id)
    assert row is not None
    engine = make_engine(database_url)
    factory = make_session_factory(engine)
    later = datetime.now(UTC) + timedelta(minutes=2)
    try:
        with factory() as other:
            claimed = other.get(OutboxEmail, email_id)
            assert claimed is not None
            assert service._claim(db=other, email=claimed, now=later)
        # Its claim moved the next attempt: this process does not send it too.
        assert (
            service.retry_due(
                session_factory=factory, settings=Settings(smtp_url=smtp_server.url), now=later
            )
            == []
        )
    finally:
        engine.dispose()
    assert smtp_server.messages == []
