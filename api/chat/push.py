"""What a chat socket is sent unasked: the messages someone else stored for its
conversation (pushed through api.push), and on connecting what it missed. Both checked
against who may see the conversation now, with the socket's token."""

from typing import Any

from sqlalchemy.orm import Session
from starlette.datastructures import State

from api import i18n
from api.accounts import service as accounts
from api.chat.models import ChatMessage, ChatResponse, HandoffState
from api.conversations import service as conversations
from api.conversations.models import Conversation, message_payload
from api.handoff import service as handoffs


def visible(db: Session, session_id: str, token: str | None) -> Conversation | None:
    """The conversation if this socket may read it (a revoked token reads nothing)."""
    user = accounts.user_for_token(db=db, token=token) if token else None
    if token and user is None:
        return None
    return conversations.get_visible(
        db=db, session_id=session_id, user_id=user.id if user is not None else None
    )


def frame(
    conversation: Conversation,
    messages: list[dict[str, Any]],
    handoff: HandoffState | None = None,
) -> dict[str, Any]:
    """A pushed frame: the chat response's shape, with `"pushed": true`."""
    response = ChatResponse(
        session_id=conversation.session_id,
        lang=i18n.reply_lang(conversation.lang),
        messages=[ChatMessage.model_validate(m) for m in messages],
        handoff=handoff or HandoffState.of(conversation.state),
    )
    return {**response.model_dump(mode="json"), "pushed": True}


def pushed_frame(
    app_state: State, session_id: str, token: str | None, messages: list[dict[str, Any]]
) -> dict[str, Any] | None:
    """The frame for messages pushed to `session_id`'s channel, or None if this socket
    may not see the conversation (anymore)."""
    with app_state.session_factory() as db:
        conversation = visible(db, session_id, token)
        if conversation is None:
            return None
        return frame(
            conversation, messages, handoffs.handoff_state(db=db, conversation=conversation)
        )


def missed_frame(
    app_state: State, session_id: str, token: str | None, last_message_id: str
) -> dict[str, Any] | None:
    """What was stored after `last_message_id` (None: nothing, an unknown id, or a
    conversation this socket may not see; the client reloads the transcript then)."""
    with app_state.session_factory() as db:
        conversation = visible(db, session_id, token)
        if conversation is None:
            return None
        last = conversations.get_message(
            db=db, conversation=conversation, message_id=last_message_id
        )
        if last is None:
            return None
        missed = conversations.list_messages(db=db, conversation=conversation, after=last)
        if not missed:
            return None
        return frame(
            conversation,
            [message_payload(m) for m in missed],
            handoffs.handoff_state(db=db, conversation=conversation),
        )
