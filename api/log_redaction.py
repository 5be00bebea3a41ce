"""Keep bearer tokens out of the logs: browsers put the WebSocket's token in its URL,
and uvicorn logs URLs.

A query parameter is recognised by its *decoded* name, as the server reads it: the core
accepts `access%5Ftoken=…` as `access_token`, so that spelling is redacted too."""

import logging
import re
from urllib.parse import unquote_plus

# Names whose values are secrets, as the routes read them.
# The conversation key too: it proves an anonymous conversation is the browser's.
SECRET_PARAMS = frozenset({"access_token", "token", "mfa_token", "conversation_key"})
# One `name=value` of a query string: after ?, & or ;, up to the next separator or quote.
_PARAM = re.compile(r"(?P<lead>[?&;])(?P<name>[^=&;\s\"'?#]+)=(?P<value>[^&;\s\"'#]*)")


def _redact_param(match: re.Match[str]) -> str:
    name = match["name"]
    if unquote_plus(name).strip().lower() not in SECRET_PARAMS:
        return match[0]
    return f"{match['lead']}{name}=[redacted]"


def redact(text: str) -> str:
    return _PARAM.sub(_redact_param, text)


class RedactTokens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            if isinstance(record.args, dict):
                record.args = {
                    k: redact(v) if isinstance(v, str) else v for k, v in record.args.items()
                }
            else:
                record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        return True


def install() -> None:
    for name in ("uvicorn.access", "uvicorn.error"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactTokens) for f in logger.filters):
            logger.addFilter(RedactTokens())
