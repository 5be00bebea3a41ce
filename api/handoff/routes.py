"""The live handoff over HTTP: the agents' console (presence, queue, accept, reply, article,
typing, transfer, hand back, close, tickets, and its WebSocket), the user's two routes
(leave the queue, « is typing ») and the action server's offer."""

import asyncio
import logging
from contextlib import suppress
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response, WebSocket, WebSocketDisconnect
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session
from starlette.datastructures import State

from api import i18n
from api.accounts import service as accounts
from api.accounts.models import User
from api.conversations import service as conversations
from api.conversations.models import message_payload
from api.deps import InternalCaller, OptionalUser, RasaDep, SessionDep, SettingsDep, require_role
from api.errors import ApiError, error_body, error_responses
from api.handoff import service
from api.handoff.contact import start_contact_form
from api.handoff.models import (
    AgentMessageCreate,
    AgentPresenceRead,
    CloseCreate,
    Handoff,
    HandoffDetail,
    HandoffList,
    HandoffRead,
    HandoffStateName,
    OfferRequest,
    PresenceUpdate,
    TicketList,
    TicketRead,
    TransferCreate,
)
from api.knowledge.routes import current_retriever
from api.portals.catalog import PortalCode
from api.procedures.models import BotTurn
from api.push.broker import BrokerUnavailable
from api.push.publish import agents_channel

log = logging.getLogger(__name__)

agent_router = APIRouter(prefix="/agent", tags=["handoff (agents)"])
router = APIRouter(prefix="/conversations", tags=["handoff"])
internal_router = APIRouter(prefix="/internal/handoff", tags=["internal"])

# Between two signs of life stored for an agent (a request, the console's socket): the
# timeout after which an agent counts as away is a minute or more.
SEEN_EVERY_SECONDS = 10.0


def _agent_seen(
    db: SessionDep, agent: Annotated[User, Depends(require_role("agent", "staff"))]
) -> User:
    """An agent's request is a sign of life (api.handoff.service.seen), committed at once:
    a route that only reads commits nothing."""
    if service.seen(db=db, agent_id=agent.id, every_seconds=SEEN_EVERY_SECONDS):
        db.commit()
    return agent


Agent = Annotated[User, Depends(_agent_seen)]


def _lang(request: Request) -> str:
    return i18n.from_accept_language(request.headers.get("accept-language"))


def _handoff(db: Session, handoff_id: str) -> Handoff:
    return service.get_or_raise(db=db, handoff_id=handoff_id)


# ---------------------------------------------------------------- presence


@agent_router.put(
    "/presence", response_model=AgentPresenceRead, responses=error_responses(401, 403)
)
def set_presence(body: PresenceUpdate, db: SessionDep, agent: Agent) -> AgentPresenceRead:
    presence = service.set_presence(db=db, agent=agent, status=body.status)
    db.commit()
    return AgentPresenceRead.model_validate(presence)


@agent_router.get(
    "/agents", response_model=list[AgentPresenceRead], responses=error_responses(401, 403)
)
def list_agents(db: SessionDep, settings: SettingsDep, _agent: Agent) -> list[AgentPresenceRead]:
    """The agents and their presence (to pick whom to transfer to): `available` only for
    those who chose it and are still there (their console open, or a recent request)."""
    return service.agent_presences(db=db, settings=settings)


# ---------------------------------------------------------------- handoffs


@agent_router.get("/handoffs", response_model=HandoffList, responses=error_responses(401, 403))
def list_handoffs(
    db: SessionDep,
    _agent: Agent,
    state: HandoffStateName | None = None,
    portal: PortalCode | None = None,
) -> HandoffList:
    """Oldest first, with each one's waiting time; without `state`, queued and active."""
    handoffs = service.list_handoffs(db=db, state=state, portal=portal)
    return HandoffList(items=[service.to_read(db=db, handoff=h) for h in handoffs])


@agent_router.get(
    "/handoffs/{handoff_id}",
    response_model=HandoffDetail,
    responses=error_responses(401, 403, 404),
)
def read_handoff(handoff_id: str, db: SessionDep, _agent: Agent) -> HandoffDetail:
    """The handoff, its summary and the whole transcript."""
    return service.to_detail(db=db, handoff=_handoff(db, handoff_id))


@agent_router.post(
    "/handoffs/{handoff_id}/accept",
    response_model=HandoffRead,
    responses=error_responses(401, 403, 404, 409),
)
def accept_handoff(
    handoff_id: str, request: Request, db: SessionDep, agent: Agent
) -> HandoffRead | JSONResponse:
    """Atomic: of several agents accepting at once, one gets it, the others 409."""
    handoff = _handoff(db, handoff_id)
    try:
        service.accept(db=db, handoff=handoff, agent=agent)
    except ApiError as exc:
        db.rollback()
        if exc.status_code != 409:
            raise
        body = error_body(exc.code, _lang(request), **exc.params)
        # The console's contract reads `detail`; the API's error shape is kept beside it.
        return JSONResponse(status_code=409, content={**body, "detail": body["error"]["message"]})
    db.commit()
    return service.to_read(db=db, handoff=handoff)


