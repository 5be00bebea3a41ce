"""One JSON error shape for the whole API: {"error": {"code", "message"}}, localized."""

import dataclasses
import json
from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from api import i18n
from api.language import detect_language
from api.text_input import has_lone_surrogate


class ApiError(Exception):
    status_code = 400

    def __init__(
        self,
        code: str,
        *,
        status_code: int | None = None,
        headers: dict[str, str] | None = None,
        **params: object,
    ) -> None:
        super().__init__(code)
        self.code = code
        self.params = params
        # e.g. Retry-After on a 429.
        self.headers = headers
        if status_code is not None:
            self.status_code = status_code

    def extra(self, lang: str) -> dict[str, Any]:
        """More of the error's body, beside code and message (e.g. every refused field)."""
        del lang
        return {}

    @classmethod
    def with_params(
        cls, code: str, *, status_code: int, params: Mapping[str, object]
    ) -> "ApiError":
        """An error whose message parameters come as one mapping (a validator's)."""
        error = cls(code, status_code=status_code)
        error.params = dict(params)
        return error


@dataclasses.dataclass(frozen=True)
class FieldRefusal:
    """One refused field of a form: its name, the api.i18n key of the rule it breaks and
    the rule's parameters (a Localized one is put in the reader's language)."""

    field: str
    code: str
    params: Mapping[str, object] = dataclasses.field(default_factory=dict)

    def message(self, lang: str) -> str:
        return i18n.text(self.code, lang, **self.params)


class _Joined:
    """The refused fields' messages, one after the other, in the reader's language."""

    def __init__(self, refusals: Sequence[FieldRefusal]) -> None:
        self.refusals = refusals

    def render(self, lang: str) -> str:
        return " ".join(refusal.message(lang) for refusal in self.refusals)


class FieldErrors(ApiError):
    """422 `fields_refused`: every refused field of a form at once, each with its rule, in
    the message and, one by one, in `error.fields`."""

    status_code = 422

    def __init__(self, refusals: Sequence[FieldRefusal]) -> None:
        super().__init__("fields_refused", detail=_Joined(tuple(refusals)))
        self.refusals = tuple(refusals)

    def extra(self, lang: str) -> dict[str, Any]:
        return {
            "fields": [
                {"field": r.field, "code": r.code, "message": r.message(lang)}
                for r in self.refusals
            ]
        }


class NotFound(ApiError):
    status_code = 404


class Unauthorized(ApiError):
    status_code = 401


def error_body(code: str, lang: str, **params: object) -> dict[str, Any]:
    return {"error": {"code": code, "message": i18n.text(code, lang, **params)}}


def lang_of_body(body: Any) -> str | None:
    """The language a (possibly invalid) chat body asks for, else the one its message is in."""
    if not isinstance(body, dict):
        return None
    if body.get("lang") in i18n.REPLY_LANGS:
        return body["lang"]
    message = body.get("message")
    # Text that is not Unicode (a lone surrogate) is refused anyway; the detector cannot read it.
    if isinstance(message, str) and message.strip() and not has_lone_surrogate(message):
        return i18n.reply_lang(detect_language(message[:500]))
    return None


def lang_of_request(request: Request, body: Any = None) -> str:
    """The language to answer an error in: the body's, else the Accept-Language header's."""
    return lang_of_body(body) or i18n.from_accept_language(request.headers.get("accept-language"))


# Pydantic error location -> our error code, for the chat request fields.
_FIELD_CODES = {
    "session_id": "invalid_session_id",
    "portal": "unknown_portal",
    "lang": "invalid_lang",
}
_CUSTOM_CODES = {
    "empty_message",
    "message_too_long",
    "invalid_session_id",
    "invalid_text",
    "metadata_too_large",
    "handoff_text_or_article",
}


def validation_error_code(errors: list[dict[str, Any]]) -> tuple[str, dict[str, object]]:
    for error in errors:
        kind = error.get("type", "")
        if kind == "json_invalid":
            return "malformed_json", {}
        if kind in _CUSTOM_CODES:
            return kind, dict(error.get("ctx") or {})
        loc = [str(part) for part in error.get("loc", ()) if part != "body"]
        if loc and loc[0] in _FIELD_CODES:
            return _FIELD_CODES[loc[0]], {}
        if loc == ["message"] and kind == "missing":
            return "empty_message", {}
    first = errors[0] if errors else {}
    where = ".".join(str(part) for part in first.get("loc", ())[1:]) or "body"
    return "invalid_request", {"detail": f"{where}: {first.get('msg', 'invalid')}"}


class FieldErrorDetail(BaseModel):
    field: str
    code: str
    message: str


class ErrorDetail(BaseModel):
    code: str
    message: str
    # A form refused field by field (422): each field, its rule's code and message.
    fields: list[FieldErrorDetail] | None = None


class ErrorBody(BaseModel):
    """What every 4xx of the API carries (and a 503 too): a code and a message in the user's language."""

    error: ErrorDetail


# What each error status means on this API, for the OpenAPI `responses=` of the routes.
_STATUS_MEANINGS = {
    400: "malformed_json, invalid_request (a body that cannot be read)",
    401: "invalid_token, not_authenticated, invalid_internal_token, invalid_credentials…",
    403: "forbidden_role",
    404: "not_found, conversation_not_found, upload_not_found (also: someone else's)",
    409: "already done (email_already_used, email_already_sent…)",
    410: "link_expired, link_invalid",
    413: "file_too_large, audio_too_large",
    415: "unsupported_file_type, pdf_unreadable, audio_unreadable",
    422: "a field is missing or wrong: the code names which (invalid_session_id, …); "
    "fields_refused lists each refused field of a form with its rule in `error.fields`",
    429: "too_many_messages, too_many_uploads, too_many_attempts, too_many_requests: "
    "try again after Retry-After seconds",
    503: "temporarily unavailable (voice_busy, …)",
}


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` for the error statuses a route really gives, with their body."""
    return {
        status: {"model": ErrorBody, "description": _STATUS_MEANINGS[status]} for status in statuses
    }


def install_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        lang = getattr(request.state, "lang", None) or lang_of_request(request)
        body = error_body(exc.code, lang, **exc.params)
        body["error"].update(exc.extra(lang))
        return JSONResponse(
            body,
            status_code=exc.status_code,
            headers=exc.headers,
        )

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        body = exc.body
        if isinstance(body, (bytes, str)):
            try:
                body = json.loads(body)
            except ValueError:
                body = None
        code, params = validation_error_code(list(exc.errors()))
        status = 400 if code == "malformed_json" else 422
        return JSONResponse(
            error_body(code, lang_of_request(request, body), **params), status_code=status
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        lang = lang_of_request(request)
        code = "not_found" if exc.status_code == 404 else "invalid_request"
        params = {} if code == "not_found" else {"detail": str(exc.detail)}
        return JSONResponse(error_body(code, lang, **params), status_code=exc.status_code)
