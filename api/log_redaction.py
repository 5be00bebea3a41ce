"""Keep bearer tokens out of the logs: browsers put the WebSocket's token in its URL,
and uvicorn logs URLs."""

import logging
import re

# The conversation key too: it proves an anonymous conversation is the browser's.
_TOKEN_IN_URL = re.compile(r"((?:access_token|conversation_key)=)[^&\s\"']+")


def redact(text: str) -> str:
    return _TOKEN_IN_URL.sub(r"\1[redacted]", text)


class RedactTokens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)  # type: ignore[assignment]
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        return True


def install() -> None:
    for name in ("uvicorn.access", "uvicorn.error"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactTokens) for f in logger.filters):
            logger.addFilter(RedactTokens())
