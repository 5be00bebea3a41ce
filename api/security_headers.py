"""Security headers on every response.

- Every response: `X-Content-Type-Options: nosniff` (a stored upload or a JSON error is
  never sniffed into HTML) and `Referrer-Policy`.
- HTML pages (demo portals, RNOCE sign-in, sign-up and password pages): a Content
  Security Policy that admits only this origin's scripts, styles and connections (the
  widget is a script of this origin, so the demo pages still embed it; its QR code is a
  data: image, its voice clips blobs), and `frame-ancestors 'none'` with
  `X-Frame-Options: DENY`, so no other site can frame a page holding a sign-in form.
- API answers (/api/…): `Cache-Control: no-store` unless the route set its own (tokens,
  transcripts and profiles are nobody's to cache) and a CSP that forbids everything.
The interactive API docs (/docs, /redoc) keep FastAPI's own page and only get nosniff.
"""

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; media-src 'self' blob:; font-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
API_CSP = "default-src 'none'; frame-ancestors 'none'"
_DOCS = ("/docs", "/redoc")


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = _with_security_headers(path, list(message.get("headers", [])))
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _with_security_headers(
    path: str, headers: list[tuple[bytes, bytes]]
) -> list[tuple[bytes, bytes]]:
    present = {name.lower() for name, _ in headers}
    content_type = next((value for name, value in headers if name.lower() == b"content-type"), b"")
    added: list[tuple[bytes, bytes]] = [
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"strict-origin-when-cross-origin"),
    ]
    if path.startswith(_DOCS):
        pass
    elif content_type.startswith(b"text/html"):
        added += [
            (b"content-security-policy", PAGE_CSP.encode()),
            (b"x-frame-options", b"DENY"),
        ]
    elif path.startswith("/api/"):
        added.append((b"content-security-policy", API_CSP.encode()))
        if b"cache-control" not in present:
            added.append((b"cache-control", b"no-store"))
    return headers + [(name, value) for name, value in added if name not in present]
