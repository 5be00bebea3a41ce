"""A real SMTP server (aiosmtpd) on 127.0.0.1 that keeps what it receives, and a database."""

import email
import email.policy
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from sqlalchemy.orm import Session

from api.database import make_engine, make_session_factory


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Received:
    envelope_to: list[str]
    message: EmailMessage

    @property
    def text(self) -> str:
        part = self.message.get_body(preferencelist=("plain",))
        assert part is not None
        return part.get_content().replace("\r\n", "\n")


@dataclass
class SmtpSink:
    url: str
    messages: list[Received] = field(default_factory=list)
    logins: list[tuple[str, str]] = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope) -> str:  # type: ignore[no-untyped-def]
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        self.messages.append(Received(envelope_to=list(envelope.rcpt_tos), message=message))  # type: ignore[arg-type]
        return "250 Message accepted for delivery"

    def authenticate(self, server, session, envelope, mechanism, auth_data) -> AuthResult:  # type: ignore[no-untyped-def]
        assert isinstance(auth_data, LoginPassword)
        login, password = auth_data.login.decode(), auth_data.password.decode()
        self.logins.append((login, password))
        return AuthResult(success=(login, password) == ("mailer", "s3cret:@pass"))


@pytest.fixture
def smtp_server() -> Iterator[SmtpSink]:
    """An SMTP server on a free local port; `.messages` is what it received."""
    port = free_port()
    sink = SmtpSink(url=f"smtp://127.0.0.1:{port}")
    controller = Controller(
        sink,
        hostname="127.0.0.1",
        port=port,
        authenticator=sink.authenticate,
        auth_require_tls=False,
    )
    controller.start()
    try:
        yield sink
    finally:
        controller.stop()


@pytest.fixture
def dead_smtp_url() -> str:
    """An SMTP address where nothing listens."""
    return f"smtp://mailer:hunter2@127.0.0.1:{free_port()}"


@pytest.fixture
def db(database_url: str) -> Iterator[Session]:
    engine = make_engine(database_url)
    with make_session_factory(engine)() as session:
        yield session
    engine.dispose()
