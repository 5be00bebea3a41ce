"""The live handoff: a conversation queued for a PORTNET agent, accepted by one (atomically),
served, transferred, handed back to the bot or closed. Every function takes the session
and keyword arguments only and flushes; the caller commits (the routes, the chat turn).

What changes is stored in the conversation (notices, the agent's messages, its `state`)
and so pushed to the user's sockets once committed (api.push.publish); the agents'
consoles hear `{"type": "queue"}`, `{"type": "message"}` and `{"type": "typing"}` on
their own channel, published after commit too. Rasa is paused and resumed by the
callers, after commit (`pause_rasa` / `resume_rasa`), so a failed commit never leaves
Rasa paused for a conversation the bot still answers."""

import logging
import secrets
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import ColumnElement, and_, func, select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from api import i18n
from api.accounts import service as accounts
from api.accounts.models import User
from api.chat.models import HandoffState
from api.config import Settings
from api.conversations import service as conversations
from api.conversations.models import AgentRead, Conversation, Message, as_said, message_payload
from api.database import as_utc, utcnow
from api.errors import ApiError, NotFound
from api.handoff import texts as _texts  # noqa: F401  (registers the refusals)
from api.handoff.models import (
    AgentPresence,
    AgentPresenceRead,
    Handoff,
    HandoffDetail,
    HandoffRead,
    HandoffStateName,
    HandoffSummary,
    PresenceStatus,
    Reason,
    Ticket,
)
from api.handoff.texts import notice
from api.knowledge import service as knowledge
from api.procedures import definitions
from api.procedures.models import Draft, TurnButton, TurnMessage
from api.push.publish import agents_channel, publish_after_commit
from api.rasa_client import RasaClient, RasaUnavailable
from knowledge.retriever import Retriever

log = logging.getLogger(__name__)

OPEN_STATES: tuple[HandoffStateName, ...] = ("queued", "active")
AGENT_ROLES = ("agent", "staff")
# The console shows « is typing » this long after the user's last keystroke signal.
TYPING_SECONDS = 6
# Typing signals closer together than this are not stored nor pushed again.
TYPING_REPEAT_SECONDS = 2
# What the summary keeps of the conversation.
SUMMARY_QUESTIONS = 5
SUMMARY_ARTICLES = 5
# Buttons of the offer and of the queue notice: the core reads them (api.chat.service),
# Rasa never sees them.
CONFIRM_PAYLOAD = "/handoff_confirm"
DECLINE_PAYLOAD = "/handoff_decline"
LEAVE_PAYLOAD = "/handoff_leave"
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


# ---------------------------------------------------------------- lookups


def get_or_raise(*, db: Session, handoff_id: str) -> Handoff:
    handoff = db.get(Handoff, handoff_id) if len(handoff_id) <= 32 else None
    if handoff is None:
        raise NotFound("handoff_not_found")
    return handoff


def open_for(*, db: Session, conversation: Conversation) -> Handoff | None:
    """The conversation's handoff still queued or active, if any (at most one)."""
    return db.scalars(
        select(Handoff)
        .where(Handoff.conversation_id == conversation.id, Handoff.state.in_(OPEN_STATES))
        .order_by(Handoff.queued_at.desc())
    ).first()


def conversation_of(*, db: Session, handoff: Handoff) -> Conversation:
    conversation = db.get(Conversation, handoff.conversation_id)
    if conversation is None:  # deleted with its conversation (cascade): never reached
        raise NotFound("handoff_not_found")
    return conversation


def list_handoffs(
    *, db: Session, state: HandoffStateName | None = None, portal: str | None = None
) -> list[Handoff]:
    """Oldest first; without `state`, the open ones (queued and active)."""
    query = select(Handoff)
    query = (
        query.where(Handoff.state == state)
        if state is not None
        else query.where(Handoff.state.in_(OPEN_STATES))
    )
    if portal is not None:
        query = query.where(Handoff.portal == portal)
    order = Handoff.closed_at.desc() if state == "closed" else Handoff.queued_at
    return list(db.scalars(query.order_by(order).limit(500)))


