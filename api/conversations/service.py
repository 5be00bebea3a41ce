"""Conversation storage. Every function takes the session and keyword arguments only."""

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.conversations.models import Conversation, Message
from api.errors import NotFound


def get(*, db: Session, session_id: str) -> Conversation | None:
    return db.scalar(select(Conversation).where(Conversation.session_id == session_id))


def get_or_raise(*, db: Session, session_id: str) -> Conversation:
    conversation = get(db=db, session_id=session_id)
    if conversation is None:
        raise NotFound("conversation_not_found")
    return conversation


def get_or_create(*, db: Session, session_id: str, portal: str, lang: str) -> Conversation:
    conversation = get(db=db, session_id=session_id)
    if conversation is None:
        conversation = Conversation(session_id=session_id, portal=portal, lang=lang)
        db.add(conversation)
        db.flush()
    else:
        conversation.portal = portal
        conversation.lang = lang
    return conversation


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
            .where(Message.conversation_id == message.conversation_id, Message.reply_to == message.id)
            .order_by(Message.seq)
        )
    )
