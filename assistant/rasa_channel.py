"""The only way into Rasa: an input channel that answers the TijarIA core alone.

This module runs inside the Rasa server (its own Python 3.10 venv), so it imports
Rasa, Sanic (Rasa's web server) and the standard library only. Rasa finds it
because it puts the directory it is started from (the repository root) on
``sys.path``; ``credentials.yml`` names it::

    assistant.rasa_channel.CoreInput:
      token: ${TIJARIA_RASA_TOKEN}

Rasa's own REST channel trusts whoever can reach the port: any local process
could post ``{"sender": <a user's session id>}`` and talk as that user, and
``--auth-token`` covers the HTTP API, not the channels. This channel is the REST
channel's contract (POST ``/webhooks/tijaria/webhook`` with ``sender``,
``message`` and ``metadata``; the reply is the list of the bot's messages, custom
JSON included) behind ``Authorization: Bearer <token>``. A request without the
token is answered 401 before any tracker is read or written.
"""

import asyncio
import hmac
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.exceptions import SanicException
from sanic.request import Request
from sanic.response import HTTPResponse

logger = logging.getLogger(__name__)

CHANNEL_NAME = "tijaria"
MAX_SENDER_CHARS = 64


def bearer_token(authorization: str | None) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header, else None."""
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def same_secret(given: str | None, expected: str) -> bool:
    """Constant-time comparison; bytes, so a non-ASCII header is a mismatch, not an error."""
    if not given or not expected:
        return False
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def _error(status: int, code: str) -> HTTPResponse:
    return response.json({"error": {"code": code, "message": code}}, status=status)


class CoreInput(InputChannel):
    """Rasa's REST channel, for the holder of the core's token only."""

    def __init__(self, token: str) -> None:
        self._token = token

    @classmethod
    def name(cls) -> str:
        return CHANNEL_NAME

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> "CoreInput":
        token = str((credentials or {}).get("token") or "").strip()
        if not token:
            # An empty token would let everyone in: refuse to start instead.
            raise ValueError(
                "the tijaria channel needs a token (credentials.yml: token: ${TIJARIA_RASA_TOKEN})"
            )
        return cls(token)

    def is_authorized(self, request: Request) -> bool:
        return same_secret(bearer_token(request.headers.get("Authorization")), self._token)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("tijaria_core_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if not self.is_authorized(request):
                logger.warning("tijaria channel: refused a message without the core's token")
                return _error(401, "invalid_token")
            try:
                body = request.json
            except SanicException:  # not JSON
                body = None
            if not isinstance(body, dict):
                return _error(400, "invalid_body")
            sender, text, metadata = body.get("sender"), body.get("message"), body.get("metadata")
            if not isinstance(sender, str) or not 0 < len(sender) <= MAX_SENDER_CHARS:
                return _error(400, "invalid_sender")
            if not isinstance(text, str):
                return _error(400, "invalid_message")
            if metadata is not None and not isinstance(metadata, dict):
                return _error(400, "invalid_metadata")
            collector = CollectingOutputChannel()
            try:
                await on_new_message(
                    UserMessage(
                        text,
                        collector,
                        sender,
                        input_channel=CHANNEL_NAME,
                        metadata=metadata,
                    )
                )
            except (asyncio.CancelledError, Exception):
                # As the REST channel does: what the bot said before the failure is returned.
                logger.exception("tijaria channel: the message could not be handled")
            messages: list[dict[str, Any]] = collector.messages
            return response.json(messages)

        return webhook
