"""What the widget asks the core besides the chat contract: its settings and its history list."""

from datetime import datetime

from pydantic import BaseModel, Field


class WidgetConfig(BaseModel):
    # True once POST /api/v1/voice exists and is switched on: the widget shows its mic button.
    voice: bool = False
    # The widget stops recording at this length (the server refuses longer clips).
    voice_max_seconds: float = 60.0
    max_upload_bytes: int
    upload_types: list[str] = Field(default_factory=lambda: ["application/pdf"])


class ConversationSummary(BaseModel):
    session_id: str
    portal: str
    lang: str
    # The first thing the user wrote, shortened; None before any user message.
    title: str | None = None
    message_count: int
    created_at: datetime
    updated_at: datetime


class ConversationList(BaseModel):
    conversations: list[ConversationSummary]
