"""A route's unit of work with e-mails: commit, then deliver them after the response."""

from fastapi import BackgroundTasks, Request
from sqlalchemy.orm import Session

from api.config import Settings
from api.notifications import service


def commit_and_deliver(
    *, db: Session, request: Request, settings: Settings, background: BackgroundTasks
) -> None:
    """Commits the unit of work, then sends its e-mails after the response."""
    db.commit()
    for email_id in service.take_pending_ids(db):
        background.add_task(
            service.deliver_by_id,
            session_factory=request.app.state.session_factory,
            settings=settings,
            email_id=email_id,
        )
