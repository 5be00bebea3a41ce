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
