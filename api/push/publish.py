"""Publish after commit: every message stored by anyone reaches the conversation's sockets,
once it is in the database and only then.

`install(factory)` hooks a session factory (api.database.make_session_factory does it):
the messages a flush inserts (and the changes of a conversation's state) are noted on
the session, published through
`session.info["broker"]` when the transaction commits, and forgotten when it rolls back.
A session's `info["origin"]` (the socket or request that is writing) travels with each
event, so that a socket does not receive again what its own turn answered it.
"""

import logging
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session, SessionTransaction, UOWTransaction, sessionmaker
from sqlalchemy.orm.util import identity_key

from api.conversations.models import Conversation, Message, message_payload
from api.push.broker import Broker, Event, conversation_channel

log = logging.getLogger(__name__)

_PENDING = "push_pending"


def message_event(*, session_id: str, message: Message, origin: str | None) -> Event:
    return {
        "type": "message",
        "session_id": session_id,
        "origin": origin,
        "message": message_payload(message),
    }


def _session_id_of(session: Session, message: Message) -> str | None:
    """The message's conversation without a query (none may be run at commit time)."""
    conversation = message.__dict__.get("conversation")
    if conversation is None:
        conversation = session.identity_map.get(identity_key(Conversation, message.conversation_id))
    return conversation.session_id if isinstance(conversation, Conversation) else None


def state_event(*, session_id: str, state: str, origin: str | None) -> Event:
    """Who answers the conversation changed (the handoff): sockets show it at once."""
    return {"type": "state", "session_id": session_id, "origin": origin, "state": state}


def _after_flush(session: Session, _context: UOWTransaction) -> None:
    if session.info.get("broker") is None:
        return
    origin = session.info.get("origin")
    pending: list[tuple[str, Event]] = session.info.setdefault(_PENDING, [])
    for instance in session.dirty:
        if isinstance(instance, Conversation) and inspect(instance).attrs.state.history.added:
            pending.append(
                (
                    conversation_channel(instance.session_id),
                    state_event(
                        session_id=instance.session_id, state=instance.state, origin=origin
                    ),
                )
            )
    for instance in session.new:
        if not isinstance(instance, Message):
            continue
        session_id = _session_id_of(session, instance)
        if session_id is None:
            log.warning(
                "message %s stored without its conversation loaded: not pushed", instance.id
            )
            continue
        # Built now: at commit time the session may not query (and the event is what
        # was stored, whatever changes on the object later).
        pending.append(
            (
                conversation_channel(session_id),
                message_event(session_id=session_id, message=instance, origin=origin),
            )
        )


def _after_commit(session: Session) -> None:
    pending: list[tuple[str, Event]] = session.info.pop(_PENDING, [])
    broker: Broker | None = session.info.get("broker")
    if broker is None:
        return
    for channel, event_ in pending:
        try:
            broker.publish(channel, event_)
        except Exception:
            # Stored is what matters: a socket that missed it catches up on reconnecting.
            log.exception("push to %s failed", channel)


def _after_transaction_end(session: Session, transaction: SessionTransaction) -> None:
    # Rolled back, or closed without a commit: what it flushed was never stored.
    if transaction.parent is None:
        session.info.pop(_PENDING, None)


def install(factory: sessionmaker[Session], broker: Any = None) -> None:
    """Publish what sessions of `factory` commit, through `broker` (or each session's
    `info["broker"]`, set later)."""
    if broker is not None:
        factory.kw.setdefault("info", {})["broker"] = broker
    if event.contains(factory, "after_flush", _after_flush):
        return
    event.listen(factory, "after_flush", _after_flush)
    event.listen(factory, "after_commit", _after_commit)
    event.listen(factory, "after_transaction_end", _after_transaction_end)


def publish_after_commit(session: Session, channel: str, event_: Event) -> None:
    """Publish `event_` on `channel` once the session's transaction commits (forgotten if
    it rolls back): for events that are not a stored message, such as the agents' queue."""
    if session.info.get("broker") is None:
        return
    session.info.setdefault(_PENDING, []).append((channel, event_))


def agents_channel() -> str:
    """The channel every agent's console socket listens to (api.handoff)."""
    return "tijaria:agents"
