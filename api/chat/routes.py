"""The public chat contract: POST /chat and the /chat/ws WebSocket."""

import asyncio
import json
import logging
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack, suppress
from typing import Any

from fastapi import APIRouter, Request, WebSocket, WebSocketDisconnect
from fastapi.concurrency import run_in_threadpool
from pydantic import ValidationError
from starlette.datastructures import State

from api.accounts import service as accounts
from api.chat import push, service
from api.chat.models import ChatRequest, ChatResponse, is_message_id, is_session_id
from api.conversations import service as conversations
from api.conversations.service import new_key
from api.deps import (
    CONVERSATION_KEY_COOKIE,
    ConversationKey,
    OptionalUser,
    RasaDep,
    SessionDep,
    SettingsDep,
    key_cookie,
    valid_key,
)
from api.errors import ApiError, error_body, error_responses, lang_of_body, validation_error_code
from api.handoff import service as handoffs
from api.push.broker import BrokerUnavailable, Event, conversation_channel
from api.rate_limits import client_of, limits_of

log = logging.getLogger(__name__)

router = APIRouter(prefix="/chat", tags=["chat"])


@router.post("", response_model=ChatResponse, responses=error_responses(401, 404, 429))
def chat(
    request: ChatRequest,
    http: Request,
    db: SessionDep,
    rasa: RasaDep,
    settings: SettingsDep,
    user: OptionalUser,
    key: ConversationKey,
) -> ChatResponse:
    # A refusal is told in the message's language (api.errors reads request.state.lang).
    http.state.lang = lang_of_body({"lang": request.lang, "message": request.message})
    # Before anything is stored: a refused message is the client's to send again.
    limits_of(http).hit("chat", session_id=request.session_id, client=client_of(http))
    # The replies come back in this response: the sockets of the conversation get them too.
    db.info["origin"] = f"http:{uuid.uuid4().hex}"
    return service.handle_turn(
        db=db, rasa=rasa, settings=settings, request=request, user=user, owner_key=key
    )


@router.websocket("/ws")
async def chat_ws(
    websocket: WebSocket,
    session_id: str = "",
    access_token: str = "",
    conversation_key: str = "",
    last_message_id: str = "",
) -> None:
    """The chat contract over a socket: a frame in, the chat response out; and, unasked,
    every message stored for the conversation by someone else (an agent, a notification,
    another tab), as a chat response frame with `"pushed": true`. `last_message_id`: the
    last message the client has; what was stored after it is sent first (one pushed
    frame), so a client that reconnects misses nothing."""
    # The conversation key (see api.deps): the query's, else the cookie's, else a new one
    # handed to the browser with the handshake.
    key = valid_key(conversation_key) or valid_key(websocket.cookies.get(CONVERSATION_KEY_COOKIE))
    handshake_headers = None
    if key is None:
        key = new_key()
        cookie = key_cookie(key, secure=websocket.url.scheme == "wss")
        handshake_headers = [(b"set-cookie", cookie.encode("latin-1"))]
    await websocket.accept(headers=handshake_headers)
    if not is_session_id(session_id):
        await websocket.send_json(error_body("invalid_session_id", "fr"))
        await websocket.close(code=1008)
        return
    app_state = websocket.app.state
    # Browsers cannot set headers on a WebSocket: the token comes in the query.
    token = access_token or None
    if token and not await run_in_threadpool(_token_is_live, app_state, token):
        await websocket.send_json(error_body("invalid_token", "fr"))
        await websocket.close(code=1008)
        return
    client = client_of(websocket)
    # This socket's name on the events it causes: its own turn's replies come back in the
    # answer frame, not a second time as pushes.
    origin = f"ws:{uuid.uuid4().hex}"
    sending = asyncio.Lock()

    async def send(frame: dict[str, Any]) -> None:
        async with sending:
            await websocket.send_json(frame)

    try:
        async with AsyncExitStack() as stack:
            events = await _subscribe(stack, app_state, session_id)
            already: set[str] = set()
            if last_message_id and is_message_id(last_message_id):
                missed = await run_in_threadpool(
                    push.missed_frame, app_state, session_id, token, last_message_id
                )
                if missed is not None:
                    already = {m["id"] for m in missed["messages"]}
                    await send(missed)
            if events is not None:
                forwarding = asyncio.create_task(
                    _forward(events, app_state, session_id, token, origin, already, send)
                )
                # Stopped before the subscription closes under it.
                stack.push_async_callback(_stop, forwarding)
            while True:
                message = await websocket.receive()
                if message["type"] == "websocket.disconnect":
                    return
                frame = message.get("text")
                if frame is None:
                    # A binary frame: the contract is JSON text; say so and keep listening.
                    reply: dict[str, Any] = error_body("binary_frame", "fr")
                else:
                    answer = await run_in_threadpool(
                        _turn_from_frame, app_state, session_id, frame, token, client, key, origin
                    )
                    if answer is None:  # an acknowledgement: nothing to answer
                        continue
                    reply = answer
                await send(reply)
    except WebSocketDisconnect:
        return
    except Exception:
        # A bug, not bad input: log it and close properly (1011) rather than drop the socket.
        log.exception("chat WebSocket %s failed", session_id)
        await websocket.close(code=1011)


