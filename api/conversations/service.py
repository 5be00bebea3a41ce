"""Conversation storage and who may use a conversation. Every function takes the session
and keyword arguments only; the chat turn (api.chat.service) commits its unit of work."""

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from api.accounts import service as accounts
from api.conversations import texts as _texts  # noqa: F401  (registers the refusals)
from api.conversations.models import (
    Conversation,
    ConversationState,
    ConversationUser,
    IdentityRead,
    Message,
)
from api.database import utcnow
from api.errors import NotFound
from api.i18n import reply_lang


def get(*, db: Session, session_id: str) -> Conversation | None:
    return db.scalar(select(Conversation).where(Conversation.session_id == session_id))


def new_session_id() -> str:
    """A session id the server chooses: 128 random bits, in the contract's alphabet."""
    return "tj-" + secrets.token_urlsafe(16)


def new_key() -> str:
    return secrets.token_urlsafe(32)


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def can_see(*, conversation: Conversation, user_id: str | None) -> bool:
    """The one rule of who may read and write a conversation: an anonymous one belongs to
    whoever holds its session id; once a user signed in during it, to that user only.
    Anyone else is told it does not exist (404), so nobody learns another's session id."""
    return conversation.user_id is None or conversation.user_id == user_id


def holds_key(*, conversation: Conversation, key: str | None) -> bool:
    """Whether `key` is the conversation key of whoever started the conversation."""
    return (
        key is not None
        and conversation.owner_key_hash is not None
        and secrets.compare_digest(conversation.owner_key_hash, key_hash(key))
    )


def get_visible(*, db: Session, session_id: str, user_id: str | None) -> Conversation | None:
    """The conversation, or None when it does not exist or is someone else's: both are
    answered the same way."""
    conversation = get(db=db, session_id=session_id)
    if conversation is None or not can_see(conversation=conversation, user_id=user_id):
        return None
    return conversation


def ensure_not_others(*, db: Session, session_id: str, user_id: str | None) -> Conversation | None:
    """The session's conversation, None if there is none yet; 404 `conversation_not_found`
    if it is someone else's (the check before work is done for a session: upload, voice)."""
    conversation = get(db=db, session_id=session_id)
    if conversation is not None and not can_see(conversation=conversation, user_id=user_id):
        raise NotFound("conversation_not_found")
    return conversation


def get_or_raise(*, db: Session, session_id: str, user_id: str | None = None) -> Conversation:
    conversation = ensure_not_others(db=db, session_id=session_id, user_id=user_id)
    if conversation is None:
        raise NotFound("conversation_not_found")
    return conversation


def identity(*, db: Session, session_id: str) -> IdentityRead:
    """Who owns the conversation now: its user while signed in, else nobody. An unknown
    session, an anonymous one, or one whose owner signed out is anonymous, whatever
    Rasa's tracker remembers."""
    conversation = get(db=db, session_id=session_id)
    owner = (
        accounts.get(db=db, user_id=conversation.user_id)
        if conversation is not None and conversation.user_id is not None
        else None
    )
    if owner is None or not accounts.is_signed_in(db=db, user=owner):
        return IdentityRead(session_id=session_id)
    return IdentityRead(
        session_id=session_id,
        user=ConversationUser(
            role=owner.role,
            realm=owner.realm,
            display_name=owner.display_name,
            organisation=owner.organisation,
        ),
    )


def start(*, db: Session, portal: str, key: str) -> tuple[Conversation, str]:
    """`POST /conversations`: a new anonymous conversation under a session id the server
    chose, started by the holder of `key`; returns it and the key. Commits."""
    conversation = Conversation(
        session_id=new_session_id(), portal=portal, lang="fr", owner_key_hash=key_hash(key)
    )
    db.add(conversation)
    db.commit()
    return conversation, key


