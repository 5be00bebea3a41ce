"""Text that is not Unicode never gets in.

JSON lets a client write a lone UTF-16 surrogate (`"\\ud800"`): Python decodes it into a
`str` that cannot be encoded again, so the language detector, the database driver and
the log all fail on it, far from where it came in. It is refused at the door instead,
for every JSON body (this middleware) and every chat message, WebSocket frames included
(api/chat/models.py), with a 422 `invalid_text` in the user's language.
"""

import json
import re
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from api import i18n

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# A \uD800–\uDFFF escape somewhere: only then is the body decoded here to look closer
# (a pair of them is an emoji, and fine).
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")
_SURROGATES = re.compile("[\ud800-\udfff]")

i18n.register(
    {
        "invalid_text": {
            "fr": (
                "Votre message contient des caractères illisibles (texte mal encodé). "
                "Retapez-le, ou copiez-le à nouveau, puis renvoyez-le."
            ),
            "ar": "تحتوي رسالتك على رموز غير مقروءة (ترميز غير صحيح). أعد كتابتها أو نسخها ثم أرسلها.",
            "en": (
                "Your message contains unreadable characters (badly encoded text). "
                "Type or copy it again, then send it."
            ),
        },
    }
)


def has_lone_surrogate(value: object) -> bool:
    """True if a string anywhere in a decoded JSON value (keys included) is not valid Unicode.

    A loop, not recursion: a body nested 10,000 deep must not exhaust the stack here."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if _SURROGATES.search(item):
                return True
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return False


def depth(value: object) -> int:
    """How deeply a decoded JSON value nests objects and arrays (a scalar: 0)."""
    deepest = 0
    pending: list[tuple[object, int]] = [(value, 0)]
    while pending:
        item, level = pending.pop()
        if isinstance(item, dict | list):
            level += 1
            deepest = max(deepest, level)
            children = item.values() if isinstance(item, dict) else item
            pending.extend((child, level) for child in children)
    return deepest


def _is_json(scope: Scope) -> bool:
    """FastAPI reads a body as JSON when it says so, or says nothing."""
    for name, value in scope.get("headers", ()):
        if name == b"content-type":
            kind = value.split(b";", 1)[0].strip().lower()
            return kind == b"application/json" or kind.endswith(b"+json")
    return True


class JsonGuard:
    """ASGI middleware for JSON bodies: over `max_bytes`, 413 `body_too_large`; with a lone
    surrogate anywhere, 422 `invalid_text`. Both before any route reads them."""

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") in ("GET", "HEAD") or not _is_json(scope):
            await self.app(scope, receive, send)
            return
        received: list[Message] = []
        body = b""
        while True:
            message = await receive()
            received.append(message)
            if message["type"] != "http.request":
                break
            body += message.get("body", b"")
            if len(body) > self.max_bytes:
                await _refuse(
                    scope, send, None, 413, "body_too_large", limit_kb=self.max_bytes // 1024
                )
                return
            if not message.get("more_body", False):
                break
        decoded = _decode(body) if _SURROGATE_ESCAPE.search(body) else None
        if decoded is not None and has_lone_surrogate(decoded):
            await _refuse(scope, send, decoded, 422, "invalid_text")
            return

        async def replay() -> Message:
            # The body once more, as read; then whatever the server sends next (disconnect).
            if received:
                return received.pop(0)
            return await receive()

        await self.app(scope, replay, send)


def _decode(body: bytes) -> Any:
    try:
        return json.loads(body)
    except (ValueError, RecursionError):
        return None  # not JSON FastAPI can read: it says so (400 malformed_json)


async def _refuse(
    scope: Scope, send: Send, body: Any, status: int, code: str, **params: object
) -> None:
    lang = body.get("lang") if isinstance(body, dict) else None
    if lang not in i18n.REPLY_LANGS:
        accept = next(
            (v.decode("latin-1") for k, v in scope.get("headers", ()) if k == b"accept-language"),
            None,
        )
        lang = i18n.from_accept_language(accept)
    payload = json.dumps(
        {"error": {"code": code, "message": i18n.text(code, str(lang), **params)}},
        ensure_ascii=False,
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(payload)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload})
