"""The Douane account operations over HTTP: the operator's (« Mes demandes »: actualiser,
annuler, restaurer) and PORTNET staff's queue, validation and refusal."""

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, BackgroundTasks, Depends, Request, Response

from api.accounts.models import User
from api.deps import CurrentUser, SessionDep, SettingsDep, require_role
from api.douane_accounts import service
from api.douane_accounts.models import (
    AccountRead,
    CancellationCreate,
    ModificationCreate,
    OperationKind,
    OperationList,
    OperationRead,
    OperationRefuse,
    OperationResubmit,
    OperationStatus,
    RestorationCreate,
    StaffOperationRead,
    StaffQueue,
)
from api.errors import error_responses
from api.i18n import ReplyLang, from_accept_language
from api.notifications.delivery import commit_and_deliver

router = APIRouter(prefix="/douane-account", tags=["douane account"])
staff_router = APIRouter(prefix="/staff/douane-operations", tags=["douane account (staff)"])

Staff = Annotated[User, Depends(require_role("agent", "staff"))]
_SUBMIT_ERRORS = error_responses(401, 404, 409, 413, 415, 422)


def _lang(request: Request) -> ReplyLang:
    return from_accept_language(request.headers.get("accept-language"))


# ---------------------------------------------------------------- owner


@router.get("", response_model=AccountRead, responses=error_responses(401, 404))
def read_my_account(request: Request, db: SessionDep, user: CurrentUser) -> AccountRead:
    """The account as registered at the Douane, and the latest request of each kind.
    Only for operators registered at the Douane (else 404 `douane_account_not_found`)."""
    account = service.get_account_or_raise(db=db, owner=user)
    return service.to_account_read(account=account, lang=_lang(request))


@router.get("/operations", response_model=OperationList, responses=error_responses(401, 404))
def list_my_operations(request: Request, db: SessionDep, user: CurrentUser) -> OperationList:
    account = service.get_account_or_raise(db=db, owner=user)
    lang = _lang(request)
    return OperationList(
        operations=[
            service.to_summary(operation=o, lang=lang)
            for o in service.list_for_account(account=account)
        ]
    )


@router.post(
    "/operations/modification",
    response_model=OperationRead,
    status_code=201,
    responses=_SUBMIT_ERRORS,
)
def request_modification(
    body: ModificationCreate,
    request: Request,
    background: BackgroundTasks,
    db: SessionDep,
    settings: SettingsDep,
    user: CurrentUser,
) -> OperationRead:
    """« Actualiser vos données »: the new values, the Modèle J (its date, at most 3 months
    old) and, for a transitaire changing its raison sociale, the ADII's decision. Refused
    (409) while a cancellation is being processed or once one was accepted."""
    lang = _lang(request)
    operation = service.create_modification(db=db, owner=user, data=body, lang=lang)
    commit_and_deliver(db=db, request=request, settings=settings, background=background)
    return service.to_read(operation=operation, lang=lang)


@router.post(
    "/operations/cancellation",
    response_model=OperationRead,
    status_code=201,
    responses=_SUBMIT_ERRORS,
)
def request_cancellation(
    body: CancellationCreate,
    request: Request,
    background: BackgroundTasks,
    db: SessionDep,
    settings: SettingsDep,
    user: CurrentUser,
) -> OperationRead:
    """« Annuler votre compte »: liquidation_judiciaire (court judgement or official
    bulletin, PDF) or radiation (Modèle J, PDF), and a comment."""
    lang = _lang(request)
    operation = service.create_cancellation(db=db, owner=user, data=body, lang=lang)
    commit_and_deliver(db=db, request=request, settings=settings, background=background)
    return service.to_read(operation=operation, lang=lang)


@router.post(
    "/operations/restoration",
    response_model=OperationRead,
    status_code=201,
    responses=_SUBMIT_ERRORS,
)
def request_restoration(
    body: RestorationCreate,
    request: Request,
    background: BackgroundTasks,
    db: SessionDep,
    settings: SettingsDep,
    user: CurrentUser,
) -> OperationRead:
    """« Restaurer votre compte » (a cancelled one): the handwritten request, the Modèle J
    (at most 3 months old) or the general assembly's minutes, all PDF; the reason."""
    lang = _lang(request)
    operation = service.create_restoration(db=db, owner=user, data=body, lang=lang)
    commit_and_deliver(db=db, request=request, settings=settings, background=background)
    return service.to_read(operation=operation, lang=lang)


