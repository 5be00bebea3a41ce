from typing import Annotated

from fastapi import APIRouter, Query

from api.conversations import service
from api.conversations.models import (
    ConversationCreate,
    ConversationCreated,
    IdentityRead,
    MessageRead,
    TranscriptRead,
)
from api.deps import ConversationKey, InternalCaller, OptionalUser, SessionDep
from api.errors import error_responses

router = APIRouter(prefix="/conversations", tags=["conversations"])
internal_router = APIRouter(prefix="/internal/conversations", tags=["internal"])


@router.get(
    "/{session_id}/messages", response_model=TranscriptRead, responses=error_responses(401, 404)
)
def read_transcript(
    session_id: str,
    db: SessionDep,
    user: OptionalUser,
    after: Annotated[
        str | None,
        Query(
            max_length=64,
            description="a message id of this conversation: only the messages stored "
            "after it (what a client that reconnects missed)",
        ),
    ] = None,
) -> TranscriptRead:
    conversation = service.get_or_raise(
        db=db, session_id=session_id, user_id=user.id if user else None
    )
    since = (
        service.get_message_or_raise(db=db, conversation=conversation, message_id=after)
        if after
        else None
    )
    return TranscriptRead(
        session_id=conversation.session_id,
        portal=conversation.portal,
        lang=conversation.lang,
        messages=[
            MessageRead.model_validate(m)
            for m in service.list_messages(db=db, conversation=conversation, after=since)
        ],
    )


@internal_router.get("/{session_id}/identity", response_model=IdentityRead)
def read_identity(session_id: str, db: SessionDep, _caller: InternalCaller) -> IdentityRead:
    """Actions ask here who is talking: never Rasa's slots or message metadata, which
    say who was talking when they were written, or whatever a forged call put there."""
    return service.identity(db=db, session_id=session_id)


@router.post("", response_model=ConversationCreated, status_code=201)
def start_conversation(
    db: SessionDep, key: ConversationKey, body: ConversationCreate | None = None
) -> ConversationCreated:
    """A new conversation under a session id the server chose (unguessable), with the
    conversation key that proves it is the caller's (the one the caller sent, if any)."""
    conversation, key = service.start(db=db, portal=(body or ConversationCreate()).portal, key=key)
    return ConversationCreated(session_id=conversation.session_id, conversation_key=key)