def get_or_create(
    *,
    db: Session,
    session_id: str,
    portal: str,
    lang: str,
    user_id: str | None = None,
    owner_key: str | None = None,
) -> Conversation:
    """The user's conversation for this session id, created if new (remembering the key of
    whoever started it). A signed-in user may make an anonymous conversation theirs, so it
    goes on where it was after signing in, only with the proof that they started it: its
    conversation key. Without it the conversation is someone else's (404), and stays so."""
    conversation = get(db=db, session_id=session_id)
    if conversation is None:
        conversation = Conversation(
            session_id=session_id,
            portal=portal,
            lang=lang,
            user_id=user_id,
            owner_key_hash=key_hash(owner_key) if owner_key else None,
        )
        db.add(conversation)
        db.flush()
        return conversation
    if not can_see(conversation=conversation, user_id=user_id):
        raise NotFound("conversation_not_found")
    if conversation.user_id is None and user_id is not None:
        if not holds_key(conversation=conversation, key=owner_key):
            raise NotFound("conversation_not_found")
        # Conditional: of two users racing to claim it (both with the key), one gets it.
        claimed = db.execute(
            update(Conversation)
            .where(Conversation.id == conversation.id, Conversation.user_id.is_(None))
            .values(user_id=user_id)
            .execution_options(synchronize_session=False)
        )
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            raise NotFound("conversation_not_found")
        set_committed_value(conversation, "user_id", user_id)
    conversation.portal = portal
    conversation.lang = lang
    return conversation


def list_for_user(*, db: Session, user_id: str, limit: int) -> list[str]:
    """The session ids of a signed-in user's conversations, most recent first."""
    return list(
        db.scalars(
            select(Conversation.session_id)
            .where(Conversation.user_id == user_id)
            .order_by(Conversation.updated_at.desc())
            .limit(limit)
        )
    )


def find_by_client_message_id(
    *, db: Session, conversation: Conversation, client_message_id: str
) -> Message | None:
    return db.scalar(
        select(Message).where(
            Message.conversation_id == conversation.id,
            Message.client_message_id == client_message_id,
        )
    )


def receive(
    *, db: Session, conversation: Conversation, text: str, lang: str, client_message_id: str | None
) -> tuple[Message, bool]:
    """The user's message stored, or found again when a client retries it under the same
    `client_message_id`: (the message, whether it is new). A retry is answered, not stored."""
    if client_message_id:
        already = find_by_client_message_id(
            db=db, conversation=conversation, client_message_id=client_message_id
        )
        if already is not None:
            return already, False
    message = add_message(
        db=db,
        conversation=conversation,
        sender="user",
        text=text,
        lang=lang,
        client_message_id=client_message_id,
    )
    return message, True


def add_message(
    *,
    db: Session,
    conversation: Conversation,
    sender: str,
    text: str,
    lang: str,
    client_message_id: str | None = None,
    reply_to: str | None = None,
    buttons: list[dict[str, Any]] | None = None,
    sources: list[dict[str, Any]] | None = None,
    degraded: bool = False,
    form: dict[str, Any] | None = None,
    author_name: str | None = None,
) -> Message:
    # One writer at a time per conversation (the user on one replica, an agent on another):
    # the conversation's row lock, held until commit, keeps `seq` unique and makes commit
    # order seq order, which a reconnect's catch-up (`after` a message's seq) relies on.
    # SQLite has no FOR UPDATE; it lets one writer at a time commit anyway.
    db.execute(select(Conversation.id).where(Conversation.id == conversation.id).with_for_update())
    last_seq = db.scalar(
        select(func.max(Message.seq)).where(Message.conversation_id == conversation.id)
    )
    message = Message(
        conversation_id=conversation.id,
        # Its conversation at hand: the push after commit names it without a query.
        conversation=conversation,
        seq=(last_seq or 0) + 1,
        sender=sender,
        text=text,
        lang=lang,
        portal=conversation.portal,
        client_message_id=client_message_id,
        reply_to=reply_to,
        buttons=buttons or [],
        sources=sources or [],
        degraded=degraded,
        form=form,
        author_name=author_name,
    )
    db.add(message)
    db.flush()
    return message


def list_messages(
    *, db: Session, conversation: Conversation, after: Message | None = None
) -> list[Message]:
    """The conversation's messages in order; with `after`, only those stored after it."""
    query = select(Message).where(Message.conversation_id == conversation.id)
    if after is not None:
        query = query.where(Message.seq > after.seq)
    return list(db.scalars(query.order_by(Message.seq)))


