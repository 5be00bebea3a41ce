"""RNOCE private space, under /api/v1/rnoce; its pages (`pages_router`) at the site root.

Sign-out and the profile are the accounts routes (`POST /api/v1/auth/logout`,
`GET /api/v1/auth/me`): they take any realm's token.
"""

import json
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from fastapi import APIRouter, BackgroundTasks, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.routing import APIRoute

from api import i18n
from api.accounts.models import SessionRead
from api.deps import ClientAddress, SessionDep, SettingsDep
from api.errors import ApiError, error_responses, lang_of_request
from api.notifications import service as notifications
from api.rnoce import pages, service
from api.rnoce.models import (
    ForgotPassword,
    LinkCheck,
    LinkInfo,
    Notice,
    RnoceLogin,
    SetPassword,
    SignUp,
    SignUpResult,
)
from api.rnoce.texts import FIELD_ERRORS

STATIC = Path(__file__).resolve().parent / "static"


async def _body_json(request: Request) -> Any:
    try:
        return json.loads(await request.body() or b"null")
    except ValueError:
        return None


def _field_error(errors: Any) -> str | None:
    for error in errors:
        where = [part for part in error.get("loc", ()) if part != "body"]
        if where and where[0] in FIELD_ERRORS:
            return FIELD_ERRORS[where[0]]
    return None


