from fastapi import APIRouter

from api.conversations import service
from api.conversations.models import MessageRead, TranscriptRead
from api.deps import OptionalUser, SessionDep
from api.errors import error_responses

router = APIRouter(prefix="/conversations", tags=["conversations"])


@router.get(
    "/{session_id}/messages", response_model=TranscriptRead, responses=error_responses(401, 404)
)
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
