"""The core's background loop that tries refused e-mails again while SMTP is configured."""

import asyncio
import logging
from collections.abc import Callable

from sqlalchemy.orm import Session

from api.config import Settings
from api.notifications import service

logger = logging.getLogger(__name__)


async def run(*, session_factory: Callable[[], Session], settings: Settings) -> None:
    """Runs until cancelled; one failed pass (database down) only waits for the next."""
    while True:
        await asyncio.sleep(settings.mail_retry_seconds)
        try:
            await asyncio.to_thread(
                service.retry_due, session_factory=session_factory, settings=settings
            )
        except Exception:
            logger.exception("retrying the e-mail outbox failed")


def start(
    *, session_factory: Callable[[], Session], settings: Settings
) -> asyncio.Task[None] | None:
    if not settings.smtp_url:
        return None  # nothing is ever refused: the outbox and the log are the delivery
    return asyncio.create_task(
        run(session_factory=session_factory, settings=settings), name="mail-retry"
    )
