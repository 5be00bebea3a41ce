"""Rate limits of chat messages and uploads, per chat session and per client address.

Counted by the `limits` library in a moving window: in memory by default, in Redis
with TIJARIA_REDIS_URL, so that every API replica counts the same messages.

A message over the limit is refused with 429 *before* it is stored: it never reaches the
conversation, and the answer says so ("this message was not sent, wait N seconds, then
send it again"), with a Retry-After header. The widget keeps the text in its input, so
nothing the user wrote is lost; an idempotent retry (same client_message_id) is welcome.

The client address is the one the sign-in lockout counts under (api.deps): the TCP
peer, or X-Forwarded-For only when the peer is one of TIJARIA_TRUSTED_PROXIES.
"""

import logging
import math
import time
from dataclasses import dataclass
from typing import Literal

from fastapi import Request, WebSocket
from limits import RateLimitItem, RateLimitItemPerHour, RateLimitItemPerSecond
from limits.errors import StorageError
from limits.storage import MemoryStorage, RedisStorage, Storage
from limits.strategies import MovingWindowRateLimiter

from api import i18n
from api.client_address import forwarded_client
from api.config import Settings
from api.errors import ApiError

log = logging.getLogger(__name__)

Kind = Literal["chat", "uploads"]

_UNITS = {
    "seconds": {"fr": "secondes", "ar": "ثانية", "en": "seconds"},
    "minutes": {"fr": "minutes", "ar": "دقيقة", "en": "minutes"},
}

i18n.register(
    {
        "too_many_messages": {
            "fr": (
                "Vous envoyez des messages trop vite : ce message n'a pas été envoyé. "
                "Attendez {wait}, puis renvoyez-le."
            ),
            "ar": "أنت ترسل الرسائل بسرعة كبيرة: لم تُرسل هذه الرسالة. انتظر {wait} ثم أعد إرسالها.",
            "en": (
                "You are sending messages too quickly: this message was not sent. "
                "Wait {wait}, then send it again."
            ),
        },
        "too_many_uploads": {
            "fr": (
                "Trop de fichiers envoyés depuis votre connexion : ce fichier n'a pas été reçu. "
                "Réessayez dans {wait}."
            ),
            "ar": "ملفات كثيرة أُرسلت من اتصالك: لم يُستلم هذا الملف. أعد المحاولة بعد {wait}.",
            "en": (
                "Too many files sent from your connection: this file was not received. "
                "Try again in {wait}."
            ),
        },
    }
)


@dataclass(frozen=True)
class Wait:
    """How long to wait, in the reader's language ("45 secondes", "3 دقيقة")."""

    seconds: int

    def render(self, lang: str) -> str:
        if self.seconds < 120:
            amount, unit = self.seconds, "seconds"
        else:
            amount, unit = math.ceil(self.seconds / 60), "minutes"
        names = _UNITS[unit]
        return f"{amount} {names.get(lang, names['fr'])}"


class RateLimits:
    """The limits of one application (app.state.rate_limits)."""

    def __init__(self, settings: Settings, *, key_prefix: str = "tijaria-limits") -> None:
        self._storage: Storage = (
            RedisStorage(settings.redis_url, key_prefix=key_prefix, wrap_exceptions=True)
            if settings.redis_url
            else MemoryStorage()
        )
        self._limiter = MovingWindowRateLimiter(self._storage)
        self._items: dict[Kind, dict[str, RateLimitItem]] = {
            "chat": {
                # Per chat_window_seconds (a minute unless a test shortens it).
                "session": RateLimitItemPerSecond(
                    settings.chat_per_session_minute, settings.chat_window_seconds
                ),
                "client": RateLimitItemPerSecond(
                    settings.chat_per_client_minute, settings.chat_window_seconds
                ),
            },
            "uploads": {
                "session": RateLimitItemPerHour(settings.uploads_per_session_hour),
                "client": RateLimitItemPerHour(settings.uploads_per_client_hour),
            },
        }

    def hit(self, kind: Kind, *, session_id: str | None = None, client: str | None) -> None:
        """Counts one message (or upload) for the session and the client address, or raises
        429 `too_many_messages` / `too_many_uploads` with Retry-After if either is spent.
        Without a session id (the request's body is not read yet), only the client counts."""
        checks = [("client", client or "unknown")]
        if session_id is not None:
            checks.insert(0, ("session", session_id))
        for scope, key in checks:
            item = self._items[kind][scope]
            try:
                allowed = self._limiter.hit(item, kind, scope, key)
                if allowed:
                    continue
                reset = self._limiter.get_window_stats(item, kind, scope, key).reset_time
            except StorageError as exc:
                # Redis down: chat stays open (a limit is a guard, not a service).
                log.warning("rate limit storage unavailable, not counting: %s", exc)
                return
            seconds = max(1, math.ceil(reset - time.time()))
            raise ApiError(
                f"too_many_{'messages' if kind == 'chat' else 'uploads'}",
                status_code=429,
                headers={"Retry-After": str(seconds)},
                wait=Wait(seconds),
            )

    def reset(self) -> None:
        """Forget every count (tests)."""
        self._storage.reset()


def client_of(connection: Request | WebSocket) -> str | None:
    return forwarded_client(
        peer=connection.client.host if connection.client else None,
        forwarded_for=connection.headers.getlist("x-forwarded-for"),
        trusted=connection.app.state.settings.trusted_proxy_networks,
    )


def limits_of(connection: Request | WebSocket) -> RateLimits:
    return connection.app.state.rate_limits
