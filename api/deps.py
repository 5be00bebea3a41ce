"""Dependencies shared by the routers, as Annotated aliases."""

import re
import secrets
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Header, Request, Response
from sqlalchemy.orm import Session

from api.accounts import service as accounts
from api.accounts.models import Role, User
from api.client_address import forwarded_client
from api.config import Settings
from api.conversations import service as conversations
from api.errors import ApiError, Unauthorized
from api.rasa_client import RasaClient


def get_settings_dep(request: Request) -> Settings:
    return request.app.state.settings


def get_db(request: Request) -> Iterator[Session]:
    with request.app.state.session_factory() as session:
        yield session


def get_rasa(request: Request) -> RasaClient:
    return request.app.state.rasa


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
SessionDep = Annotated[Session, Depends(get_db)]
RasaDep = Annotated[RasaClient, Depends(get_rasa)]


def require_internal_token(
    settings: SettingsDep,
    x_internal_token: Annotated[str | None, Header()] = None,
) -> None:
    """Only the action server, which shares TIJARIA_INTERNAL_TOKEN, may call internal routes."""
    expected = settings.internal_token
    if (
        not expected
        or not x_internal_token
        or not secrets.compare_digest(x_internal_token, expected)
    ):
        raise Unauthorized("invalid_internal_token")


InternalCaller = Annotated[None, Depends(require_internal_token)]


def get_bearer_token(authorization: Annotated[str | None, Header()] = None) -> str | None:
    if not authorization:
        return None
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("invalid_token")
    return token.strip()


BearerToken = Annotated[str | None, Depends(get_bearer_token)]


def get_optional_user(db: SessionDep, token: BearerToken) -> User | None:
    """Anonymous without a token; a token that no longer works is an error, not anonymity,
    so the widget learns it must sign in again."""
    if token is None:
        return None
    user = accounts.user_for_token(db=db, token=token)
    if user is None:
        raise Unauthorized("invalid_token")
    return user


def get_current_user(user: Annotated[User | None, Depends(get_optional_user)]) -> User:
    if user is None:
        raise Unauthorized("not_authenticated")
    return user


OptionalUser = Annotated[User | None, Depends(get_optional_user)]
CurrentUser = Annotated[User, Depends(get_current_user)]


def require_role(*roles: Role):
    """A dependency admitting only the given roles: `dependencies=[Depends(require_role("agent"))]`."""

    def _check(user: CurrentUser) -> User:
        if user.role not in roles:
            raise ApiError("forbidden_role", status_code=403)
        return user

    return _check


def require_realm(realm: str, *, code: str):
    """A dependency admitting only users of one realm (the RNOCE space's, say); the
    others get 403 `code`, which tells them where to sign in."""

    def _check(user: CurrentUser) -> User:
        if user.realm != realm:
            raise ApiError(code, status_code=403)
        return user

    return _check


def client_address(request: Request, settings: SettingsDep) -> str | None:
    """The address the sign-in lockout and the sign-up quota count under.

    The TCP peer, unless it is one of TIJARIA_TRUSTED_PROXIES: then X-Forwarded-For is read
    from the right (each trusted proxy appends the address it got the request from) and
    the first address no trusted proxy has is the client. Anything left of it was written
    by the client and is never believed. (Uvicorn runs with --no-proxy-headers, so the peer
    is the real one; see assistant/supervisor.py.)"""
    peer = request.client.host if request.client else None
    return forwarded_client(
        peer=peer,
        forwarded_for=request.headers.getlist("x-forwarded-for"),
        trusted=settings.trusted_proxy_networks,
    )


ClientAddress = Annotated[str | None, Depends(client_address)]


# ---------------------------------------------------------------- conversation key

# The proof that an anonymous conversation is this browser's (or API client's), asked of
# a signed-in user who wants to go on with it (api.conversations.service.get_or_create).
# The server hands one out the first time a client comes without one: a cookie only the
# core can read (the widget on the portal's own origin needs nothing more) and the same
# value in the X-Conversation-Key response header, for a client to send back in that
# request header (or the WebSocket's `conversation_key` query parameter) itself.
CONVERSATION_KEY_COOKIE = "tijaria_key"
CONVERSATION_KEY_HEADER = "X-Conversation-Key"
_KEY = re.compile(r"^[A-Za-z0-9_-]{20,128}$")
_KEY_MAX_AGE = 365 * 24 * 3600


def valid_key(key: str | None) -> str | None:
    return key if key and _KEY.match(key) else None


def key_cookie(key: str, *, secure: bool) -> str:
    """The Set-Cookie header value that hands `key` to a browser."""
    carrier = Response()
    carrier.set_cookie(
        CONVERSATION_KEY_COOKIE,
        key,
        max_age=_KEY_MAX_AGE,
        path="/api/v1",
        secure=secure,
        httponly=True,
        samesite="lax",
    )
    return carrier.headers["set-cookie"]


def conversation_key(request: Request, response: Response) -> str:
    key = valid_key(request.headers.get(CONVERSATION_KEY_HEADER)) or valid_key(
        request.cookies.get(CONVERSATION_KEY_COOKIE)
    )
    if key is None:
        key = conversations.new_key()
        response.headers.append("set-cookie", key_cookie(key, secure=request.url.scheme == "https"))
        response.headers[CONVERSATION_KEY_HEADER] = key
    return key


ConversationKey = Annotated[str, Depends(conversation_key)]
