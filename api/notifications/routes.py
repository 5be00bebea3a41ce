"""The e-mail outbox, for PORTNET agents and staff: which e-mails did not leave, and a
« send it now » once the mail server is back (an operator waiting for their RNOCE link)."""

from fastapi import APIRouter, Depends, Query

from api.deps import SessionDep, SettingsDep, require_role
from api.errors import ApiError, error_responses
from api.notifications import service
from api.notifications.models import OutboxEmailSummary

router = APIRouter(
    prefix="/outbox",
    tags=["notifications"],
    dependencies=[Depends(require_role("agent", "staff"))],
    responses=error_responses(401, 403),
)


@router.get("", response_model=list[OutboxEmailSummary])
def list_outbox(
    db: SessionDep,
    to: str | None = None,
    undelivered: bool = Query(False, description="only the e-mails that have not left"),
    limit: int = Query(50, ge=1, le=200),
) -> list[OutboxEmailSummary]:
    """The latest e-mails first, without their bodies."""
    emails = service.outbox(
        db=db, to=to.strip().lower() if to else None, undelivered=undelivered, limit=limit
    )
    return [OutboxEmailSummary.model_validate(email) for email in emails]


@router.post(
    "/{email_id}/send", response_model=OutboxEmailSummary, responses=error_responses(404, 409)
)
def send_now(email_id: str, db: SessionDep, settings: SettingsDep) -> OutboxEmailSummary:
    """Tries an e-mail that has not left again, now (even one given up on); 409 once sent."""
    email = service.get_or_raise(db=db, email_id=email_id)
    if email.sent_at is not None:
        raise ApiError("email_already_sent", status_code=409)
    service.deliver(db=db, settings=settings, email=email)
    return OutboxEmailSummary.model_validate(email)
