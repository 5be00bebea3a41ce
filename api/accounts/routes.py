"""Portnet ID: sign in (password, then TOTP), sign out, profile, password and MFA.

Routes never commit: each service function they call is one unit of work and commits it."""

from fastapi import APIRouter, Response

from api.accounts import service
from api.accounts.models import (
    Enrolment,
    LoginChallenge,
    LoginRequest,
    MfaConfirmRequest,
    MfaRequest,
    MfaResetRequest,
    PasswordChange,
    SessionRead,
    UserRead,
)
from api.deps import BearerToken, ClientAddress, CurrentUser, SessionDep, SettingsDep
from api.errors import error_responses

router = APIRouter(prefix="/auth", tags=["accounts"])


@router.post("/login", response_model=LoginChallenge, responses=error_responses(401, 429))
def login(
    body: LoginRequest, db: SessionDep, settings: SettingsDep, client: ClientAddress
) -> LoginChallenge:
    return service.begin_login(
        db=db,
        settings=settings,
        realm="portnet",
        login=body.login,
        password=body.password,
        client=client,
    )


@router.post("/mfa", response_model=SessionRead, responses=error_responses(401, 429))
def verify_mfa(
    body: MfaRequest, db: SessionDep, settings: SettingsDep, client: ClientAddress
) -> SessionRead:
    return service.finish_login(
        db=db, settings=settings, mfa_token=body.mfa_token, code=body.code, client=client
    )


@router.post("/logout", status_code=204, responses=error_responses(401))
def logout(db: SessionDep, token: BearerToken, user: CurrentUser) -> Response:
    assert token is not None
    service.sign_out(db=db, token=token)
    return Response(status_code=204)


@router.get("/me", response_model=UserRead, responses=error_responses(401))
def me(user: CurrentUser) -> UserRead:
    return service.to_read(user)


@router.post("/password", status_code=204, responses=error_responses(401, 429))
def change_password(
    body: PasswordChange,
    db: SessionDep,
    settings: SettingsDep,
    user: CurrentUser,
    token: BearerToken,
    client: ClientAddress,
) -> Response:
    service.change_password(
        db=db,
        settings=settings,
        user=user,
        current_password=body.current_password,
        new_password=body.new_password,
        confirmation=body.confirmation,
        keep_token=token,
        client=client,
    )
    return Response(status_code=204)


@router.post("/mfa/reset", response_model=Enrolment, responses=error_responses(401, 429))
def start_mfa_reset(
    body: MfaResetRequest,
    db: SessionDep,
    settings: SettingsDep,
    user: CurrentUser,
    client: ClientAddress,
) -> Enrolment:
    return service.start_mfa_reset(
        db=db, settings=settings, user=user, password=body.password, client=client
    )


@router.post("/mfa/reset/confirm", status_code=204, responses=error_responses(401, 429))
def confirm_mfa_reset(
    body: MfaConfirmRequest,
    db: SessionDep,
    settings: SettingsDep,
    user: CurrentUser,
    client: ClientAddress,
) -> Response:
    service.confirm_mfa_reset(db=db, settings=settings, user=user, code=body.code, client=client)
    return Response(status_code=204)
