"""Claims over HTTP: the owner's (« Nouvelle réclamation », « Mes réclamations »), the
agents' queue and actions, and the status the action server tells in the chat."""

from datetime import date
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, BackgroundTasks, Depends, Query, Request, Response

from api.accounts.models import User
from api.claims import service
from api.claims.models import (
    AgentClaimRead,
    ClaimAnswer,
    ClaimAttachmentCreate,
    ClaimAttachmentRead,
    ClaimClose,
    ClaimCreate,
    ClaimList,
    ClaimMessageCreate,
    ClaimMessageRead,
    ClaimQueue,
    ClaimRead,
    ClaimStatus,
    ClaimStatusTurn,
    ClaimSummary,
)
from api.deps import CurrentUser, InternalCaller, SessionDep, SettingsDep, require_role
from api.errors import error_responses
from api.i18n import REPLY_LANGS, ReplyLang, from_accept_language
from api.notifications.delivery import commit_and_deliver
from api.portals.catalog import PortalCode
from api.uploads.models import Upload

router = APIRouter(prefix="/claims", tags=["claims"])
agent_router = APIRouter(prefix="/agent/claims", tags=["claims (agents)"])
internal_router = APIRouter(prefix="/internal/claims", tags=["internal"])

Agent = Annotated[User, Depends(require_role("agent", "staff"))]
_REFERENCE_SEARCH = Query(max_length=40, description="all or part of a reference")


def _lang(request: Request) -> ReplyLang:
    return from_accept_language(request.headers.get("accept-language"))


def _file(upload: Upload, content_type: str) -> Response:
    return Response(
        content=upload.data,
        media_type=content_type,
        headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(upload.filename)}",
            "Cache-Control": "private, no-store",
        },
    )


# ---------------------------------------------------------------- owner


@router.post(
    "",
    response_model=ClaimRead,
    status_code=201,
    responses=error_responses(401, 404, 409, 413, 415, 422),
)
def file_claim(
    body: ClaimCreate,
    request: Request,
    background: BackgroundTasks,
    db: SessionDep,
    settings: SettingsDep,
    user: CurrentUser,
) -> ClaimRead:
    """A new claim; `attachment_ids` are uploads (POST /uploads) of the caller's own
    conversations, PDF/PNG/JPEG ≤ 3 MB each, at most 5."""
    claim = service.create(db=db, owner=user, data=body)
    commit_and_deliver(db=db, request=request, settings=settings, background=background)
    return service.to_read(claim=claim, lang=body.lang)


@router.get("", response_model=ClaimList, responses=error_responses(401))
def list_my_claims(
    db: SessionDep,
    user: CurrentUser,
    reference: Annotated[str | None, _REFERENCE_SEARCH] = None,
    status: ClaimStatus | None = None,
    created_from: date | None = None,
    created_to: date | None = None,
) -> ClaimList:
    claims = service.list_for_owner(
        db=db,
        user=user,
        reference=reference,
        status=status,
        created_from=created_from,
        created_to=created_to,
    )
    return ClaimList(claims=[ClaimSummary.model_validate(c) for c in claims])


@router.get("/{reference}", response_model=ClaimRead, responses=error_responses(401, 404))
def read_my_claim(reference: str, request: Request, db: SessionDep, user: CurrentUser) -> ClaimRead:
    claim = service.get_owned_or_raise(db=db, reference=reference, user=user)
    return service.to_read(claim=claim, lang=_lang(request))


@router.post(
    "/{reference}/messages",
    response_model=ClaimMessageRead,
    status_code=201,
    responses=error_responses(401, 404, 409),
)
def write_to_my_claim(
    reference: str, body: ClaimMessageCreate, db: SessionDep, user: CurrentUser
) -> ClaimMessageRead:
    claim = service.get_owned_or_raise(db=db, reference=reference, user=user)
    message = service.add_message(db=db, claim=claim, author=user, text=body.text)
    db.commit()
    return ClaimMessageRead.model_validate(message)


@router.post(
    "/{reference}/attachments",
    response_model=ClaimAttachmentRead,
    status_code=201,
    responses=error_responses(401, 404, 409, 413, 415, 422),
)
def attach_to_my_claim(
    reference: str, body: ClaimAttachmentCreate, db: SessionDep, user: CurrentUser
) -> ClaimAttachmentRead:
    claim = service.get_owned_or_raise(db=db, reference=reference, user=user)
    attachment = service.add_attachment(db=db, claim=claim, user=user, upload_id=body.upload_id)
    db.commit()
    return ClaimAttachmentRead.model_validate(attachment)


