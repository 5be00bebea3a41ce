from fastapi import APIRouter

from api.conversations import service
from api.conversations.models import IdentityRead, MessageRead, TranscriptRead
from api.deps import InternalCaller, OptionalUser, SessionDep

router = APIRouter(prefix="/conversations", tags=["conversations"])
internal_router = APIRouter(prefix="/internal/conversations", tags=["internal"])


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


@internal_router.get("/{session_id}/identity", response_model=IdentityRead)
def read_identity(session_id: str, db: SessionDep, _caller: InternalCaller) -> IdentityRead:
    """Actions ask here who is talking: never Rasa's slots or message metadata, which
    say who was talking when they were written, or whatever a forged call put there."""
    return service.identity(db=db, session_id=session_id)
