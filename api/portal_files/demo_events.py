"""Scheduled demo events (TIJARIA_DEMO_FILE_EVENTS): every demo_file_events_seconds, the demo
operator's file changed longest ago moves to its kind's next status (after the last, back to
the first), so that a widget left open shows a live status notice without anyone acting in
the console. Off by default; never with the portal systems (they own the statuses)."""

import asyncio
import logging
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.config import Settings
from api.portal_files import events
from api.portal_files.catalog import KINDS
from api.portal_files.models import PortalFile
from api.portal_files.seed import DEMO_ICE

log = logging.getLogger(__name__)


def step(*, db: Session) -> PortalFile | None:
    """Moves one demo file on and tells whoever may see it; commits. None: no demo file."""
    rows = db.scalars(
        select(PortalFile)
        .where(PortalFile.owner_ice == DEMO_ICE)
        .order_by(PortalFile.updated_at, PortalFile.kind, PortalFile.reference)
    )
    for row in rows:
        spec = KINDS.get(row.kind)  # type: ignore[call-overload]
        if spec is None or len(spec.statuses) < 2:
            continue
        order = list(spec.statuses)
        current = order.index(row.status) if row.status in order else -1
        target = order[(current + 1) % len(order)]
        changed, _told = events.change_status(
            db=db, kind=row.kind, reference=row.reference, status=target, actor=None
        )
        db.commit()
        return changed
    return None


async def run(*, session_factory: Callable[[], Session], settings: Settings) -> None:
    """Runs until cancelled; one failed step (database down) only waits for the next."""
    while True:
        await asyncio.sleep(settings.demo_file_events_seconds)
        try:
            await asyncio.to_thread(_step_in_session, session_factory)
        except Exception:
            log.exception("the demo file event failed")


def _step_in_session(session_factory: Callable[[], Session]) -> None:
    with session_factory() as db:
        step(db=db)


def start(
    *, session_factory: Callable[[], Session], settings: Settings
) -> asyncio.Task[None] | None:
    if not settings.demo_file_events or settings.portal_files_url is not None:
        return None
    return asyncio.create_task(
        run(session_factory=session_factory, settings=settings), name="demo-file-events"
    )
