"""The widget's view of stored conversations. Keyword-only functions, like every service."""

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.conversations import service as conversations_service
from api.conversations.models import Conversation, Message
from api.database import as_utc
from api.web.models import ConversationSummary

TITLE_CHARS = 120
MAX_LISTED = 50


def summaries(
    *, db: Session, session_ids: list[str], user_id: str | None = None
) -> list[ConversationSummary]:
    """The visible conversations among `session_ids` plus the user's own, most recent first."""
    ids = list(dict.fromkeys(session_ids))[:MAX_LISTED]
    if user_id is not None:
        ids = list(
            dict.fromkeys(
                ids + conversations_service.list_for_user(db=db, user_id=user_id, limit=MAX_LISTED)
            )
        )
    if not ids:
        return []
    conversations = [
        c
        for c in db.scalars(select(Conversation).where(Conversation.session_id.in_(ids)))
        if conversations_service.can_see(conversation=c, user_id=user_id)
    ]
    if not conversations:
        return []
    by_id = {c.id: c for c in conversations}
    stats = {
        row.conversation_id: (row.count, row.last)
        for row in db.execute(
            select(
                Message.conversation_id,
                func.count().label("count"),
                func.max(Message.created_at).label("last"),
            )
            .where(Message.conversation_id.in_(by_id))
            .group_by(Message.conversation_id)
        )
    }
    first_user_seq = (
        select(Message.conversation_id, func.min(Message.seq).label("seq"))
        .where(Message.conversation_id.in_(by_id), Message.sender == "user")
        .group_by(Message.conversation_id)
        .subquery()
    )
    titles = dict(
        db.execute(
            select(Message.conversation_id, Message.text).join(
                first_user_seq,
                (Message.conversation_id == first_user_seq.c.conversation_id)
                & (Message.seq == first_user_seq.c.seq),
            )
        ).all()
    )
    result = []
    for conversation in conversations:
        count, last = stats.get(conversation.id, (0, None))
        title = titles.get(conversation.id)
        if title and len(title) > TITLE_CHARS:
            title = title[: TITLE_CHARS - 1].rstrip() + "…"
        result.append(
            ConversationSummary(
                session_id=conversation.session_id,
                portal=conversation.portal,
                lang=conversation.lang,
                title=title,
                message_count=count,
                created_at=conversation.created_at,
                updated_at=last or conversation.updated_at,
            )
        )
    result.sort(key=lambda s: as_utc(s.updated_at), reverse=True)
    return result
