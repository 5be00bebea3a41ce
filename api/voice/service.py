"""A voice turn: Whisper turns the clip into text, then the text takes the chat path.

The transcript goes through api.chat.service.handle_turn exactly like a typed message: it
is stored first, then answered. Every function takes keyword arguments only.
"""

import asyncio
import logging
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from api import i18n
from api.accounts.models import User
from api.chat import service as chat
from api.chat.models import ChatRequest
from api.config import Settings
from api.conversations import service as conversations
from api.conversations.models import Conversation, Message
from api.errors import ApiError, validation_error_code
from api.rasa_client import RasaClient
from api.voice import texts  # noqa: F401 - registers the voice error messages
from api.voice.audio import AudioTooLong, NoSpeech, UnreadableAudio
from api.voice.model_files import ModelUnavailable
from api.voice.models import VoiceResponse
from api.voice.transcriber import Transcriber, Transcript, VoiceBusy, WhisperOptions, shared

log = logging.getLogger(__name__)


def whisper_options(settings: Settings) -> WhisperOptions:
    return WhisperOptions(
        model=settings.whisper_model,
        compute_type=settings.whisper_compute_type,
        cpu_threads=settings.whisper_cpu_threads,
        beam_size=settings.whisper_beam_size,
        trim_window=settings.whisper_trim_window,
        max_seconds=settings.voice_max_seconds,
        queue_size=settings.voice_queue_size,
    )


def transcriber_for(*, app_state: Any, settings: Settings) -> Transcriber:
    """The app's own transcriber when one was set (tests), else the process-wide one:
    one Whisper model in memory however many apps the process serves."""
    return getattr(app_state, "transcriber", None) or shared(whisper_options(settings))


def _last_user_lang(*, db: Session, conversation: Conversation) -> str | None:
    return db.scalar(
        select(Message.lang)
        .where(Message.conversation_id == conversation.id, Message.sender == "user")
        .order_by(Message.seq.desc())
        .limit(1)
    )


def language_hint(
    *, db: Session, conversation: Conversation | None, lang: str | None
) -> str | None:
    """The language to tell Whisper (fr, ar or en), or None to let it detect.

    The widget sends the conversation's language; a conversation without one yet has its
    stored language. A user who last wrote in Darija gets detection: Whisper has no Darija,
    and forcing the French the conversation is answered in would garble Arabic speech.
    """
    if conversation is not None and _last_user_lang(db=db, conversation=conversation) == "darija":
        return None
    if lang in i18n.REPLY_LANGS:
        return lang
    if conversation is not None and conversation.lang in i18n.REPLY_LANGS:
        return conversation.lang
    return None


async def transcribe(
    *, transcriber: Transcriber, audio: bytes, language: str | None, settings: Settings
) -> Transcript:
    """Wait for the clip's turn in the Whisper thread without holding a worker thread."""
    try:
        future = transcriber.submit(audio, language=language)
    except VoiceBusy as exc:
        raise ApiError("voice_busy", status_code=503) from exc
    try:
        return await asyncio.wrap_future(future)
    except AudioTooLong as exc:
        raise ApiError(
            "audio_too_long", status_code=422, limit=int(settings.voice_max_seconds)
        ) from exc
    except NoSpeech as exc:
        raise ApiError("no_speech", status_code=422) from exc
    except UnreadableAudio as exc:
        raise ApiError("audio_unreadable", status_code=415) from exc
    except ModelUnavailable as exc:
        log.error("Whisper model unavailable: %s", exc)
        raise ApiError("voice_unavailable", status_code=503) from exc
    except Exception as exc:
        # Not the user's fault as far as we know: say voice is unavailable, keep the trace.
        log.exception("transcription failed")
        raise ApiError("voice_unavailable", status_code=503) from exc


def answer(
    *,
    db: Session,
    rasa: RasaClient,
    settings: Settings,
    session_id: str,
    portal: str,
    transcript: Transcript,
    client_message_id: str | None = None,
    user: User | None = None,
) -> VoiceResponse:
    """The chat turn for what was heard; the language is detected from the transcript,
    like a typed message (Whisper writes Darija in Arabic letters, which reads as Arabic)."""
    metadata: dict[str, Any] = {"input": "voice"}
    if client_message_id:
        metadata["client_message_id"] = client_message_id
    try:
        request = ChatRequest(
            session_id=session_id, message=transcript.text, portal=portal, metadata=metadata
        )
    except ValidationError as exc:
        code, params = validation_error_code(list(exc.errors()))
        raise ApiError(code, status_code=422, **params) from exc
    response = chat.handle_turn(db=db, rasa=rasa, settings=settings, request=request, user=user)
    return VoiceResponse(**response.model_dump(), transcript=transcript.text)


def visible_conversation(*, db: Session, session_id: str, user: User | None) -> Conversation | None:
    """The session's conversation if there is one; someone else's is refused before any
    transcription work, as the chat and the uploads do."""
    return conversations.ensure_not_others(
        db=db, session_id=session_id, user_id=user.id if user else None
    )