def get_message(*, db: Session, conversation: Conversation, message_id: str) -> Message | None:
    """A message of this conversation (None for an unknown id or another conversation's)."""
    return db.scalar(
        select(Message).where(Message.conversation_id == conversation.id, Message.id == message_id)
    )


def get_message_or_raise(*, db: Session, conversation: Conversation, message_id: str) -> Message:
    message = get_message(db=db, conversation=conversation, message_id=message_id)
    if message is None:
        raise NotFound("message_not_found")
    return message


def mark_delivered(*, db: Session, conversation: Conversation, message_id: str) -> Message | None:
    """The user's client has every message of the conversation up to `message_id`
    (cumulative, like the last message id of a reconnect): those not the user's own and
    not yet delivered are stamped now. The message if any was stamped, else None (an
    unknown id, another conversation's, or nothing new)."""
    last = get_message(db=db, conversation=conversation, message_id=message_id)
    if last is None:
        return None
    stamped = db.execute(
        update(Message)
        .where(
            Message.conversation_id == conversation.id,
            Message.seq <= last.seq,
            Message.sender != "user",
            Message.delivered_at.is_(None),
        )
        .values(delivered_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if stamped.rowcount == 0:  # type: ignore[attr-defined]
        return None
    db.refresh(last)
    return last


def reopen(*, conversation: Conversation) -> bool:
    """A closed conversation the user writes in again goes back to the bot. True if so."""
    if conversation.state != "closed":
        return False
    conversation.state = "bot"
    return True


def set_state(*, db: Session, conversation: Conversation, state: ConversationState) -> None:
    """Who answers the conversation from now on (the handoff moves it; the caller commits)."""
    conversation.state = state
    db.flush()


def last_button_payloads(*, db: Session, conversation: Conversation) -> set[str]:
    """The payloads of the buttons under the bot's last message, the ones a click sends."""
    last = db.scalar(
        select(Message)
        .where(Message.conversation_id == conversation.id, Message.sender != "user")
        .order_by(Message.seq.desc())
        .limit(1)
    )
    return {str(b.get("payload", "")) for b in (last.buttons or [])} if last else set()


def replies_to(*, db: Session, message: Message) -> list[Message]:
    return list(
        db.scalars(
            select(Message)
            .where(
                Message.conversation_id == message.conversation_id, Message.reply_to == message.id
            )
            .order_by(Message.seq)
        )
    )


# A notification is written into the conversations a user had in this window: the
# ones a widget may still have open (server push delivers it live), none older.
NOTIFY_WINDOW = timedelta(hours=24)


def notify_user(
    *,
    db: Session,
    user_id: str,
    texts: dict[str, str],
    buttons: list[dict[str, Any]] | None = None,
    buttons_by_lang: dict[str, list[dict[str, Any]]] | None = None,
) -> list[Message]:
    """A system message (a status change, an agent's answer) stored in each of the user's
    recent conversations that are not closed, in that conversation's language (`texts`
    maps "fr"/"ar"/"en" to the text; French is the fallback). `buttons_by_lang`, when a
    button's payload is words the user would type, gives them in the conversation's
    language too (else `buttons`). Stored, so it is pushed to any open socket once the
    caller commits and found by a client that reconnects."""
    since = utcnow() - NOTIFY_WINDOW
    recent = db.scalars(
        select(Conversation).where(
            Conversation.user_id == user_id,
            Conversation.updated_at >= since,
            Conversation.state != "closed",
        )
    )
    return [
        add_message(
            db=db,
            conversation=conversation,
            sender="system",
            text=texts.get(reply_lang(conversation.lang)) or texts["fr"],
            lang=reply_lang(conversation.lang),
            buttons=_buttons_in(reply_lang(conversation.lang), buttons, buttons_by_lang),
        )
        for conversation in recent
    ]


def _buttons_in(
    lang: str,
    buttons: list[dict[str, Any]] | None,
    by_lang: dict[str, list[dict[str, Any]]] | None,
) -> list[dict[str, Any]] | None:
    if by_lang is None:
        return buttons
    return by_lang.get(lang) or by_lang.get("fr") or buttons
