"""The public chat contract of DESIGN.md. Keep these shapes exactly: other tools depend on them."""

import re
from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator
from pydantic_core import PydanticCustomError

from api.config import get_settings
from api.conversations.models import ButtonRead, SourceRead
from api.portals.catalog import PortalCode

SESSION_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


class ChatRequest(BaseModel):
    session_id: str
    message: str
    portal: PortalCode = "pmpce"
    lang: Literal["fr", "ar", "en"] | None = None
    metadata: dict[str, Any] = Field(default_factory=dict)

    @field_validator("session_id")
    @classmethod
    def _session_id_shape(cls, value: str) -> str:
        if not SESSION_ID.match(value):
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

    @property
    def client_message_id(self) -> str | None:
        """Set by the widget so that a retried message is stored and answered once."""
        value = self.metadata.get("client_message_id")
        return value if isinstance(value, str) and 0 < len(value) <= 64 else None


class ChatMessage(BaseModel):
    id: str
    text: str
    buttons: list[ButtonRead] = Field(default_factory=list)
    sources: list[SourceRead] = Field(default_factory=list)


class HandoffState(BaseModel):
    state: Literal["none", "waiting", "active", "closed"] = "none"


class ChatResponse(BaseModel):
    session_id: str
    lang: Literal["fr", "ar", "en"]
    messages: list[ChatMessage]
    handoff: HandoffState = Field(default_factory=HandoffState)
