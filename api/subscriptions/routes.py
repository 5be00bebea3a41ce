"""Subscriptions over HTTP: the RNOCE operator's (BADR check, draft, steps, submit,
rectify, « Mes demandes ») and the PORTNET staff's review queue."""

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, BackgroundTasks, Depends, Request, Response

from api.accounts.models import User
from api.deps import SessionDep, SettingsDep, require_realm, require_role
from api.errors import error_responses
from api.i18n import ReplyLang, from_accept_language
from api.notifications.delivery import commit_and_deliver
from api.subscriptions import service
from api.subscriptions.badr import Badr, badr_for
from api.subscriptions.models import (
    BadrCheck,
    BadrCheckRead,
    StaffQueue,
    StaffSubscriptionRead,
    StepUpdate,
    SubscriptionCreate,
    SubscriptionList,
    SubscriptionRead,
    SubscriptionReject,
    SubscriptionStatus,
)

router = APIRouter(prefix="/subscriptions", tags=["subscriptions"])
staff_router = APIRouter(prefix="/staff/subscriptions", tags=["subscriptions (staff)"])

Operator = Annotated[User, Depends(require_realm("rnoce", code="subscription_rnoce_only"))]
Staff = Annotated[User, Depends(require_role("agent", "staff"))]


def get_badr(request: Request, settings: SettingsDep) -> Badr:
    """The app's BADR (a test may set one), else the one the settings choose."""
    return getattr(request.app.state, "badr", None) or badr_for(settings)


BadrDep = Annotated[Badr, Depends(get_badr)]


def _lang(request: Request) -> ReplyLang:
    return from_accept_language(request.headers.get("accept-language"))


# ---------------------------------------------------------------- operator


@router.post(
    "/badr-check", response_model=BadrCheckRead, responses=error_responses(401, 403, 422, 503)
)
def check_badr(
    body: BadrCheck, request: Request, db: SessionDep, badr: BadrDep, _user: Operator
) -> BadrCheckRead:
    """Registered at the customs: the company data to pre-fill the form; else empty."""
    return service.badr_check(db=db, badr=badr, data=body, lang=_lang(request))


@router.post(
    "",
    response_model=SubscriptionRead,
    status_code=201,
    responses=error_responses(401, 403, 409, 422, 503),
)
def create_subscription(
    body: SubscriptionCreate, db: SessionDep, badr: BadrDep, user: Operator
) -> SubscriptionRead:
    """A draft: the organisms chosen, the BADR check passed."""
    subscription = service.create(db=db, owner=user, data=body, badr=badr)
    db.commit()
    return service.to_read(db=db, subscription=subscription, lang=body.lang)


@router.get("", response_model=SubscriptionList, responses=error_responses(401, 403))
def list_my_subscriptions(request: Request, db: SessionDep, user: Operator) -> SubscriptionList:
    lang = _lang(request)
    return SubscriptionList(
        subscriptions=[
            service.to_summary(subscription=s, lang=lang)
            for s in service.list_for_owner(db=db, user=user)
        ]
    )


@router.get("/{code}", response_model=SubscriptionRead, responses=error_responses(401, 403, 404))
def read_my_subscription(
    code: str, request: Request, db: SessionDep, user: Operator
) -> SubscriptionRead:
    subscription = service.get_owned_or_raise(db=db, code=code, user=user)
    return service.to_read(db=db, subscription=subscription, lang=_lang(request))


@router.put(
    "/{code}/steps/{step}",
    response_model=SubscriptionRead,
    responses=error_responses(401, 403, 404, 409, 422),
)
def update_my_step(
    code: str, step: str, body: StepUpdate, request: Request, db: SessionDep, user: Operator
) -> SubscriptionRead:
    """A step's answers; 422 lists every refused field with its rule."""
    subscription = service.get_owned_or_raise(db=db, code=code, user=user)
    service.update_step(db=db, subscription=subscription, owner=user, step=step, update=body)
    db.commit()
    return service.to_read(db=db, subscription=subscription, lang=_lang(request))