@router.get(
    "/{reference}/attachments/{attachment_id}",
    response_class=Response,
    responses={
        200: {"content": {"application/pdf": {}, "image/png": {}, "image/jpeg": {}}},
        **error_responses(401, 404),
    },
)
def download_my_attachment(
    reference: str, attachment_id: str, db: SessionDep, user: CurrentUser
) -> Response:
    claim = service.get_owned_or_raise(db=db, reference=reference, user=user)
    upload = service.get_attachment_or_raise(db=db, claim=claim, attachment_id=attachment_id)
    kind = next(a.content_type for a in claim.attachments if a.id == attachment_id)
    return _file(upload, kind)


# ---------------------------------------------------------------- agents


@agent_router.get("", response_model=ClaimQueue, responses=error_responses(401, 403))
def claims_queue(
    db: SessionDep,
    _agent: Agent,
    portal: PortalCode | None = None,
    status: ClaimStatus | None = None,
) -> ClaimQueue:
    """Oldest first, with how long each owner has waited; without `status`, the claims
    still waiting for an agent (new, assigned)."""
    return ClaimQueue(claims=service.queue_items(db=db, portal=portal, status=status))


@agent_router.get(
    "/{reference}", response_model=AgentClaimRead, responses=error_responses(401, 403, 404)
)
def read_claim(reference: str, request: Request, db: SessionDep, agent: Agent) -> AgentClaimRead:
    claim = service.get_visible_or_raise(db=db, reference=reference, user=agent)
    return service.to_agent_read(db=db, claim=claim, lang=_lang(request))


@agent_router.post(
    "/{reference}/assign",
    response_model=AgentClaimRead,
    responses=error_responses(401, 403, 404, 409),
)
def assign_claim(
    reference: str,
    request: Request,
    background: BackgroundTasks,
    db: SessionDep,
    settings: SettingsDep,
    agent: Agent,
) -> AgentClaimRead:
    """To the calling agent."""
    claim = service.get_visible_or_raise(db=db, reference=reference, user=agent)
    service.assign(db=db, claim=claim, agent=agent)
    commit_and_deliver(db=db, request=request, settings=settings, background=background)
    return service.to_agent_read(db=db, claim=claim, lang=_lang(request))


@agent_router.post(
    "/{reference}/answer",
    response_model=AgentClaimRead,
    responses=error_responses(401, 403, 404, 409),
)
def answer_claim(
    reference: str,
    body: ClaimAnswer,
    request: Request,
    background: BackgroundTasks,
    db: SessionDep,
    settings: SettingsDep,
    agent: Agent,
) -> AgentClaimRead:
    claim = service.get_visible_or_raise(db=db, reference=reference, user=agent)
    service.answer(db=db, claim=claim, agent=agent, text=body.text)
    commit_and_deliver(db=db, request=request, settings=settings, background=background)
    return service.to_agent_read(db=db, claim=claim, lang=_lang(request))


@agent_router.post(
    "/{reference}/close",
    response_model=AgentClaimRead,
    responses=error_responses(401, 403, 404, 409),
)
def close_claim(
    reference: str,
    body: ClaimClose,
    request: Request,
    background: BackgroundTasks,
    db: SessionDep,
    settings: SettingsDep,
    agent: Agent,
) -> AgentClaimRead:
    claim = service.get_visible_or_raise(db=db, reference=reference, user=agent)
    service.close(db=db, claim=claim, agent=agent, note=body.note)
    commit_and_deliver(db=db, request=request, settings=settings, background=background)
    return service.to_agent_read(db=db, claim=claim, lang=_lang(request))


@agent_router.get(
    "/{reference}/attachments/{attachment_id}",
    response_class=Response,
    responses={
        200: {"content": {"application/pdf": {}, "image/png": {}, "image/jpeg": {}}},
        **error_responses(401, 403, 404),
    },
)
def download_attachment(
    reference: str, attachment_id: str, db: SessionDep, agent: Agent
) -> Response:
    claim = service.get_visible_or_raise(db=db, reference=reference, user=agent)
    upload = service.get_attachment_or_raise(db=db, claim=claim, attachment_id=attachment_id)
    kind = next(a.content_type for a in claim.attachments if a.id == attachment_id)
    return _file(upload, kind)


# ---------------------------------------------------------------- action server


@internal_router.get("/status", response_model=ClaimStatusTurn, responses=error_responses(401))
def claim_status(
    db: SessionDep,
    _caller: InternalCaller,
    session_id: Annotated[str, Query(min_length=1, max_length=64)],
    reference: Annotated[str | None, Query(max_length=40)] = None,
    lang: str = "fr",
) -> ClaimStatusTurn:
    """For the conversation's signed-in owner (never an identity the caller names): one
    claim's status and last answer, or their latest claims as buttons."""
    return service.status_turn(
        db=db,
        session_id=session_id,
        reference=reference or None,
        lang=lang if lang in REPLY_LANGS else "fr",
    )
