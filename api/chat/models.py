"""The public chat contract of DESIGN.md. Keep these shapes exactly: other tools depend on them."""

import json
import re
from typing import Any, Literal

from pydantic import (
    BaseModel,
    Field,
    SerializerFunctionWrapHandler,
    field_validator,
    model_serializer,
    model_validator,
)
from pydantic_core import PydanticCustomError

from api.config import get_settings
from api.conversations.models import AgentRead, ButtonRead, FormCard, Sender, SourceRead
from api.portals.catalog import DEFAULT_PORTAL, PortalCode
from api.request_models import RequestModel
from api.text_input import depth, has_lone_surrogate
from api.timestamps import UtcDateTime

# The JSON Schema pattern of the OpenAPI spec; in Python, match it with `is_session_id`
# (`$` also matches before a trailing newline: "abc\n" must not pass).
SESSION_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def is_session_id(value: object) -> bool:
    return isinstance(value, str) and SESSION_ID.fullmatch(value) is not None


def is_message_id(value: object) -> bool:
    """A message id's shape (api.conversations.models.new_id: 32 hex digits; the same
    alphabet and length as a session id is accepted, and looked up)."""
    return is_session_id(value)


class ChatRequest(RequestModel):
    session_id: str
    message: str
    portal: PortalCode = DEFAULT_PORTAL
    lang: Literal["fr", "ar", "en"] | None = None
    metadata: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _unicode_only(cls, data: Any) -> Any:
        # A lone surrogate ("\ud800") cannot be detected, stored nor logged: refused whole.
        if has_lone_surrogate(data):
            raise PydanticCustomError("invalid_text", "text with a lone surrogate")
        return data

    @field_validator("session_id")
    @classmethod
    def _session_id_shape(cls, value: str) -> str:
        if not is_session_id(value):
            raise PydanticCustomError("invalid_session_id", "invalid session id")
        return value

    @field_validator("message")
    @classmethod
    def _message_size(cls, value: str) -> str:
        if not value.strip():
            raise PydanticCustomError("empty_message", "empty message")
        limit = get_settings().max_message_chars
        if len(value) > limit:
            raise PydanticCustomError("message_too_long", "message too long", {"limit": limit})
        return value

    @field_validator("metadata")
    @classmethod
    def _metadata_size(cls, value: dict[str, Any]) -> dict[str, Any]:
        # The widget sends a message id, upload ids and a form's few values: kilobytes.
        settings = get_settings()
        # Depth first: it is measured without recursion, and bounds what json.dumps recurses.
        if (
            depth(value) > settings.metadata_max_depth
            or len(json.dumps(value, ensure_ascii=False).encode()) > settings.metadata_max_bytes
        ):
            raise PydanticCustomError(
                "metadata_too_large",
                "metadata too large",
                {
                    "limit_kb": settings.metadata_max_bytes // 1024,
                    "max_depth": settings.metadata_max_depth,
                },
            )
        return value

    @property
    def client_message_id(self) -> str | None:
        """Set by the widget so that a retried message is stored and answered once."""
        value = self.metadata.get("client_message_id")
        return value if isinstance(value, str) and 0 < len(value) <= 64 else None


class ChatMessage(BaseModel):
    """One message of the contract; build it from a stored message with
    `ChatMessage.model_validate(message_payload(message))`. `form` and `agent` are left
    out when the message has none (additive extensions, DESIGN.md)."""

    id: str
    text: str
    buttons: list[ButtonRead] = Field(default_factory=list)
    sources: list[SourceRead] = Field(default_factory=list)
    sender: Sender | None = None
    created_at: UtcDateTime | None = None
    form: FormCard | None = None
    agent: AgentRead | None = None

    @model_serializer(mode="wrap")
    def _without_absent_extensions(self, handler: SerializerFunctionWrapHandler):
        return _drop_none(handler(self), ("sender", "created_at", "form", "agent"))


# The conversation's state (api.conversations.models.ConversationState) as the contract
# tells it: the bot answers (`none`), waiting for a human agent (`queued`), an agent
# answers (`active`), the agent's conversation is over (`closed`).
HandoffName = Literal["none", "queued", "active", "closed"]
HANDOFF_OF_STATE: dict[str, HandoffName] = {
    "bot": "none",
    "queued": "queued",
    "agent": "active",
    "closed": "closed",
}


class HandoffState(BaseModel):
    state: HandoffName = "none"
    # In the queue: how many conversations wait before this one (1: next).
    position: int | None = None
    agent: AgentRead | None = None

    @model_serializer(mode="wrap")
    def _without_absent_extensions(self, handler: SerializerFunctionWrapHandler):
        return _drop_none(handler(self), ("position", "agent"))

    @classmethod
    def of(cls, state: str) -> "HandoffState":
        return cls(state=HANDOFF_OF_STATE.get(state, "none"))


# The serializers above have no return annotation on purpose: pydantic would take it as
# the serialized schema and the OpenAPI spec would lose the fields.
def _drop_none(data: Any, keys: tuple[str, ...]) -> Any:
    if isinstance(data, dict):
        for key in keys:
            if data.get(key) is None:
                data.pop(key, None)
    return data


class ChatResponse(BaseModel):
    session_id: str
    lang: Literal["fr", "ar", "en"]
    messages: list[ChatMessage]
    handoff: HandoffState = Field(default_factory=HandoffState)
    # A WebSocket frame the server sends unasked (someone else's message, a reconnect's
    # catch-up) is this shape plus `"pushed": true` (api.chat.push).
