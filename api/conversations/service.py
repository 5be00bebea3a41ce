"""Conversation storage. Every function takes the session and keyword arguments only."""

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.accounts import service as accounts
from api.conversations.models import Conversation, ConversationUser, IdentityRead, Message
from api.errors import NotFound


def get(*, db: Session, session_id: str) -> Conversation | None:
    return db.scalar(select(Conversation).where(Conversation.session_id == session_id))


def can_see(*, conversation: Conversation, user_id: str | None) -> bool:
    """An anonymous conversation belongs to whoever holds its session id; once a user
    signed in during it, to that user only."""
    return conversation.user_id is None or conversation.user_id == user_id


def get_visible(*, db: Session, session_id: str, user_id: str | None) -> Conversation | None:
    """The conversation, or None when it does not exist or is someone else's: both are
    answered the same way, so nobody learns that another user's session id exists."""
    conversation = get(db=db, session_id=session_id)
    if conversation is None or not can_see(conversation=conversation, user_id=user_id):
        return None
    return conversation


def get_or_raise(*, db: Session, session_id: str, user_id: str | None = None) -> Conversation:
    conversation = get_visible(db=db, session_id=session_id, user_id=user_id)
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


def get_or_create(
    *, db: Session, session_id: str, portal: str, lang: str, user_id: str | None = None
) -> Conversation:
    """The user's conversation for this session id, created if new. Signing in during an
    anonymous conversation makes it the user's, so it goes on where it was."""
    conversation = get(db=db, session_id=session_id)
    if conversation is None:
        conversation = Conversation(
            session_id=session_id, portal=portal, lang=lang, user_id=user_id
        )
        db.add(conversation)
        db.flush()
        return conversation
    if not can_see(conversation=conversation, user_id=user_id):
        raise NotFound("conversation_not_found")
    conversation.portal = portal
    conversation.lang = lang
    if user_id is not None:
        conversation.user_id = user_id
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
) -> Message:
    last_seq = db.scalar(
        select(func.max(Message.seq)).where(Message.conversation_id == conversation.id)
    )
    message = Message(
        conversation_id=conversation.id,
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
    )
    db.add(message)
    db.flush()
    return message


def list_messages(*, db: Session, conversation: Conversation) -> list[Message]:
    return list(
        db.scalars(
            select(Message).where(Message.conversation_id == conversation.id).order_by(Message.seq)
        )
    )


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