def position(*, db: Session, handoff: Handoff) -> int | None:
    """Place in the queue (1: next), for a queued handoff; None otherwise. One queue for
    every portal: any agent may take any conversation."""
    if handoff.state != "queued":
        return None
    ahead = db.scalar(
        select(func.count())
        .select_from(Handoff)
        .where(
            Handoff.state == "queued",
            Handoff.queued_at < handoff.queued_at,
            Handoff.id != handoff.id,
        )
    )
    return int(ahead or 0) + 1


def expected_minutes(*, db: Session, settings: Settings, place: int) -> int:
    """A rough wait: the conversations ahead shared by the agents available."""
    agents = db.scalar(
        select(func.count())
        .select_from(AgentPresence)
        .where(_live_available(seen_since(settings=settings)))
    )
    per = max(1, settings.handoff_minutes_per_conversation)
    return max(1, -(-place * per // max(1, int(agents or 0))))


# ---------------------------------------------------------------- summary


def summary(*, db: Session, conversation: Conversation) -> dict[str, Any]:
    """What the bot tried: the user's last questions, the articles it showed, and the
    procedure draft in progress (the signed-in owner's)."""
    messages = conversations.list_messages(db=db, conversation=conversation)
    questions = [
        m.text for m in messages if m.sender == "user" and m.text and not m.text.startswith("/")
    ][-SUMMARY_QUESTIONS:]
    articles: list[dict[str, str]] = []
    for message in messages:
        if message.sender != "bot":
            continue
        for source in message.sources or []:
            shown = {"title": str(source.get("title", "")), "url": str(source.get("url", ""))}
            if shown["title"] and shown not in articles:
                articles.append(shown)
    procedure: dict[str, Any] | None = None
    if conversation.user_id is not None:
        draft = db.scalars(
            select(Draft)
            .where(Draft.owner_user_id == conversation.user_id, Draft.status == "draft")
            .order_by(Draft.updated_at.desc())
        ).first()
        if draft is not None:
            procedure = _draft_summary(draft, conversation.lang)
    return HandoffSummary.model_validate(
        {"questions": questions, "articles": articles[-SUMMARY_ARTICLES:], "procedure": procedure}
    ).model_dump(mode="json")


def _draft_summary(draft: Draft, lang: str) -> dict[str, Any]:
    from api.procedures import service as procedures  # the engine loads the catalog

    procedures.load_catalog()
    declared = definitions.get(draft.kind)
    lang = i18n.reply_lang(lang)
    name = definitions.in_lang(declared.title, lang) if declared else draft.kind
    step: str | None = None
    if declared is not None:
        index, _ = procedures.position(declared, draft)
        if index < len(declared.steps):
            step = definitions.in_lang(declared.steps[index].title, lang)
    return {"name": name, "step": step, "answers": procedures.answers(draft)}


# ---------------------------------------------------------------- shapes


def _seconds(since: datetime, until: datetime) -> int:
    return max(0, int((as_utc(until) - as_utc(since)).total_seconds()))


def to_read(*, db: Session, handoff: Handoff, now: datetime | None = None) -> HandoffRead:
    now = now or utcnow()
    waited_until = handoff.accepted_at or handoff.closed_at or now
    typing = (
        handoff.state in OPEN_STATES
        and handoff.user_typing_at is not None
        and _seconds(handoff.user_typing_at, now) <= TYPING_SECONDS
    )
    return HandoffRead(
        id=handoff.id,
        session_id=handoff.session_id,
        state=handoff.state,
        portal=handoff.portal,
        language=handoff.language,
        user_name=handoff.user_name,
        agent_id=handoff.agent_id,
        agent_name=handoff.agent_name,
        reason=handoff.reason,
        queued_at=handoff.queued_at,
        accepted_at=handoff.accepted_at,
        closed_at=handoff.closed_at,
        waiting_seconds=_seconds(handoff.queued_at, waited_until),
        position=position(db=db, handoff=handoff),
        user_typing=typing,
        resolution=handoff.resolution,
        summary=HandoffSummary.model_validate(handoff.summary or {}),
    )


def to_detail(*, db: Session, handoff: Handoff) -> HandoffDetail:
    """The transcript's messages as the chat contract carries them, plus (for the console
    only) `delivered_at`: when the user's widget acknowledged it, or null."""
    conversation = conversation_of(db=db, handoff=handoff)
    transcript = as_said(
        [
            {**message_payload(m), "delivered_at": _iso(m.delivered_at)}
            for m in conversations.list_messages(db=db, conversation=conversation)
        ]
    )
    return HandoffDetail(**to_read(db=db, handoff=handoff).model_dump(), transcript=transcript)


def handoff_state(*, db: Session, conversation: Conversation) -> HandoffState:
    """The chat contract's `handoff` for this conversation: its state, the place in the
    queue while queued, the agent's name while with one."""
    state = HandoffState.of(conversation.state)
    if conversation.state not in ("queued", "agent"):
        return state
    handoff = open_for(db=db, conversation=conversation)
    if handoff is None:
        return state
    if handoff.state == "queued":
        state.position = position(db=db, handoff=handoff)
    elif handoff.agent_name:
        state.agent = AgentRead(name=handoff.agent_name)
    return state


# ---------------------------------------------------------------- agents' channel


def _queue_changed(db: Session) -> None:
    publish_after_commit(db, agents_channel(), {"type": "queue"})


def notify_agents_of_message(
    *,
    db: Session,
    conversation: Conversation,
    message: Message,
    handoff: Handoff | None = None,
) -> None:
    """A message stored in a conversation with an open handoff (or of `handoff`, one being
    closed) reaches the consoles."""
    handoff = handoff or open_for(db=db, conversation=conversation)
    if handoff is None:
        return
    publish_after_commit(
        db,
        agents_channel(),
        {"type": "message", "handoff_id": handoff.id, "message": message_payload(message)},
    )


# A reconnecting console names at most this many last messages (one per conversation it
# shows), and gets at most this many messages after each.
CATCH_UP_CURSORS = 50
CATCH_UP_MESSAGES = 200


def missed_by_console(*, db: Session, last_message_ids: list[str]) -> list[dict[str, Any]]:
    """What a reconnecting console missed: for each of its cursors (the last message it
    has of a conversation with a handoff), the messages stored after it in that
    conversation, oldest first, as the socket's `{"type": "message"}` events (under the
    conversation's latest handoff). An unknown id, or a message of a conversation that
    never had a handoff, gives nothing."""
    events: list[dict[str, Any]] = []
    for message_id in list(dict.fromkeys(last_message_ids))[:CATCH_UP_CURSORS]:
        last = db.get(Message, message_id) if 0 < len(message_id) <= 32 else None
        if last is None:
            continue
        handoff = db.scalars(
            select(Handoff)
            .where(Handoff.conversation_id == last.conversation_id)
            .order_by(Handoff.queued_at.desc())
        ).first()
        if handoff is None:
            continue
        missed = db.scalars(
            select(Message)
            .where(Message.conversation_id == last.conversation_id, Message.seq > last.seq)
            .order_by(Message.seq)
            .limit(CATCH_UP_MESSAGES)
        )
        events.extend(
            {"type": "message", "handoff_id": handoff.id, "message": message_payload(m)}
            for m in missed
        )
    return events


def _iso(moment: datetime | None) -> str | None:
    return as_utc(moment).isoformat().replace("+00:00", "Z") if moment is not None else None


def notify_delivered(*, db: Session, conversation: Conversation, message: Message) -> None:
    """The user's widget has every message up to `message`: the consoles show « delivered »
    (`{"type": "delivered", "handoff_id", "message_id", "delivered_at"}`, cumulative)."""
    handoff = open_for(db=db, conversation=conversation)
    if handoff is None:
        return
    publish_after_commit(
        db,
        agents_channel(),
        {
            "type": "delivered",
            "handoff_id": handoff.id,
            "message_id": message.id,
            "delivered_at": _iso(message.delivered_at),
        },
    )


def _notice(
    db: Session,
    conversation: Conversation,
    key: str,
    *,
    handoff: Handoff | None = None,
    **params: object,
) -> Message:
    lang = i18n.reply_lang(conversation.lang)
    message = conversations.add_message(
        db=db,
        conversation=conversation,
        sender="system",
        text=notice(key, lang, **params),
        lang=lang,
        buttons=(
            [{"title": notice("leave_button", lang), "payload": LEAVE_PAYLOAD}]
            if key in ("queued", "already_queued")
            else None
        ),
    )
    notify_agents_of_message(db=db, conversation=conversation, message=message, handoff=handoff)
    return message


# ---------------------------------------------------------------- the user's side


def offer(
    *, db: Session, settings: Settings, session_id: str, reason: Reason
) -> tuple[str, list[TurnMessage]]:
    """What TijarIA says when the user asks for a person (or is offered one): the queue
    position and expected wait with « Oui / Non » buttons (never an automatic transfer),
    or, when nobody is available, "contact" (the caller starts the contact form).
    Returns (status, messages): "offer", "already" (queued or with an agent) or "contact"."""
    conversation = conversations.get(db=db, session_id=session_id)
    lang = i18n.reply_lang(conversation.lang if conversation else None)
    if conversation is not None:
        already = open_for(db=db, conversation=conversation)
        if already is not None:
            place = position(db=db, handoff=already) or 0
            if already.state == "active":
                text = notice("agent_joined", lang, name=already.agent_name or "")
            else:
                text = notice("already_queued", lang, position=place)
            return "already", [TurnMessage(text=text)]
    if not anyone_available(db=db, settings=settings):
        return "contact", [TurnMessage(text=notice("nobody", lang, phone=settings.support_phone))]
    queued = db.scalar(select(func.count()).select_from(Handoff).where(Handoff.state == "queued"))
    place = int(queued or 0) + 1
    minutes = expected_minutes(db=db, settings=settings, place=place)
    return "offer", [
        TurnMessage(
            text=notice("offer", lang, position=place, minutes=minutes),
            buttons=[
                TurnButton(
                    title=notice("offer_yes", lang),
                    payload=f'{CONFIRM_PAYLOAD}{{"reason":"{reason}"}}',
                ),
                TurnButton(title=notice("offer_no", lang), payload=DECLINE_PAYLOAD),
            ],
        )
    ]


def request(
    *, db: Session, settings: Settings, conversation: Conversation, reason: Reason = "asked"
) -> Handoff:
    """The user confirmed: the conversation is queued for an agent, and told its place.
    Asking again while queued (or with an agent) keeps the handoff there is."""
    already = open_for(db=db, conversation=conversation)
    if already is not None:
        return already
    owner = (
        accounts.get(db=db, user_id=conversation.user_id)
        if conversation.user_id is not None
        else None
    )
    handoff = Handoff(
        conversation_id=conversation.id,
        session_id=conversation.session_id,
        state="queued",
        portal=conversation.portal,
        language=i18n.reply_lang(conversation.lang),
        user_id=owner.id if owner else None,
        user_name=owner.display_name if owner else None,
        reason=reason,
        summary=summary(db=db, conversation=conversation),
        queued_at=utcnow(),
    )
    db.add(handoff)
    try:
        db.flush()
    except (IntegrityError, OperationalError):
        # The same confirmation taken at once elsewhere (another replica): that one stands
        # (PostgreSQL: the unique index; SQLite: the other write came first).
        db.rollback()
        existing = open_for(db=db, conversation=conversation)
        if existing is None:
            raise
        return existing
    conversations.set_state(db=db, conversation=conversation, state="queued")
    place = position(db=db, handoff=handoff) or 1
    _notice(
        db,
        conversation,
        "queued",
        position=place,
        minutes=expected_minutes(db=db, settings=settings, place=place),
    )
    _queue_changed(db)
    return handoff


def leave(*, db: Session, conversation: Conversation) -> Handoff:
    """The user leaves the queue (or the agent): the bot answers again."""
    handoff = open_for(db=db, conversation=conversation)
    if handoff is None:
        raise ApiError("handoff_none_open", status_code=409)
    _finish(db, handoff, conversation, resolution="left", state="bot", key="left")
    return handoff


def user_typing(*, db: Session, conversation: Conversation) -> Handoff | None:
    """The user is typing: the agent's console shows it for a few seconds."""
    handoff = open_for(db=db, conversation=conversation)
    if handoff is None:
        return None
    now = utcnow()
    last = handoff.user_typing_at
    if last is not None and _seconds(last, now) < TYPING_REPEAT_SECONDS:
        # A widget says it on every keystroke: once every few seconds is news enough.
        return handoff
    handoff.user_typing_at = now
    db.flush()
    publish_after_commit(db, agents_channel(), {"type": "typing", "handoff_id": handoff.id})
    return handoff


# ---------------------------------------------------------------- the agents' side


def _require_agent_user(db: Session, agent_id: str) -> User:
    user = accounts.get(db=db, user_id=agent_id)
    if user is None or user.role not in AGENT_ROLES or not user.is_active:
        raise NotFound("handoff_unknown_agent")
    return user


def _ensure_active_for(handoff: Handoff, agent: User) -> None:
    if handoff.state != "active":
        raise ApiError("handoff_not_active", status_code=409, state=handoff.state)
    if handoff.agent_id != agent.id:
        raise ApiError("handoff_not_yours", status_code=409, agent=handoff.agent_name or "?")


def accept(*, db: Session, handoff: Handoff, agent: User) -> Handoff:
    """The agent takes a queued conversation: one conditional UPDATE, so of two agents
    (or two replicas) accepting at once exactly one wins; the other gets 409."""
    now = utcnow()
    try:
        taken = db.execute(
            update(Handoff)
            .where(Handoff.id == handoff.id, Handoff.state == "queued")
            .values(
                state="active", agent_id=agent.id, agent_name=agent.display_name, accepted_at=now
            )
            .execution_options(synchronize_session=False)
        )
        won = taken.rowcount == 1  # type: ignore[attr-defined]
    except OperationalError:
        # SQLite (WAL): a transaction that read before another one committed its write may
        # not write at all (SQLITE_BUSY_SNAPSHOT). Whoever wrote took it, or it is an error.
        db.rollback()
        db.refresh(handoff)
        if handoff.state == "queued":
            raise
        won = False
    db.refresh(handoff)
    if not won:
        if handoff.state == "active":
            raise ApiError("handoff_taken", status_code=409)
        raise ApiError("handoff_not_queued", status_code=409, state=handoff.state)
    conversation = conversation_of(db=db, handoff=handoff)
    conversations.set_state(db=db, conversation=conversation, state="agent")
    _notice(db, conversation, "agent_joined", name=agent.display_name)
    _queue_changed(db)
    return handoff


def reply(*, db: Session, handoff: Handoff, agent: User, text: str) -> Message:
    """The agent's message, stored (sender agent, their name) and pushed to the user."""
    _ensure_active_for(handoff, agent)
    conversation = conversation_of(db=db, handoff=handoff)
    message = conversations.add_message(
        db=db,
        conversation=conversation,
        sender="agent",
        text=text,
        lang=handoff.language,
        author_name=agent.display_name,
    )
    notify_agents_of_message(db=db, conversation=conversation, message=message)
    return message


def send_article(
    *, db: Session, handoff: Handoff, agent: User, article_id: str, retriever: Retriever
) -> Message:
    """A knowledge base article, in the user's language, sent by the agent with its source."""
    _ensure_active_for(handoff, agent)
    article = knowledge.get_article(
        retriever=retriever, article_id=article_id, lang=handoff.language
    )
    if article is None:
        raise NotFound("handoff_article_not_found")
    conversation = conversation_of(db=db, handoff=handoff)
    message = conversations.add_message(
        db=db,
        conversation=conversation,
        sender="agent",
        text=f"**{article.title}**\n\n{article.body}",
        lang=handoff.language,
        sources=[article.source.model_dump()],
        author_name=agent.display_name,
    )
    notify_agents_of_message(db=db, conversation=conversation, message=message)
    return message


def agent_typing(*, db: Session, handoff: Handoff, agent: User) -> None:
    """The agent is typing: told to the user's sockets (an event, nothing stored)."""
    _ensure_active_for(handoff, agent)
    from api.push.broker import conversation_channel

    publish_after_commit(
        db,
        conversation_channel(handoff.session_id),
        {"type": "typing", "session_id": handoff.session_id, "sender": "agent"},
    )


def transfer(*, db: Session, handoff: Handoff, agent: User, to_agent_id: str) -> Handoff:
    """To another agent, who has it at once (the user is told their name)."""
    _ensure_active_for(handoff, agent)
    target = _require_agent_user(db, to_agent_id)
    if target.id == agent.id:
        raise ApiError("handoff_same_agent", status_code=409)
    handoff.agent_id = target.id
    handoff.agent_name = target.display_name
    conversation = conversation_of(db=db, handoff=handoff)
    _notice(db, conversation, "agent_joined", name=target.display_name)
    _queue_changed(db)
    db.flush()
    return handoff


def hand_back(*, db: Session, handoff: Handoff, agent: User) -> Handoff:
    """Back to the bot: the handoff is closed, the bot answers the next message."""
    _ensure_active_for(handoff, agent)
    conversation = conversation_of(db=db, handoff=handoff)
    _finish(db, handoff, conversation, resolution="handed_back", state="bot", key="handed_back")
    return handoff


def close(*, db: Session, handoff: Handoff, agent: User, resolution: str) -> Handoff:
    """Closed with a resolution note; a queued one may be closed by any agent."""
    if handoff.state == "closed":
        raise ApiError("handoff_not_active", status_code=409, state=handoff.state)
    if handoff.state == "active":
        _ensure_active_for(handoff, agent)
    conversation = conversation_of(db=db, handoff=handoff)
    _finish(db, handoff, conversation, resolution=resolution.strip(), state="closed", key="closed")
    return handoff


def _finish(
    db: Session,
    handoff: Handoff,
    conversation: Conversation,
    *,
    resolution: str,
    state: str,
    key: str,
) -> None:
    handoff.state = "closed"
    handoff.closed_at = utcnow()
    handoff.resolution = resolution
    # The agent's console hears it too (« the user left the queue »).
    _notice(db, conversation, key, handoff=handoff)
    conversations.set_state(db=db, conversation=conversation, state=state)  # type: ignore[arg-type]
    _queue_changed(db)
    db.flush()


# ---------------------------------------------------------------- presence


def set_presence(*, db: Session, agent: User, status: str) -> AgentPresence:
    presence = db.get(AgentPresence, agent.id)
    if presence is None:
        presence = AgentPresence(agent_id=agent.id, display_name=agent.display_name)
        db.add(presence)
    presence.status = status
    presence.display_name = agent.display_name
    presence.updated_at = presence.last_seen_at = utcnow()
    db.flush()
    _queue_changed(db)
    return presence


def list_agents(*, db: Session) -> list[AgentPresence]:
    """The rows as set (`status` as the agents chose it): see `agent_presences` for who is
    really there."""
    return list(
        db.scalars(select(AgentPresence).order_by(AgentPresence.status, AgentPresence.display_name))
    )


def seen_since(*, settings: Settings, now: datetime | None = None) -> datetime:
    """An agent last seen before this is not there (TIJARIA_AGENT_AWAY_AFTER_SECONDS)."""
    return (now or utcnow()) - timedelta(seconds=max(1, settings.agent_away_after_seconds))


def live_status(presence: AgentPresence, *, since: datetime) -> PresenceStatus:
    """`available` only for an agent who chose it and was seen since `since`."""
    seen = presence.last_seen_at
    if presence.status == "available" and seen is not None and as_utc(seen) >= since:
        return "available"
    return "away"


def _live_available(since: datetime) -> ColumnElement[bool]:
    return and_(AgentPresence.status == "available", AgentPresence.last_seen_at >= since)


def agent_presences(
    *, db: Session, settings: Settings, now: datetime | None = None
) -> list[AgentPresenceRead]:
    """Every agent with the presence that does not lie: one `available` whose console is
    closed and who made no request for a while shows as away. Available ones first."""
    since = seen_since(settings=settings, now=now)
    read = [
        AgentPresenceRead(
            agent_id=p.agent_id,
            display_name=p.display_name,
            status=live_status(p, since=since),
            updated_at=p.updated_at,
        )
        for p in list_agents(db=db)
    ]
    return sorted(read, key=lambda p: (p.status != "available", p.display_name))


def seen(*, db: Session, agent_id: str, every_seconds: float = 0.0) -> bool:
    """The agent shows signs of life now (a request, the console's socket); flushed, the
    caller commits. At most once every `every_seconds` (a write per request would be a
    waste). True if stored; an agent who never set a presence has no row to touch."""
    now = utcnow()
    presence = db.get(AgentPresence, agent_id)
    if presence is None:
        return False
    last = presence.last_seen_at
    if last is not None and (now - as_utc(last)).total_seconds() < every_seconds:
        return False
    presence.last_seen_at = now
    db.flush()
    return True


def in_service_hours(*, settings: Settings, now: datetime | None = None) -> bool:
    """Within TIJARIA_SERVICE_HOURS ("08:30-16:30") on TIJARIA_SERVICE_DAYS ("mon-fri"),
    in TIJARIA_SERVICE_TIMEZONE; always, when no hours are set."""
    hours = settings.service_hours.strip()
    if not hours:
        return True
    try:
        zone = ZoneInfo(settings.service_timezone)
    except (ZoneInfoNotFoundError, ValueError):
        log.warning("unknown TIJARIA_SERVICE_TIMEZONE %r: UTC", settings.service_timezone)
        zone = ZoneInfo("UTC")
    local = (now or utcnow()).astimezone(zone)
    if _DAYS[local.weekday()] not in _service_days(settings.service_days):
        return False
    try:
        start_text, end_text = hours.split("-", 1)
        start, end = time.fromisoformat(start_text.strip()), time.fromisoformat(end_text.strip())
    except ValueError:
        log.warning("unreadable TIJARIA_SERVICE_HOURS %r: always open", hours)
        return True
    return start <= local.time().replace(tzinfo=None) < end


def _service_days(spec: str) -> set[str]:
    days: set[str] = set()
    for part in spec.lower().replace(" ", "").split(","):
        if "-" in part:
            first, last = part.split("-", 1)
            if first in _DAYS and last in _DAYS:
                i, j = _DAYS.index(first), _DAYS.index(last)
                days.update(_DAYS[i : j + 1] if i <= j else _DAYS[i:] + _DAYS[: j + 1])
        elif part in _DAYS:
            days.add(part)
    return days


def anyone_available(*, db: Session, settings: Settings, now: datetime | None = None) -> bool:
    """An agent is `available` and it is within service hours."""
    if not in_service_hours(settings=settings, now=now):
        return False
    # Liveness is judged now, whatever `now` says of service hours.
    since = seen_since(settings=settings)
    return (
        db.scalar(select(func.count()).select_from(AgentPresence).where(_live_available(since)))
        or 0
    ) > 0


# ---------------------------------------------------------------- tickets (contact form)


def new_ticket_reference() -> str:
    chars = "".join(secrets.choice(_CROCKFORD) for _ in range(8))
    return f"CT-{chars[:4]}-{chars[4:]}"


def create_ticket(
    *,
    db: Session,
    full_name: str,
    email: str,
    request: str,
    portal: str,
    language: str,
    session_id: str | None,
    user_id: str | None = None,
) -> Ticket:
    reference = new_ticket_reference()
    while db.scalar(select(Ticket.id).where(Ticket.reference == reference)) is not None:
        reference = new_ticket_reference()
    ticket = Ticket(
        reference=reference,
        full_name=full_name,
        email=email,
        request=request,
        portal=portal,
        language=i18n.reply_lang(language),
        session_id=session_id,
        user_id=user_id,
    )
    db.add(ticket)
    db.flush()
    _queue_changed(db)
    return ticket


def list_tickets(*, db: Session, limit: int = 200) -> list[Ticket]:
    return list(db.scalars(select(Ticket).order_by(Ticket.created_at.desc()).limit(limit)))


# ---------------------------------------------------------------- Rasa


def pause_rasa(*, rasa: RasaClient, session_id: str) -> bool:
    """Rasa's tracker records that a person has the conversation (after commit; best
    effort: the core does not send Rasa the messages of a queued/agent conversation)."""
    return _tracker_event(rasa, session_id, "pause")


def resume_rasa(*, rasa: RasaClient, session_id: str) -> bool:
    """Rasa's tracker records that the bot has the conversation again."""
    return _tracker_event(rasa, session_id, "resume")


def _tracker_event(rasa: RasaClient, session_id: str, name: str) -> bool:
    try:
        rasa.tracker_event(sender=session_id, event={"event": name})
    except RasaUnavailable as exc:
        log.warning("Rasa's tracker of %s not told %s: %s", session_id, name, exc)
        return False
    except Exception:  # a push of state to Rasa must never fail the agent's action
        log.exception("Rasa's tracker of %s not told %s", session_id, name)
        return False
    return True
