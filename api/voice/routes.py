"""POST /voice: a spoken message (what the widget's microphone recorded), answered as text."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from api.chat.models import SESSION_ID, is_session_id
from api.config import Settings
from api.deps import ConversationKey, OptionalUser, RasaDep, SessionDep, SettingsDep
from api.errors import ApiError, ErrorBody, error_responses
from api.i18n import REPLY_LANGS
from api.portals.catalog import DEFAULT_PORTAL, PORTAL_CODES
from api.rate_limits import client_of, limits_of
from api.voice import service
from api.voice.models import VoiceResponse
from api.voice.transcriber import Transcriber

router = APIRouter(prefix="/voice", tags=["voice"])

# Room for the multipart envelope and the small fields around the clip.
_ENVELOPE_BYTES = 64 * 1024
_MB = 1024 * 1024

_FORM_SCHEMA = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["audio", "session_id"],
                    "properties": {
                        "audio": {
                            "type": "string",
                            "format": "binary",
                            "description": "webm/opus, ogg, wav, mp3 or m4a; ≤ 60 s, ≤ 5 MB",
                        },
                        "session_id": {"type": "string", "pattern": SESSION_ID.pattern},
                        "portal": {
                            "type": "string",
                            "enum": list(PORTAL_CODES),
                            "default": DEFAULT_PORTAL,
                        },
                        "lang": {
                            "type": "string",
                            "enum": list(REPLY_LANGS),
                            "description": "the conversation's language, a hint for Whisper "
                            "(else the stored one, else Accept-Language: the page's)",
                        },
                        "client_message_id": {"type": "string", "maxLength": 64},
                    },
                }
            }
        },
    }
}
_ERRORS: dict[int | str, dict[str, Any]] = {
    **error_responses(401, 404, 429),
    413: {"model": ErrorBody, "description": "audio_too_large"},
    415: {"model": ErrorBody, "description": "audio_unreadable"},
    422: {
        "model": ErrorBody,
        "description": "missing_audio, audio_too_long, no_speech, invalid_session_id, …",
    },
    503: {
        "model": ErrorBody,
        "description": "voice_busy (try again in a moment), voice_unavailable",
    },
}


def get_transcriber(request: Request, settings: SettingsDep) -> Transcriber:
    return service.transcriber_for(app_state=request.app.state, settings=settings)


TranscriberDep = Annotated[Transcriber, Depends(get_transcriber)]


def _too_large(settings: Settings) -> ApiError:
    return ApiError(
        "audio_too_large", status_code=413, limit_mb=max(1, settings.voice_max_bytes // _MB)
    )


@router.post("", response_model=VoiceResponse, openapi_extra=_FORM_SCHEMA, responses=_ERRORS)
async def voice(
    request: Request,
    db: SessionDep,
    rasa: RasaDep,
    settings: SettingsDep,
    user: OptionalUser,
    key: ConversationKey,
    transcriber: TranscriberDep,
) -> VoiceResponse:
    if not settings.voice_enabled:
        raise ApiError("voice_unavailable", status_code=503)
    # Refuse an oversized body before reading it, when the client says its size.
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > settings.voice_max_bytes + _ENVELOPE_BYTES:
        raise _too_large(settings)
    # A malformed multipart body is a localized 400 "invalid_request" (api.errors).
    form = await request.form(max_files=1, max_fields=10)
    try:
        lang = form.get("lang")
        lang = lang if isinstance(lang, str) and lang in REPLY_LANGS else None
        if lang:
            request.state.lang = lang  # the language the errors below are told in
        session_id = form.get("session_id")
        if not isinstance(session_id, str) or not is_session_id(session_id):
            raise ApiError("invalid_session_id", status_code=422)
        # A clip counts as a chat message: refused before Whisper spends a second on it.
        limits_of(request).hit("chat", session_id=session_id, client=client_of(request))
        portal = form.get("portal") or DEFAULT_PORTAL
        if portal not in PORTAL_CODES:
            raise ApiError("unknown_portal", status_code=422)
        client_message_id = form.get("client_message_id")
        if not isinstance(client_message_id, str) or not 0 < len(client_message_id) <= 64:
            client_message_id = None
        audio = form.get("audio")
        if not isinstance(audio, UploadFile):
            raise ApiError("missing_audio", status_code=422)
        content = await audio.read(settings.voice_max_bytes + 1)
    finally:
        await form.close()
    if len(content) > settings.voice_max_bytes:
        raise _too_large(settings)
    if not content:
        raise ApiError("no_speech", status_code=422)

    conversation = await run_in_threadpool(
        service.visible_conversation, db=db, session_id=session_id, user=user
    )
    if not lang and conversation is not None:
        request.state.lang = conversation.lang
    hint = await run_in_threadpool(
        service.language_hint,
        db=db,
        conversation=conversation,
        lang=lang,
        page_lang=service.page_language(request.headers.get("accept-language")),
    )
    transcript = await service.transcribe(
        transcriber=transcriber, audio=content, language=hint, settings=settings
    )
    if service.asks_before_answering(transcript=transcript, conversation=conversation):
        # Whisper is unsure: show what it heard and ask, rather than answer another question.
        return await run_in_threadpool(
            service.confirm,
            db=db,
            session_id=session_id,
            portal=str(portal),
            transcript=transcript,
            client_message_id=client_message_id,
            user=user,
            owner_key=key,
        )
    return await run_in_threadpool(
        service.answer,
        db=db,
        rasa=rasa,
        settings=settings,
        session_id=session_id,
        portal=str(portal),
        transcript=transcript,
        client_message_id=client_message_id,
        user=user,
        owner_key=key,
    )
