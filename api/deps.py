"""Dependencies shared by the routers, as Annotated aliases."""

import secrets
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Header, Request
from sqlalchemy.orm import Session

from api.config import Settings
from api.errors import Unauthorized
from assistant.rasa_client import RasaClient


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
    if not expected or not x_internal_token or not secrets.compare_digest(x_internal_token, expected):
        raise Unauthorized("invalid_internal_token")


InternalCaller = Annotated[None, Depends(require_internal_token)]