@agent_router.post(
    "/handoffs/{handoff_id}/messages",
    response_model=dict[str, Any],
    status_code=201,
    responses=error_responses(401, 403, 404, 409),
)
def write_to_user(
    handoff_id: str,
    body: AgentMessageCreate,
    db: SessionDep,
    agent: Agent,
) -> dict[str, Any]:
    """A reply (`text`) or a knowledge article (`article_id`), stored then pushed to the
    user; answers the stored message as the chat contract carries it."""
    handoff = _handoff(db, handoff_id)
    if body.article_id is not None:
        # Asked for only here: a reply never waits for the knowledge index to load.
        message = service.send_article(
            db=db,
            handoff=handoff,
            agent=agent,
            article_id=body.article_id,
            retriever=current_retriever(),
        )
    else:
        message = service.reply(db=db, handoff=handoff, agent=agent, text=body.text or "")
    db.commit()
    return message_payload(message)


@agent_router.post(
    "/handoffs/{handoff_id}/typing",
    status_code=204,
    response_class=Response,
    responses=error_responses(401, 403, 404, 409),
)
def agent_typing(handoff_id: str, db: SessionDep, agent: Agent) -> Response:
    service.agent_typing(db=db, handoff=_handoff(db, handoff_id), agent=agent)
    db.commit()
    return Response(status_code=204)


@agent_router.post(
    "/handoffs/{handoff_id}/transfer",
    response_model=HandoffRead,
    responses=error_responses(401, 403, 404, 409),
)
def transfer_handoff(
    handoff_id: str, body: TransferCreate, db: SessionDep, agent: Agent
) -> HandoffRead:
    handoff = _handoff(db, handoff_id)
    service.transfer(db=db, handoff=handoff, agent=agent, to_agent_id=body.agent_id)
    db.commit()
    return service.to_read(db=db, handoff=handoff)


@agent_router.post(
    "/handoffs/{handoff_id}/hand-back",
    response_model=HandoffRead,
    responses=error_responses(401, 403, 404, 409),
)
def hand_back(handoff_id: str, db: SessionDep, rasa: RasaDep, agent: Agent) -> HandoffRead:
    """The conversation goes back to the bot (Rasa resumed), which answers the next message."""
    handoff = _handoff(db, handoff_id)
    service.hand_back(db=db, handoff=handoff, agent=agent)
    db.commit()
    service.resume_rasa(rasa=rasa, session_id=handoff.session_id)
    return service.to_read(db=db, handoff=handoff)


@agent_router.post(
    "/handoffs/{handoff_id}/close",
    response_model=HandoffRead,
    responses=error_responses(401, 403, 404, 409),
)
def close_handoff(
    handoff_id: str, body: CloseCreate, db: SessionDep, rasa: RasaDep, agent: Agent
) -> HandoffRead:
    """Closed with a resolution note; the user's next message goes to the bot."""
    handoff = _handoff(db, handoff_id)
    service.close(db=db, handoff=handoff, agent=agent, resolution=body.resolution)
    db.commit()
    service.resume_rasa(rasa=rasa, session_id=handoff.session_id)
    return service.to_read(db=db, handoff=handoff)


@agent_router.get("/tickets", response_model=TicketList, responses=error_responses(401, 403))
def list_tickets(
    db: SessionDep, _agent: Agent, limit: Annotated[int, Query(ge=1, le=500)] = 200
) -> TicketList:
    """The contact forms sent when no agent was available, newest first."""
    return TicketList(
        items=[TicketRead.model_validate(t) for t in service.list_tickets(db=db, limit=limit)]
    )


# ---------------------------------------------------------------- the agents' socket


@agent_router.websocket("/ws")
async def agent_ws(
    websocket: WebSocket,
    token: str = "",
    last_message_id: Annotated[list[str] | None, Query()] = None,
) -> None:
    """Pushes `{"type": "queue"}` (the queue changed: refetch), `{"type": "message",
    "handoff_id", "message"}`, `{"type": "typing", "handoff_id"}` and `{"type":
    "delivered", "handoff_id", "message_id", "delivered_at"}` (the user's widget has every
    message up to that one) to a signed-in agent (the same bearer token as the HTTP
    routes, in the query), across replicas with Redis.

    Reconnecting, the console names the last message it has of each conversation it shows
    (`last_message_id`, repeated: `?last_message_id=a&last_message_id=b`): after `ready`,
    it is sent the messages stored after each (the same `message` events, oldest first,
    none twice), then `{"type": "queue"}` so that it refetches the queue it may have
    missed changes of."""
    await websocket.accept()
    app_state = websocket.app.state
    agent_id = await run_in_threadpool(_agent_id, app_state, token) if token else None
    if agent_id is None:
        await websocket.send_json(
            error_body("forbidden_role" if token else "not_authenticated", "fr")
        )
        await websocket.close(code=1008)
        return
    try:
        async with app_state.broker.subscribe(agents_channel()) as events:
            await websocket.send_json({"type": "ready"})
            already: set[str] = set()
            if last_message_id:
                # Subscribed first: what is stored from now on is pushed, what was stored
                # before is caught up here; a message in both is sent once.
                missed = await run_in_threadpool(_missed, app_state, last_message_id)
                for event in missed:
                    already.add(event["message"]["id"])
                    await websocket.send_json(event)
                await websocket.send_json({"type": "queue"})
            forwarding = asyncio.create_task(_forward(websocket, events, already))
            # While the console is open, its agent is there (presence that does not lie).
            alive = asyncio.create_task(_keep_present(app_state, agent_id))
            try:
                while True:
                    message = await websocket.receive()
                    if message["type"] == "websocket.disconnect":
                        return
            finally:
                for task in (forwarding, alive):
                    task.cancel()
                    with suppress(asyncio.CancelledError):
                        await task
    except BrokerUnavailable as exc:
        log.warning("no push to an agent's console: %s", exc)
        await websocket.close(code=1011)
    except WebSocketDisconnect:
        return