async def _stop(task: "asyncio.Task[None]") -> None:
    task.cancel()
    with suppress(asyncio.CancelledError):
        await task


async def _subscribe(
    stack: AsyncExitStack, app_state: State, session_id: str
) -> AsyncIterator[Event] | None:
    """The conversation's pushes, or None when the broker cannot be reached (Redis down):
    the socket still answers, and the client catches up when it reconnects."""
    try:
        return await stack.enter_async_context(
            app_state.broker.subscribe(conversation_channel(session_id))
        )
    except BrokerUnavailable as exc:
        log.warning("no server push for %s: %s", session_id, exc)
        return None


async def _forward(
    events: AsyncIterator[Event],
    app_state: State,
    session_id: str,
    token: str | None,
    origin: str,
    already: set[str],
    send: Callable[[dict[str, Any]], Awaitable[None]],
) -> None:
    """Relay the conversation's pushes to this socket, each checked against who may see it
    now (the conversation may have become a signed-in user's since the socket opened)."""
    try:
        async for event in events:
            if event.get("origin") == origin:
                continue
            typing = event.get("type") == "typing"
            if event.get("type") == "state" or typing:
                # The handoff moved (or the agent is typing): a frame with no message, the
                # `handoff` state (and `typing`).
                messages: list[dict[str, Any]] = []
            elif event.get("type") == "message":
                message = event.get("message")
                if not isinstance(message, dict) or message.get("id") in already:
                    continue
                messages = [message]
            else:
                continue
            frame = await run_in_threadpool(
                push.pushed_frame, app_state, session_id, token, messages
            )
            if frame is not None:
                if typing:
                    # Additive: a client that ignores `typing` sees an empty pushed frame.
                    frame["typing"] = {"sender": "agent"}
                await send(frame)
    except asyncio.CancelledError:
        raise
    except Exception:
        # The socket closed under a send, or a bug: pushes stop, the socket's turns go on.
        log.info("pushes to a chat socket of %s stopped", session_id, exc_info=True)


def _token_is_live(app_state: State, token: str) -> bool:
    with app_state.session_factory() as db:
        return accounts.user_for_token(db=db, token=token) is not None


def _ack(
    app_state: State, session_id: str, body: dict[str, Any], token: str | None
) -> dict[str, Any] | None:
    """`{"type": "ack", "id": <message id>}`: the client has every message up to that one
    (additive to the chat contract; a client that never acks works as before). Stored as
    the messages' `delivered_at` and told to the agents' consoles; nothing is answered,
    except an error for an ack that names no message id."""
    message_id = body.get("id")
    if not isinstance(message_id, str) or not is_message_id(message_id):
        return error_body("invalid_request", "fr", detail="an ack names a message id")
    with app_state.session_factory() as db:
        conversation = push.visible(db, session_id, token)
        if conversation is None:
            return None
        delivered = conversations.mark_delivered(
            db=db, conversation=conversation, message_id=message_id
        )
        if delivered is not None:
            handoffs.notify_delivered(db=db, conversation=conversation, message=delivered)
        db.commit()
    return None


def _turn_from_frame(
    app_state: State,
    session_id: str,
    frame: str,
    token: str | None,
    client: str | None,
    key: str | None,
    origin: str | None = None,
) -> dict[str, Any] | None:
    """One WebSocket frame in, one chat response (or error) frame out; None for an
    acknowledgement (`{"type": "ack", "id"}`), which is answered with nothing."""
    try:
        body = json.loads(frame)
    except (ValueError, RecursionError):
        return error_body("malformed_json", "fr")
    if not isinstance(body, dict):
        return error_body("invalid_request", "fr", detail="a JSON object is expected")
    if body.get("type") == "ack":
        return _ack(app_state, session_id, body, token)
    body.setdefault("session_id", session_id)
    if body["session_id"] != session_id:
        return error_body("invalid_session_id", lang_of_body(body) or "fr")
    try:
        request = ChatRequest.model_validate(body)
    except ValidationError as exc:
        code, params = validation_error_code([dict(error) for error in exc.errors()])
        return error_body(code, lang_of_body(body) or "fr", **params)
    lang = lang_of_body(body) or "fr"
    try:
        app_state.rate_limits.hit("chat", session_id=session_id, client=client)
    except ApiError as exc:
        refusal = error_body(exc.code, lang, **exc.params)
        # The HTTP answer's Retry-After, in the frame (a WebSocket has no headers).
        refusal["error"]["retry_after"] = int((exc.headers or {}).get("Retry-After", "1"))
        return refusal
    with app_state.session_factory() as db:
        db.info["origin"] = origin
        # Checked per frame: a token revoked (logout) mid-connection stops working at once.
        user = accounts.user_for_token(db=db, token=token) if token else None
        if token and user is None:
            return error_body("invalid_token", lang)
        try:
            response = service.handle_turn(
                db=db,
                rasa=app_state.rasa,
                settings=app_state.settings,
                request=request,
                user=user,
                owner_key=key,
            )
        except ApiError as exc:
            return error_body(exc.code, lang, **exc.params)
    return response.model_dump(mode="json")
