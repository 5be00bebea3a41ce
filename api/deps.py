"""Dependencies shared by the routers, as Annotated aliases."""

import secrets
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Header, Request
from sqlalchemy.orm import Session

from api.accounts import service as accounts
from api.accounts.models import Role, User
from api.config import Settings
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


def require_role(*roles: Role):  # type: ignore[no-untyped-def]
    """A dependency admitting only the given roles: `dependencies=[Depends(require_role("agent"))]`."""

    def _check(user: CurrentUser) -> User:
        if user.role not in roles:
            raise ApiError("forbidden_role", status_code=403)
        return user

    return _check


def client_address(request: Request) -> str | None:
    return request.client.host if request.client else None


ClientAddress = Annotated[str | None, Depends(client_address)]
