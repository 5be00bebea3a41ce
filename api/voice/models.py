"""The voice answer: the chat contract's response, plus what was heard."""

from api.chat.models import ChatResponse


class VoiceResponse(ChatResponse):
    # What Whisper heard: stored as the user's message and answered like a typed one.
    transcript: str
    # Whisper was unsure: instead of an answer, `messages` asks whether `transcript` is the
    # question (buttons « Oui », whose payload is the transcript, and « Non, je réessaie »).
    needs_confirmation: bool = False
