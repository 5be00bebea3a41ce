"""POST /uploads: a PDF, PNG or JPEG attached in the widget, for a chat session."""

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from api.chat.models import SESSION_ID, is_session_id
from api.conversations import service as conversations
from api.deps import OptionalUser, SessionDep
from api.errors import ApiError, error_responses
from api.i18n import REPLY_LANGS
from api.rate_limits import client_of, limits_of
from api.uploads import service
from api.uploads.models import MAX_UPLOAD_BYTES, UploadCreate, UploadRead

router = APIRouter(prefix="/uploads", tags=["uploads"])

# Room for the multipart envelope and the small fields around the file.
_ENVELOPE_BYTES = 64 * 1024

_FORM_SCHEMA = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file", "session_id"],
                    "properties": {
                        "file": {
                            "type": "string",
                            "format": "binary",
                            "description": "a PDF, PNG or JPEG (recognised by its content), ≤ 3 MB",
                        },
                        "session_id": {"type": "string", "pattern": SESSION_ID.pattern},
                        "lang": {"type": "string", "enum": list(REPLY_LANGS)},
                    },
                }
            }
        },
    }
}


@router.post(
    "",
    response_model=UploadRead,
    status_code=201,
    openapi_extra=_FORM_SCHEMA,
    responses=error_responses(401, 404, 413, 415, 429),
)
async def upload(request: Request, db: SessionDep, user: OptionalUser) -> UploadRead:
    # Refuse an oversized body before reading it, when the client says its size.
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > MAX_UPLOAD_BYTES + _ENVELOPE_BYTES:
        raise ApiError(
            "file_too_large", status_code=413, limit_mb=MAX_UPLOAD_BYTES // (1024 * 1024)
        )
    # A malformed multipart body is a localized 400 "invalid_request" (api.errors).
    form = await request.form(max_files=1, max_fields=10)
    try:
        lang = form.get("lang")
        if isinstance(lang, str) and lang in REPLY_LANGS:
            request.state.lang = lang  # the language the errors below are told in
        session_id = form.get("session_id")
        if not isinstance(session_id, str) or not is_session_id(session_id):
            raise ApiError("invalid_session_id", status_code=422)
        # Counted once the session is known; refused before the file is looked at or stored.
        limits_of(request).hit("uploads", session_id=session_id, client=client_of(request))
        conversations.ensure_not_others(
            db=db, session_id=session_id, user_id=user.id if user else None
        )
        file = form.get("file")
        if not isinstance(file, UploadFile):
            raise ApiError("missing_file", status_code=422)
        content = await file.read(MAX_UPLOAD_BYTES + 1)
        # Parsing a PDF takes a while: not on the event loop.
        stored = await run_in_threadpool(
            service.create,
            db=db,
            upload=UploadCreate(
                session_id=session_id, filename=file.filename or "", content=content
            ),
        )
        return UploadRead.model_validate(stored)
    finally:
        await form.close()
