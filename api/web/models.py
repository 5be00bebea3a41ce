"""What the widget asks the core besides the chat contract: its settings and its history list."""

from pydantic import BaseModel, Field

from api.timestamps import UtcDateTime


class WidgetConfig(BaseModel):
    # True once POST /api/v1/voice exists and is switched on: the widget shows its mic button.
    voice: bool = False
    # The widget stops recording at this length (the server refuses longer clips).
    voice_max_seconds: float = 60.0
    max_upload_bytes: int
    upload_types: list[str] = Field(default_factory=lambda: ["application/pdf"])
    # The longest message the chat accepts (TIJARIA_MAX_MESSAGE_CHARS): the input's maxlength.
    max_message_chars: int
    # The portals a `data-portal` may name (api/portals/catalog.py), the first the default.
    portals: list[str]


class ConversationSummary(BaseModel):
    session_id: str
    portal: str
    lang: str
    # The first thing the user wrote, shortened; None before any user message.
    title: str | None = None
    message_count: int
    created_at: UtcDateTime
    updated_at: UtcDateTime


class ConversationList(BaseModel):
    conversations: list[ConversationSummary]
