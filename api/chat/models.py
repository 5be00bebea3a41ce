"""The public chat contract of DESIGN.md. Keep these shapes exactly: other tools depend on them."""

import json
import re
from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from api.config import get_settings
from api.conversations.models import ButtonRead, SourceRead
from api.portals.catalog import DEFAULT_PORTAL, PortalCode
from api.request_models import RequestModel
from api.text_input import depth, has_lone_surrogate

# The JSON Schema pattern of the OpenAPI spec; in Python, match it with `is_session_id`
# (`$` also matches before a trailing newline: "abc\n" must not pass).
SESSION_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def is_session_id(value: object) -> bool:
    return isinstance(value, str) and SESSION_ID.fullmatch(value) is not None


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
