"""The voice answer: the chat contract's response, plus what was heard."""

from api.chat.models import ChatResponse


class VoiceResponse(ChatResponse):
    # What Whisper heard: stored as the user's message and answered like a typed one.
    transcript: str