@router.get(
    "/operations/{operation_id}", response_model=OperationRead, responses=error_responses(401, 404)
)
def read_my_operation(
    operation_id: str, request: Request, db: SessionDep, user: CurrentUser
) -> OperationRead:
    operation = service.get_owned_or_raise(db=db, operation_id=operation_id, owner=user)
    return service.to_read(operation=operation, lang=_lang(request))


@router.post(
    "/operations/{operation_id}/resubmit",
    response_model=OperationRead,
    responses=_SUBMIT_ERRORS,
)
def resubmit_my_operation(
    operation_id: str,
    body: OperationResubmit,
    request: Request,
    background: BackgroundTasks,
    db: SessionDep,
    settings: SettingsDep,
    user: CurrentUser,
) -> OperationRead:
    """After a refusal: the corrected request, whole, with the fields of its kind."""
    lang = _lang(request)
    operation = service.get_owned_or_raise(db=db, operation_id=operation_id, owner=user)
    service.resubmit(db=db, owner=user, operation=operation, data=body, lang=lang)
    commit_and_deliver(db=db, request=request, settings=settings, background=background)
    return service.to_read(operation=operation, lang=lang)


# ---------------------------------------------------------------- staff


@staff_router.get("", response_model=StaffQueue, responses=error_responses(401, 403))
def operations_queue(
    request: Request,
    db: SessionDep,
    _staff: Staff,
    status: OperationStatus | None = None,
    kind: OperationKind | None = None,
) -> StaffQueue:
    """Oldest first, each with its account and documents; without `status`, the requests
    being processed."""
    lang = _lang(request)
    return StaffQueue(
        operations=[
            service.to_staff_read(db=db, operation=o, lang=lang)
            for o in service.queue(db=db, status=status, kind=kind)
        ]
    )


@staff_router.get(
    "/{operation_id}",
    response_model=StaffOperationRead,
    responses=error_responses(401, 403, 404),
)
def read_operation(
    operation_id: str, request: Request, db: SessionDep, _staff: Staff
) -> StaffOperationRead:
    operation = service.get_or_raise(db=db, operation_id=operation_id)
    return service.to_staff_read(db=db, operation=operation, lang=_lang(request))


@staff_router.get(
    "/{operation_id}/documents/{document_id}",
    response_class=Response,
    responses={
        200: {"content": {"application/pdf": {}, "image/png": {}, "image/jpeg": {}}},
        **error_responses(401, 403, 404),
    },
)
def download_document(
    operation_id: str, document_id: str, db: SessionDep, _staff: Staff
) -> Response:
    operation = service.get_or_raise(db=db, operation_id=operation_id)
    upload, content_type = service.get_document_or_raise(
        db=db, operation=operation, document_id=document_id
    )
    return Response(
        content=upload.data,
        media_type=content_type,
        headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(upload.filename)}",
            "Cache-Control": "private, no-store",
        },
    )


@staff_router.post(
    "/{operation_id}/validate",
    response_model=StaffOperationRead,
    responses=error_responses(401, 403, 404, 409),
)
def validate_operation(
    operation_id: str,
    request: Request,
    background: BackgroundTasks,
    db: SessionDep,
    settings: SettingsDep,
    staff: Staff,
) -> StaffOperationRead:
    """Validates and applies it (the account's new data, or its cancellation, or its
    restoration); the operator is told by e-mail and in their open conversations."""
    operation = service.get_or_raise(db=db, operation_id=operation_id)
    service.validate(db=db, operation=operation, staff=staff)
    commit_and_deliver(db=db, request=request, settings=settings, background=background)
    return service.to_staff_read(db=db, operation=operation, lang=_lang(request))


@staff_router.post(
    "/{operation_id}/refuse",
    response_model=StaffOperationRead,
    responses=error_responses(401, 403, 404, 409),
)
def refuse_operation(
    operation_id: str,
    body: OperationRefuse,
    request: Request,
    background: BackgroundTasks,
    db: SessionDep,
    settings: SettingsDep,
    staff: Staff,
) -> StaffOperationRead:
    """Refuses it with the reason the operator is told (status « Annulée »)."""
    operation = service.get_or_raise(db=db, operation_id=operation_id)
    service.refuse(db=db, operation=operation, staff=staff, reason=body.reason)
    commit_and_deliver(db=db, request=request, settings=settings, background=background)
    return service.to_staff_read(db=db, operation=operation, lang=_lang(request))