async def _forward(websocket: WebSocket, events: Any, already: set[str]) -> None:
    try:
        async for event in events:
            if event.get("type") not in ("queue", "message", "typing", "delivered"):
                continue
            if event.get("type") == "message" and already:
                message = event.get("message")
                if isinstance(message, dict) and message.get("id") in already:
                    already.discard(message["id"])
                    continue
            await websocket.send_json(event)
    except asyncio.CancelledError:
        raise
    except Exception:
        log.info("pushes to an agent's console stopped", exc_info=True)


def _missed(app_state: State, last_message_ids: list[str]) -> list[dict[str, Any]]:
    with app_state.session_factory() as db:
        return service.missed_by_console(db=db, last_message_ids=last_message_ids)


def _agent_id(app_state: State, token: str) -> str | None:
    """The agent (or staff member) the token is for, else None."""
    with app_state.session_factory() as db:
        user = accounts.user_for_token(db=db, token=token)
        return user.id if user is not None and user.role in service.AGENT_ROLES else None


def _seen(app_state: State, agent_id: str) -> None:
    with app_state.session_factory() as db:
        if service.seen(db=db, agent_id=agent_id):
            db.commit()


async def _keep_present(app_state: State, agent_id: str) -> None:
    """The agent is seen now, then every third of the away timeout, until the socket closes
    (then, with no request either, the agent counts as away once the timeout passes)."""
    every = max(0.5, app_state.settings.agent_away_after_seconds / 3)
    while True:
        try:
            await run_in_threadpool(_seen, app_state, agent_id)
        except Exception:  # the database away for a moment: try again next time
            log.warning("presence of agent %s not refreshed", agent_id, exc_info=True)
        await asyncio.sleep(every)


# ---------------------------------------------------------------- the user's side


@router.post(
    "/{session_id}/handoff/leave",
    response_model=HandoffRead,
    responses=error_responses(401, 404, 409),
)
def leave_queue(session_id: str, db: SessionDep, rasa: RasaDep, user: OptionalUser) -> HandoffRead:
    """Leave the queue (or the agent): the bot answers again."""
    conversation = conversations.get_or_raise(
        db=db, session_id=session_id, user_id=user.id if user else None
    )
    handoff = service.leave(db=db, conversation=conversation)
    db.commit()
    service.resume_rasa(rasa=rasa, session_id=session_id)
    return service.to_read(db=db, handoff=handoff)


@router.post(
    "/{session_id}/typing",
    status_code=204,
    response_class=Response,
    responses=error_responses(401, 404),
)
def user_typing(session_id: str, db: SessionDep, user: OptionalUser) -> Response:
    """The user is typing: forwarded to the agent's console (nothing when no agent)."""
    conversation = conversations.get_or_raise(
        db=db, session_id=session_id, user_id=user.id if user else None
    )
    service.user_typing(db=db, conversation=conversation)
    db.commit()
    return Response(status_code=204)


# ---------------------------------------------------------------- action server


@internal_router.post("/offer", response_model=BotTurn, responses=error_responses(401))
def offer_handoff(
    body: OfferRequest, db: SessionDep, settings: SettingsDep, _caller: InternalCaller
) -> BotTurn:
    """What to say when the user asks for a person: the queue position and expected wait
    with « Oui / Non » (status "asking": a confirmation, never an automatic transfer);
    already queued or with an agent ("none"); or nobody available: the phone and the
    contact form, started in the procedures engine (its first question, "asking")."""
    status, messages = service.offer(
        db=db, settings=settings, session_id=body.session_id, reason=body.reason
    )
    if status != "contact":
        return BotTurn(status="human" if status == "offer" else "none", messages=messages)
    turn = start_contact_form(db=db, session_id=body.session_id)
    db.commit()
    return BotTurn(status=turn.status, messages=[*messages, *turn.messages], draft_id=turn.draft_id)
