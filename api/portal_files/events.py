"""A demo file changes status (a PORTNET staff action in /console): whoever may see it hears
of it live, in each open conversation of theirs.

Only the demo table changes here: with TIJARIA_PORTAL_FILES_URL set, the portal systems own
the statuses (the route refuses before calling this)."""

import logging
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from api.accounts.models import User
from api.conversations import service as conversations
from api.database import utcnow
from api.errors import ApiError, NotFound
from api.i18n import REPLY_LANGS, reply_lang
from api.portal_files import texts
from api.portal_files.catalog import KINDS, KindSpec
from api.portal_files.models import (
    FileRecord,
    PortalFile,
    StaffFileList,
    StaffFileRead,
    StatusChoice,
)
from api.portal_files.service import can_see, kind_or_raise

log = logging.getLogger(__name__)


class StatusChoices:
    """A kind's statuses as an api.i18n parameter: « new (Nouveau), closed (Clôturée) » in
    the reader's language, so the caller sees both the value to send and what it means."""

    def __init__(self, spec: KindSpec) -> None:
        self.spec = spec

    def render(self, lang: str) -> str:
        lang = reply_lang(lang)
        return ", ".join(f"{code} ({s.label[lang]})" for code, s in self.spec.statuses.items())


def _row(*, db: Session, spec: KindSpec, reference: str) -> PortalFile:
    normalized = spec.normalize(reference)
    if normalized is None:  # not a reference of this kind: unknown, like any other
        raise NotFound("portal_file_not_found")
    row = db.scalar(
        select(PortalFile).where(PortalFile.kind == spec.kind, PortalFile.reference == normalized)
    )
    if row is None:
        raise NotFound("portal_file_not_found")
    return row


def change_status(
    *, db: Session, kind: str, reference: str, status: str, actor: User | None
) -> tuple[PortalFile, list[User]]:
    """Sets a demo file's status and tells everyone who may see it; the same status again
    changes and tells nothing. `actor` is the staff member, or None for the demo schedule
    (demo_events.py). Returns the file and who was told. Does not commit: the caller does,
    and the notices are pushed to open sockets once committed."""
    spec = kind_or_raise(kind)
    if status not in spec.statuses:
        raise ApiError("portal_file_unknown_status", status_code=422, choices=StatusChoices(spec))
    row = _row(db=db, spec=spec, reference=reference)
    if row.status == status:
        return row, []
    row.status = status
    row.updated_at = utcnow()
    db.flush()
    log.info(
        "portal file %s %s set to %s by %s",
        row.kind,
        row.reference,
        status,
        actor.id if actor is not None else "the demo schedule",
    )
    record = FileRecord.model_validate(row)
    told = audience(db=db, record=record)
    notices, buttons = _notices(record=record)
    for user in told:
        conversations.notify_user(db=db, user_id=user.id, texts=notices, buttons_by_lang=buttons)
    return row, told


def audience(*, db: Session, record: FileRecord) -> list[User]:
    """Every active user who may see the file (api.portal_files.service.can_see decides:
    the operator of its ICE, the bank of a title, the administration it was addressed to)."""
    narrowed = select(User).where(
        User.is_active.is_(True),
        or_(
            (User.role == "operator") & (User.ice == record.owner_ice),
            User.role == "administration",
        ),
    )
    return [user for user in db.scalars(narrowed) if can_see(user=user, record=record)]


def _notices(*, record: FileRecord) -> tuple[dict[str, str], dict[str, list[dict[str, Any]]]]:
    """The notice in fr/ar/en, and its « Voir le dossier » button whose payload asks the
    file's status in the same language (the chat's file lookup answers it)."""
    spec = KINDS[record.kind]
    state = spec.statuses[record.status]
    notices: dict[str, str] = {}
    buttons: dict[str, list[dict[str, Any]]] = {}
    for lang in REPLY_LANGS:
        notices[lang] = texts.notice_text(
            kind=record.kind,
            kind_label=spec.label[lang],
            reference=record.reference,
            status=state.label[lang],
            meaning=state.meaning[lang],
            next_step=state.next_step[lang],
            lang=lang,
        )
        ask = texts.chat_text("ask", lang, kind=spec.short[lang], reference=record.reference)
        buttons[lang] = [{"title": texts.SEE_FILE[lang], "payload": ask}]
    return notices, buttons


def list_demo_files(*, db: Session, lang: str) -> StaffFileList:
    """The demo table for the console: every file with the statuses its kind allows."""
    lang = reply_lang(lang)
    rows = db.scalars(select(PortalFile).order_by(PortalFile.kind, PortalFile.reference))
    files = []
    for row in rows:
        spec = KINDS.get(row.kind)  # type: ignore[call-overload]
        if spec is None:
            continue
        current = spec.statuses.get(row.status)
        files.append(
            StaffFileRead(
                kind=spec.kind,
                kind_label=spec.label[lang],
                reference=row.reference,
                owner_name=row.owner_name,
                owner_ice=row.owner_ice,
                status=row.status,
                status_label=current.label[lang] if current is not None else row.status,
                statuses=[
                    StatusChoice(value=code, label=s.label[lang])
                    for code, s in spec.statuses.items()
                ],
                updated_at=row.updated_at,
            )
        )
    return StaffFileList(files=files)
