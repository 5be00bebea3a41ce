"""A voice turn: Whisper turns the clip into text, then the text takes the chat path.

The transcript goes through api.chat.service.handle_turn exactly like a typed message: it
is stored first, then answered. When Whisper is unsure of what it heard, the transcript is
stored all the same, but instead of an answer the user is shown it and asked whether it is
the question (`confirm`): answering a question the user did not ask is worse than asking.
Every function takes keyword arguments only.
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
from api.chat.models import ChatMessage, ChatRequest, HandoffState
from api.config import Settings
from api.conversations import service as conversations
from api.conversations.models import Conversation, Message, message_payload
from api.errors import ApiError, validation_error_code
from api.rasa_client import RasaClient
from api.voice import texts
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


def page_language(accept_language: str | None) -> str | None:
    """The first of fr/ar/en in Accept-Language, or None. The widget sends its page's
    language there (data-lang, else <html lang>) until the conversation has one."""
    for part in (accept_language or "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in i18n.REPLY_LANGS:
            return code
    return None


def language_hint(
    *,
    db: Session,
    conversation: Conversation | None,
    lang: str | None,
    page_lang: str | None = None,
) -> str | None:
    """The language to hint Whisper with (fr, ar or en), or None to let it detect.

    In order: the `lang` field (the widget sends the conversation's language once it has
    one), the conversation's stored language, then the page's language (Accept-Language).
    Whisper follows the hint unless it is nearly sure of another language (see
    transcriber.HINT_OVERRIDE). A user who last wrote in Darija gets detection among
    fr/ar/en: Whisper has no Darija; spoken Darija sounds like Arabic with French words,
    and hinting the French the conversation is answered in would garble the Arabic.
    """
    if conversation is not None and _last_user_lang(db=db, conversation=conversation) == "darija":
        return None
    if lang in i18n.REPLY_LANGS:
        return lang
    if conversation is not None and conversation.lang in i18n.REPLY_LANGS:
        return conversation.lang
    return page_lang if page_lang in i18n.REPLY_LANGS else None


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
    owner_key: str | None = None,
) -> VoiceResponse:
    """The chat turn for what was heard; the language is detected from the transcript,
    like a typed message (Whisper writes Darija in Arabic letters, which reads as Arabic)."""
    request = _chat_request(
        session_id=session_id,
        portal=portal,
        transcript=transcript,
        client_message_id=client_message_id,
    )
    response = chat.handle_turn(
        db=db, rasa=rasa, settings=settings, request=request, user=user, owner_key=owner_key
    )
    return VoiceResponse(**response.model_dump(), transcript=transcript.text)


def _chat_request(
    *, session_id: str, portal: str, transcript: Transcript, client_message_id: str | None
) -> ChatRequest:
    """The transcript as a chat message (the same limits as a typed one: 422, never 500)."""
    metadata: dict[str, Any] = {"input": "voice"}
    if client_message_id:
        metadata["client_message_id"] = client_message_id
    try:
        return ChatRequest.model_validate(
            {
                "session_id": session_id,
                "message": transcript.text,
                "portal": portal,
                "metadata": metadata,
            }
        )
    except ValidationError as exc:
        code, params = validation_error_code([dict(error) for error in exc.errors()])
        raise ApiError.with_params(code, status_code=422, params=params) from exc


def confirm(
    *,
    db: Session,
    session_id: str,
    portal: str,
    transcript: Transcript,
    client_message_id: str | None = None,
    user: User | None = None,
    owner_key: str | None = None,
) -> VoiceResponse:
    """Whisper is unsure: store what it heard as the user's message (nothing the user sent
    is lost) and ask « J'ai compris : "…". C'est bien votre question ? » instead of running
    the turn. « Oui » sends the transcript as a message (the chat turn, then); « Non, je
    réessaie » sends VOICE_RETRY_PAYLOAD, which the chat service answers itself."""
    request = _chat_request(
        session_id=session_id,
        portal=portal,
        transcript=transcript,
        client_message_id=client_message_id,
    )
    user_id = user.id if user is not None else None
    # Asked in the language heard: « Oui » runs the turn in it (the widget sends the
    # response's language with a button's payload).
    lang = i18n.reply_lang(transcript.language)
    conversation = conversations.get_or_create(
        db=db,
        session_id=session_id,
        portal=portal,
        lang=lang,
        user_id=user_id,
        owner_key=owner_key,
    )
    heard, is_new = conversations.receive(
        db=db,
        conversation=conversation,
        text=transcript.text,
        lang=transcript.language,
        client_message_id=request.client_message_id,
    )
    if not is_new:
        # The same clip sent again (the answer was lost): the same question, once.
        return _voice_response(
            conversation=conversation,
            messages=conversations.replies_to(db=db, message=heard),
            transcript=heard.text,
            needs_confirmation=True,
        )
    question = conversations.add_message(
        db=db,
        conversation=conversation,
        sender="bot",
        text=i18n.text("voice_confirm", lang, heard=transcript.text),
        lang=lang,
        reply_to=heard.id,
        buttons=[
            {"title": i18n.text("voice_confirm_yes", lang), "payload": transcript.text},
            {
                "title": i18n.text("voice_confirm_no", lang),
                "payload": texts.VOICE_RETRY_PAYLOAD,
            },
        ],
    )
    db.commit()
    log.info(
        "voice transcript to confirm: lang=%s p=%.2f avg_logprob=%.2f no_speech=%.2f",
        transcript.language,
        transcript.language_probability,
        transcript.avg_logprob,
        transcript.no_speech_prob,
    )
    return _voice_response(
        conversation=conversation,
        messages=[question],
        transcript=transcript.text,
        needs_confirmation=True,
    )


def _voice_response(
    *,
    conversation: Conversation,
    messages: list[Message],
    transcript: str,
    needs_confirmation: bool,
) -> VoiceResponse:
    return VoiceResponse(
        session_id=conversation.session_id,
        lang=i18n.reply_lang(conversation.lang),
        messages=[ChatMessage.model_validate(message_payload(m)) for m in messages],
        handoff=HandoffState.of(conversation.state),
        transcript=transcript,
        needs_confirmation=needs_confirmation,
    )


def asks_before_answering(*, transcript: Transcript, conversation: Conversation | None) -> bool:
    """Whether to show a doubtful transcript and ask (`confirm`) rather than run the turn.
    Only while the bot answers: a human agent reads the transcript and can ask back, so in
    `queued`/`agent` state the clip takes the chat path (stored for the agent, no reply)."""
    return transcript.doubtful and (
        conversation is None or conversation.state not in chat.AGENT_STATES
    )


def visible_conversation(*, db: Session, session_id: str, user: User | None) -> Conversation | None:
    """The session's conversation if there is one; someone else's is refused before any
    transcription work, as the chat and the uploads do."""
    return conversations.ensure_not_others(
        db=db, session_id=session_id, user_id=user.id if user else None
    )
