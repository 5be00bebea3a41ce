from fastapi import APIRouter

from api.conversations import service
from api.conversations.models import (
    ConversationCreate,
    ConversationCreated,
    MessageRead,
    TranscriptRead,
)
from api.deps import ConversationKey, OptionalUser, SessionDep

router = APIRouter(prefix="/conversations", tags=["conversations"])


@router.get("/{session_id}/messages", response_model=TranscriptRead)
def read_transcript(session_id: str, db: SessionDep, user: OptionalUser) -> TranscriptRead:
    conversation = service.get_or_raise(
        db=db, session_id=session_id, user_id=user.id if user else None
    )
    return TranscriptRead(
        session_id=conversation.session_id,
        portal=conversation.portal,
        lang=conversation.lang,
        messages=[
            MessageRead.model_validate(m)
            for m in service.list_messages(db=db, conversation=conversation)
        ],
    )


@router.post("", response_model=ConversationCreated, status_code=201)
def start_conversation(
    db: SessionDep, key: ConversationKey, body: ConversationCreate | None = None
) -> ConversationCreated:
    """A new conversation under a session id the server chose (unguessable), with the
    conversation key that proves it is the caller's (the one the caller sent, if any)."""
    conversation, key = service.start(db=db, portal=(body or ConversationCreate()).portal, key=key)
    return ConversationCreated(session_id=conversation.session_id, conversation_key=key)