@router.post(
    "/{code}/submit",
    response_model=SubscriptionRead,
    responses=error_responses(401, 403, 404, 409, 422),
)
def submit_my_subscription(
    code: str,
    request: Request,
    background: BackgroundTasks,
    db: SessionDep,
    settings: SettingsDep,
    user: Operator,
) -> SubscriptionRead:
    """« Valider votre souscription »: refused until every step is done."""
    subscription = service.get_owned_or_raise(db=db, code=code, user=user)
    service.submit(db=db, subscription=subscription, owner=user)
    commit_and_deliver(db=db, request=request, settings=settings, background=background)
    return service.to_read(db=db, subscription=subscription, lang=_lang(request))


@router.post(
    "/{code}/rectify",
    response_model=SubscriptionRead,
    responses=error_responses(401, 403, 404, 409),
)
def rectify_my_subscription(
    code: str, request: Request, db: SessionDep, user: Operator
) -> SubscriptionRead:
    """« Rectifier vos données » after a rejection: the request is a draft again."""
    subscription = service.get_owned_or_raise(db=db, code=code, user=user)
    service.rectify(db=db, subscription=subscription)
    db.commit()
    return service.to_read(db=db, subscription=subscription, lang=_lang(request))


# ---------------------------------------------------------------- staff


@staff_router.get("", response_model=StaffQueue, responses=error_responses(401, 403))
def subscriptions_queue(
    request: Request, db: SessionDep, _staff: Staff, status: SubscriptionStatus | None = None
) -> StaffQueue:
    """Oldest submission first, with the documents; without `status`, those waiting
    (en cours de traitement)."""
    lang = _lang(request)
    return StaffQueue(
        subscriptions=[
            service.to_staff_read(db=db, subscription=s, lang=lang)
            for s in service.queue(db=db, status=status)
        ]
    )


@staff_router.get(
    "/{code}", response_model=StaffSubscriptionRead, responses=error_responses(401, 403, 404)
)
def read_subscription(
    code: str, request: Request, db: SessionDep, _staff: Staff
) -> StaffSubscriptionRead:
    subscription = service.get_or_raise(db=db, code=code)
    return service.to_staff_read(db=db, subscription=subscription, lang=_lang(request))


@staff_router.get(
    "/{code}/documents/{kind}",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}, **error_responses(401, 403, 404)},
)
def download_document(code: str, kind: str, db: SessionDep, _staff: Staff) -> Response:
    subscription = service.get_or_raise(db=db, code=code)
    upload = service.document_or_raise(db=db, subscription=subscription, kind=kind)
    return Response(
        content=upload.data,
        media_type=upload.content_type,
        headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(upload.filename)}",
            "Cache-Control": "private, no-store",
        },
    )


@staff_router.post(
    "/{code}/validate",
    response_model=StaffSubscriptionRead,
    responses=error_responses(401, 403, 404, 409),
)
def validate_subscription(
    code: str,
    request: Request,
    background: BackgroundTasks,
    db: SessionDep,
    settings: SettingsDep,
    staff: Staff,
) -> StaffSubscriptionRead:
    subscription = service.get_or_raise(db=db, code=code)
    service.validate(db=db, subscription=subscription, staff=staff)
    commit_and_deliver(db=db, request=request, settings=settings, background=background)
    return service.to_staff_read(db=db, subscription=subscription, lang=_lang(request))


@staff_router.post(
    "/{code}/reject",
    response_model=StaffSubscriptionRead,
    responses=error_responses(401, 403, 404, 409, 422),
)
def reject_subscription(
    code: str,
    body: SubscriptionReject,
    request: Request,
    background: BackgroundTasks,
    db: SessionDep,
    settings: SettingsDep,
    staff: Staff,
) -> StaffSubscriptionRead:
    """Incomplete, with at least one reason."""
    subscription = service.get_or_raise(db=db, code=code)
    service.reject(db=db, subscription=subscription, staff=staff, reasons=body.reasons)
    commit_and_deliver(db=db, request=request, settings=settings, background=background)
    return service.to_staff_read(db=db, subscription=subscription, lang=_lang(request))
