"""The socket.io endpoint (python-socketio's ASGI server, in front of FastAPI at
`settings.socketio_path`) and its events, Rasa's socket.io channel protocol:

- `session_request` {session_id} → `session_confirm` (the session id: the client's when
  it has a valid one, reused across page loads; else a new one);
- `user_uttered` {message, session_id, customData, metadata?} → a `bot_uttered` per reply;
- and, unasked, a `bot_uttered` for every message someone else stores for the
  conversation (an agent, a handoff notice, another tab's bot replies), pushed through
  api.push's broker like the chat WebSocket's pushes.

Several replicas: the broker (Redis with TIJARIA_REDIS_URL) carries the conversation's
traffic to every replica, and each replica emits only to its own sockets, so a message
reaches each socket once. With Redis, socket.io's own state goes through socket.io's
Redis manager too (rooms, a disconnect asked from another replica); our emits skip its
queue (`ignore_queue`): they are for a socket of this replica, and must not wait on (nor
be lost with) Redis. The polling transport needs sticky sessions at the load balancer,
as for any socket.io server."""

import asyncio
import logging
import uuid
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Any

import socketio
from fastapi.concurrency import run_in_threadpool
from starlette.datastructures import State

from api.chat import push
from api.chat.models import is_session_id
from api.client_address import forwarded_client
from api.config import Settings
from api.conversations import service as conversations
from api.errors import lang_of_body
from api.push.broker import BrokerUnavailable, conversation_channel
from api.webchat import service

log = logging.getLogger(__name__)

# How long session_confirm waits for the socket's push subscription (Redis confirms it).
SUBSCRIBE_WAIT_SECONDS = 3.0


@dataclass
class Socket:
    """One socket.io connection of this replica."""

    client: str | None
    session_id: str | None = None
    token: str | None = None
    # Its turns go one at a time, in order, like the chat WebSocket's frames.
    turns: asyncio.Lock = field(default_factory=asyncio.Lock)
    forwarding: "asyncio.Task[None] | None" = None
    # Its name on the events its turns cause: their replies are emitted by the turn, not
    # a second time as pushes.
    origin: str = field(default_factory=lambda: f"sio:{uuid.uuid4().hex}")


