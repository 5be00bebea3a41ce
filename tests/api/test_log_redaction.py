import logging

import pytest

from api import log_redaction


def test_websocket_tokens_are_redacted_from_uvicorn_logs(caplog: pytest.LogCaptureFixture) -> None:
    log_redaction.install()
    logger = logging.getLogger("uvicorn.error")
    with caplog.at_level(logging.INFO, logger="uvicorn.error"):
        logger.info(
            '%s - "WebSocket %s" [accepted]',
            "127.0.0.1:5000",
            "/api/v1/chat/ws?session_id=s&access_token=SECRET-1",
        )

    assert "SECRET-1" not in caplog.text
    assert "access_token=[redacted]" in caplog.text


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("/ws?access_token=abc&session_id=s", "/ws?access_token=[redacted]&session_id=s"),
        ("/ws?session_id=s", "/ws?session_id=s"),
    ],
)
def test_redact(line: str, expected: str) -> None:
    assert log_redaction.redact(line) == expected


@pytest.mark.parametrize(
    "query",
    [
        "access%5Ftoken=SECRET-2",  # the core reads it as access_token: redacted as one
        "%61ccess_token=SECRET-2",
        "ACCESS_TOKEN=SECRET-2",
        "access+token=x&access_token=SECRET-2",
        "token=SECRET-2",  # the RNOCE password link
        "mfa_token=SECRET-2",
    ],
)
def test_a_token_is_redacted_however_its_name_is_spelled(query: str) -> None:
    line = f'127.0.0.1:5000 - "WebSocket /api/v1/chat/ws?session_id=s&{query}" [accepted]'

    redacted = log_redaction.redact(line)

    assert "SECRET-2" not in redacted and "[redacted]" in redacted
    assert "session_id=s" in redacted


def test_the_websocket_accepts_what_the_log_redacts() -> None:
    """The server decodes parameter names: `access%5Ftoken` is its access_token."""
    from starlette.datastructures import QueryParams

    assert QueryParams("access%5Ftoken=abc")["access_token"] == "abc"