class RnoceRoute(APIRoute):
    """Errors in the language the body's `lang` asks for (else Accept-Language), and a
    message of its own for each refused sign-up field."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def route(request: Request) -> Response:
            try:
                return await handler(request)
            except RequestValidationError as exc:
                code = _field_error(exc.errors())
                if code is None:
                    raise
                request.state.lang = lang_of_request(request, exc.body)
                raise ApiError(code, status_code=422) from exc
            except ApiError:
                if not getattr(request.state, "lang", None):
                    request.state.lang = lang_of_request(request, await _body_json(request))
                raise

        return route


router = APIRouter(prefix="/rnoce", tags=["rnoce"], route_class=RnoceRoute)
pages_router = APIRouter(tags=["rnoce"], include_in_schema=False)


def _lang(request: Request, asked: str | None) -> str:
    return asked or i18n.from_accept_language(request.headers.get("accept-language"))


@router.post(
    "/signup", status_code=201, response_model=SignUpResult, responses=error_responses(409, 429)
)
def sign_up(
    body: SignUp, request: Request, db: SessionDep, settings: SettingsDep, client: ClientAddress
) -> SignUpResult:
    """« Nouvelle inscription »: 409 `email_already_used` when the e-mail has an account;
    429 `too_many_requests` after too many sign-ups from one client address."""
    outcome = service.sign_up(db=db, settings=settings, form=body, client=client)
    lang = _lang(request, body.lang)
    sent = outcome.delivery != "failed"
    message = (
        i18n.text(
            "rnoce_signup_done",
            lang,
            email=outcome.user.email,
            hours=settings.confirm_link_ttl_hours,
        )
        if sent
        else i18n.text("rnoce_signup_mail_failed", lang)
    )
    return SignUpResult(
        message=message,
        email=outcome.user.email,
        email_sent=sent,
        link_expires_at=outcome.link_expires_at,
    )


@router.post("/links/check", response_model=LinkInfo, responses=error_responses(410))
def check_link(body: LinkCheck, db: SessionDep) -> LinkInfo:
    """What an e-mailed link is for, before the form asks for the password: 410
    `link_expired`, or 410 `link_invalid` (unknown, already used, replaced by a newer one)."""
    user, purpose, expires_at = service.inspect_link(db=db, token=body.token)
    return LinkInfo(purpose=purpose, email=user.email, expires_at=expires_at)


@router.post("/password", response_model=Notice, responses=error_responses(410))
def set_password(body: SetPassword, request: Request, db: SessionDep) -> Notice:
    """Creates (sign-up link) or resets (« Mot de passe oublié ? » link) the password:
    4 or more letters and digits. Every open session of the account ends."""
    service.set_password(
        db=db, token=body.token, password=body.password, confirmation=body.confirmation
    )
    return Notice(message=i18n.text("rnoce_password_set", _lang(request, body.lang)))


@router.post("/login", response_model=SessionRead, responses=error_responses(401, 429))
def log_in(
    body: RnoceLogin, db: SessionDep, settings: SettingsDep, client: ClientAddress
) -> SessionRead:
    """E-mail and password; 401 `invalid_credentials`; 429 `too_many_attempts` after failures."""
    return service.log_in(
        db=db, settings=settings, email=body.email, password=body.password, client=client
    )


@router.post("/forgot-password", status_code=202, response_model=Notice)
def forgot_password(
    body: ForgotPassword,
    request: Request,
    background: BackgroundTasks,
    db: SessionDep,
    settings: SettingsDep,
) -> Notice:
    """Always the same answer, whether the address has an account or not; the e-mail
    (when there is one) leaves after the response."""
    email_id = service.request_reset(db=db, settings=settings, email=body.email)
    if email_id is not None:
        background.add_task(
            notifications.deliver_by_id,
            session_factory=request.app.state.session_factory,
            settings=settings,
            email_id=email_id,
        )
    minutes = settings.reset_link_ttl_minutes
    return Notice(message=i18n.text("rnoce_reset_sent", _lang(request, body.lang), minutes=minutes))


# ---------------------------------------------------------------- pages


@pages_router.get("/rnoce/static/{name}")
def static_file(name: str) -> FileResponse:
    media = {"rnoce.js": "text/javascript; charset=utf-8", "rnoce.css": "text/css; charset=utf-8"}
    if name not in media:
        raise ApiError("not_found", status_code=404)
    return FileResponse(
        STATIC / name, media_type=media[name], headers={"Cache-Control": "no-cache"}
    )


def _page(html: str) -> HTMLResponse:
    # The password page's address holds the link's token: never send it on as a Referer.
    return HTMLResponse(
        html, headers={"Referrer-Policy": "no-referrer", "Cache-Control": "no-store"}
    )


@pages_router.get("/rnoce", response_class=HTMLResponse)
@pages_router.get("/rnoce/connexion", response_class=HTMLResponse)
def login_page(settings: SettingsDep, lang: str = "fr", done: str | None = None) -> HTMLResponse:
    return _page(
        pages.login_page(
            lang=pages.page_lang(lang), done=done, support_phone=settings.support_phone
        )
    )


@pages_router.get("/rnoce/inscription", response_class=HTMLResponse)
def signup_page(settings: SettingsDep, lang: str = "fr") -> HTMLResponse:
    return _page(
        pages.signup_page(lang=pages.page_lang(lang), support_phone=settings.support_phone)
    )


@pages_router.get("/rnoce/mot-de-passe-oublie", response_class=HTMLResponse)
def forgot_page(settings: SettingsDep, lang: str = "fr") -> HTMLResponse:
    return _page(
        pages.forgot_page(lang=pages.page_lang(lang), support_phone=settings.support_phone)
    )


@pages_router.get("/rnoce/mot-de-passe", response_class=HTMLResponse)
def password_page(
    db: SessionDep, settings: SettingsDep, token: str = "", lang: str = "fr"
) -> HTMLResponse:
    """The form the e-mailed link opens; an expired or used link says so instead."""
    page_lang = pages.page_lang(lang)
    try:
        user, purpose, expires_at = service.inspect_link(db=db, token=token[:200])
    except ApiError as error:
        html = pages.password_page(
            lang=page_lang,
            support_phone=settings.support_phone,
            error=i18n.text(error.code, page_lang),
        )
        return HTMLResponse(html, status_code=410, headers={"Referrer-Policy": "no-referrer"})
    return _page(
        pages.password_page(
            lang=page_lang,
            support_phone=settings.support_phone,
            token=token,
            purpose=purpose,
            email=user.email,
            expires_at=expires_at,
        )
    )