class WebchatChannel:
    def __init__(self, app_state: State, settings: Settings) -> None:
        self.app_state = app_state
        self.settings = settings
        manager = (
            socketio.AsyncRedisManager(settings.redis_url, channel="tijaria:socketio")
            if settings.redis_url
            else None
        )
        self.server = socketio.AsyncServer(
            async_mode="asgi",
            client_manager=manager,
            cors_allowed_origins=self._origin_allowed,
            # As for any JSON body (api.text_input.JsonGuard): larger packets are refused.
            max_http_buffer_size=settings.json_max_bytes,
            logger=False,
            engineio_logger=False,
        )
        self.sockets: dict[str, Socket] = {}
        self.server.on("connect", self.connect)
        self.server.on("disconnect", self.disconnect)
        self.server.on("session_request", self.session_request)
        self.server.on("user_uttered", self.user_uttered)

    def _origin_allowed(self, origin: str | None, environ: dict[str, Any]) -> bool:
        """The core's own pages, and the portal sites of TIJARIA_CORS_ORIGINS."""
        if origin is None:
            return True  # not a browser
        own = f"{environ.get('wsgi.url_scheme', 'http')}://{environ.get('HTTP_HOST', '')}"
        return origin.rstrip("/") in {own, *self.settings.cors_origin_list}

    async def connect(self, sid: str, environ: dict[str, Any], auth: Any = None) -> None:
        scope = environ.get("asgi.scope") or {}
        peer = scope.get("client")
        forwarded = environ.get("HTTP_X_FORWARDED_FOR")
        socket = Socket(
            client=forwarded_client(
                peer=peer[0] if peer else None,
                forwarded_for=[forwarded] if forwarded else [],
                trusted=self.settings.trusted_proxy_networks,
            )
        )
        if isinstance(auth, dict):
            socket.token = service.token_of(auth)
        self.sockets[sid] = socket

    async def disconnect(self, sid: str, *_reason: Any) -> None:
        socket = self.sockets.pop(sid, None)
        if socket is not None:
            await _stop(socket.forwarding)

    async def session_request(self, sid: str, data: Any = None) -> None:
        socket = self.sockets.get(sid)
        if socket is None:
            return
        requested = data.get("session_id") if isinstance(data, dict) else None
        if isinstance(data, dict) and "customData" in data:
            socket.token = service.token_of(service.custom_data(data))
        session_id = (
            requested
            if isinstance(requested, str) and is_session_id(requested)
            else conversations.new_session_id()
        )
        await self._join(sid, socket, session_id)

    async def user_uttered(self, sid: str, data: Any = None) -> None:
        socket = self.sockets.get(sid)
        if socket is None:
            return
        async with socket.turns:
            try:
                await self._turn(sid, socket, data)
            except Exception:
                log.exception("socket.io turn of %s failed", socket.session_id)
                lang = lang_of_body(service.chat_body(data, "")) if isinstance(data, dict) else None
                await self._emit(sid, service.failure_utterance(lang or "fr"))

    async def _turn(self, sid: str, socket: Socket, data: Any) -> None:
        if not isinstance(data, dict):
            await self._emit(
                sid,
                service.error_utterance(
                    "invalid_request", "fr", {"detail": "user_uttered carries a JSON object"}
                ),
            )
            return
        if data.get("message") is None:
            # rasa-webchat sends its `initPayload` on opening, null when the page sets none.
            return
        # As an HTTP request's header: each message says who sends it (rasa-webchat sends
        # the page's customData with every one); pushes are checked with the latest.
        socket.token = service.token_of(service.custom_data(data))
        requested = data.get("session_id")
        if socket.session_id is None and isinstance(requested, str) and is_session_id(requested):
            # No session_request first: the message's session is the socket's.
            await self._join(sid, socket, requested, confirm=False)
        if socket.session_id is None or requested not in (None, socket.session_id):
            lang = lang_of_body(service.chat_body(data, "")) or "fr"
            await self._emit(sid, service.error_utterance("invalid_session_id", lang))
            return
        outcome = await run_in_threadpool(
            service.take_turn,
            self.app_state,
            session_id=socket.session_id,
            data=data,
            token=socket.token,
            client=socket.client,
            origin=socket.origin,
        )
        if outcome.session_id != socket.session_id:
            await self._join(sid, socket, outcome.session_id)
        for utterance in outcome.utterances:
            await self._emit(sid, utterance)

    async def _join(self, sid: str, socket: Socket, session_id: str, confirm: bool = True) -> None:
        """The socket now talks in `session_id`: it hears that conversation's pushes (from
        before session_confirm is sent, so that nothing stored after it is missed)."""
        if socket.session_id != session_id or socket.forwarding is None:
            await _stop(socket.forwarding)
            socket.session_id = session_id
            subscribed = asyncio.Event()
            socket.forwarding = asyncio.create_task(
                self._forward(sid, socket, session_id, subscribed)
            )
            with suppress(TimeoutError):
                await asyncio.wait_for(subscribed.wait(), SUBSCRIBE_WAIT_SECONDS)
        if confirm:
            # Rasa's channel confirms with the bare id; rasa-webchat takes it or {session_id}.
            await self.server.emit("session_confirm", session_id, to=sid, ignore_queue=True)

    async def _forward(
        self, sid: str, socket: Socket, session_id: str, subscribed: asyncio.Event
    ) -> None:
        """The conversation's pushes to this socket, as `bot_uttered`: messages that others
        stored (not this socket's own turns' replies, which its turn emits; not the user's
        own words from another tab, which rasa-webchat would draw as the bot's)."""
        try:
            async with self.app_state.broker.subscribe(conversation_channel(session_id)) as events:
                subscribed.set()
                async for event in events:
                    if event.get("type") != "message" or event.get("origin") == socket.origin:
                        continue
                    message = event.get("message")
                    if not isinstance(message, dict) or message.get("sender") == "user":
                        continue
                    # Checked with the socket's token now: who may see the conversation.
                    frame = await run_in_threadpool(
                        push.pushed_frame, self.app_state, session_id, socket.token, [message]
                    )
                    if frame is None:
                        continue
                    for pushed in frame["messages"]:
                        for utterance in service.utterances(pushed, frame["lang"]):
                            await self._emit(sid, utterance)
        except BrokerUnavailable as exc:
            # The socket still answers its own turns; pushes wait for the broker.
            log.warning("no server push for socket.io session %s: %s", session_id, exc)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.info("pushes to a socket.io client of %s stopped", session_id, exc_info=True)
        finally:
            subscribed.set()

    async def _emit(self, sid: str, utterance: service.Utterance) -> None:
        await self.server.emit("bot_uttered", utterance, to=sid, ignore_queue=True)


async def _stop(task: "asyncio.Task[None] | None") -> None:
    if task is None:
        return
    task.cancel()
    with suppress(asyncio.CancelledError):
        await task


class SocketIOMount(socketio.ASGIApp):
    """ASGI middleware: the socket.io path goes to the socket.io server, everything else
    (and the lifespan) to the app. Outermost, so that FastAPI's CORS middleware does not
    add its headers to socket.io's own."""

    def __init__(self, app: Any, *, channel: WebchatChannel, path: str) -> None:
        super().__init__(channel.server, other_asgi_app=app, socketio_path=path.strip("/"))


def install(app: Any, settings: Settings) -> WebchatChannel | None:
    """Mount the socket.io endpoint on `app` (a FastAPI app), unless its path is empty."""
    if not settings.socketio_path.strip("/"):
        return None
    channel = WebchatChannel(app.state, settings)
    app.state.webchat = channel
    app.add_middleware(SocketIOMount, channel=channel, path=settings.socketio_path)
    return channel
