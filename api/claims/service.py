"""Claims: filing, following, and the agents' side. Every function takes the session and
keyword arguments only and does not commit: the route (or the procedures engine, for a
claim filed in the chat) commits the unit of work, then delivers the e-mails recorded in
it (`notifications.take_pending_ids`)."""

import re
import secrets
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.accounts import service as accounts
from api.accounts.models import User
from api.claims import catalog, texts
from api.claims.models import (
    MAX_ATTACHMENTS,
    AgentClaimRead,
    Claim,
    ClaimAttachment,
    ClaimAttachmentRead,
    ClaimCreate,
    ClaimEvent,
    ClaimEventRead,
    ClaimMessage,
    ClaimMessageRead,
    ClaimRead,
    ClaimStatusTurn,
    QueueItem,
    StatusButton,
    StatusMessage,
)
from api.conversations import service as conversations
from api.conversations.models import MessageRead
from api.database import as_utc, utcnow
from api.errors import ApiError, NotFound
from api.notifications import service as notifications
from api.uploads import service as uploads
from api.uploads.models import DOCUMENT_TYPES, Upload

STAFF_ROLES = ("agent", "staff")
# The status changes allowed, from → to (DESIGN: new → assigned → answered → closed). An
# answered claim may be taken back (assigned) or answered again; a closed one is final.
TRANSITIONS: dict[str, frozenset[str]] = {
    "new": frozenset({"assigned", "closed"}),
    "assigned": frozenset({"assigned", "answered", "closed"}),
    "answered": frozenset({"assigned", "answered", "closed"}),
    "closed": frozenset(),
}
# Claims accept these, each recognised by its content.
ACCEPT: tuple[str, ...] = DOCUMENT_TYPES
# An e-mail the route did not deliver at once is left to the outbox's retry loop.

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_REFERENCE = re.compile(r"^REC-?([0-9A-Z]{4})-?([0-9A-Z]{4})$")
REFERENCE_IN_TEXT = re.compile(r"\bREC[-\s]?[0-9A-Za-z]{4}[-\s]?[0-9A-Za-z]{4}\b", re.IGNORECASE)
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_reference() -> str:
    chars = "".join(secrets.choice(_CROCKFORD) for _ in range(8))
    return f"REC-{chars[:4]}-{chars[4:]}"


def normalize_reference(text: str) -> str | None:
    """`rec-ab12-cd34`, `REC AB12 CD34`, an O typed for a 0…: the canonical reference, or
    None when it cannot be one."""
    compact = re.sub(r"[\s_]+", "-", text.strip().upper())
    match = _REFERENCE.match(compact)
    if match is None:
        return None
    body = (match.group(1) + match.group(2)).translate(_CONFUSABLE)
    if any(ch not in _CROCKFORD for ch in body):
        return None
    return f"REC-{body[:4]}-{body[4:]}"


def find_reference(text: str) -> str | None:
    """The first claim reference written in a chat message. Written without both dashes,
    it must hold a digit: « reclamation » is a word, not REC-LAMA-TION."""
    for match in REFERENCE_IN_TEXT.finditer(text or ""):
        written = match.group(0)
        dashed = re.fullmatch(r"REC-\w{4}-\w{4}", written, re.IGNORECASE) is not None
        reference = normalize_reference(written)
        if reference is not None and (dashed or any(ch.isdigit() for ch in written)):
            return reference
    return None


# ---------------------------------------------------------------- reading


def get(*, db: Session, reference: str) -> Claim | None:
    canonical = normalize_reference(reference)
    if canonical is None:
        return None
    return db.scalar(select(Claim).where(Claim.reference == canonical))


def is_staff(user: User) -> bool:
    return user.role in STAFF_ROLES


def get_visible_or_raise(*, db: Session, reference: str, user: User) -> Claim:
    """The claim, for its owner or an agent/staff; anyone else is told it does not exist
    (404 `claim_not_found`), the same answer as an unknown reference."""
    claim = get(db=db, reference=reference)
    if claim is None or not (claim.owner_user_id == user.id or is_staff(user)):
        raise NotFound("claim_not_found")
    return claim


def get_owned_or_raise(*, db: Session, reference: str, user: User) -> Claim:
    """The claim of this owner only (what the owner's routes write to)."""
    claim = get(db=db, reference=reference)
    if claim is None or claim.owner_user_id != user.id:
        raise NotFound("claim_not_found")
    return claim


def get_attachment_or_raise(*, db: Session, claim: Claim, attachment_id: str) -> Upload:
    """The stored file of one of the claim's attachments (another claim's: not found)."""
    attachment = next((a for a in claim.attachments if a.id == attachment_id), None)
    if attachment is None:
        raise NotFound("claim_attachment_not_found")
    return uploads.get_or_raise(db=db, upload_id=attachment.upload_id)


def list_for_owner(
    *,
    db: Session,
    user: User,
    reference: str | None = None,
    status: str | None = None,
    created_from: date | None = None,
    created_to: date | None = None,
) -> list[Claim]:
    """« Mes réclamations », newest first: the reference searched as typed (part of it
    is enough), a status, a period (both days included)."""
    statement = select(Claim).where(Claim.owner_user_id == user.id)
    if reference:
        needle = re.sub(r"[\s_]+", "-", reference.strip().upper()).translate(_CONFUSABLE)
        needle = needle.replace("REC-", "").replace("REC", "")
        statement = statement.where(Claim.reference.contains(needle, autoescape=True))
    if status is not None:
        statement = statement.where(Claim.status == status)
    if created_from is not None:
        statement = statement.where(Claim.created_at >= _start_of(created_from))
    if created_to is not None:
        statement = statement.where(Claim.created_at < _start_of(created_to + timedelta(days=1)))
    return list(db.scalars(statement.order_by(Claim.created_at.desc(), Claim.reference)))


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min).replace(tzinfo=utcnow().tzinfo)


def waiting_seconds(*, claim: Claim, now: datetime | None = None) -> int:
    """How long the owner has been waiting: since filing until answered or closed, then
    nothing."""
    if claim.status in ("answered", "closed"):
        return 0
    return max(0, int(((now or utcnow()) - as_utc(claim.created_at)).total_seconds()))


def queue(
    *, db: Session, portal: str | None = None, status: str | None = None
) -> list[tuple[Claim, int]]:
    """The agents' queue, oldest first, each with its waiting time in seconds. Without a
    status: what waits for an agent (new and assigned)."""
    statement = select(Claim)
    if portal is not None:
        statement = statement.where(Claim.portal == portal)
    if status is not None:
        statement = statement.where(Claim.status == status)
    else:
        statement = statement.where(Claim.status.in_(("new", "assigned")))
    now = utcnow()
    claims = db.scalars(statement.order_by(Claim.created_at, Claim.reference))
    return [(claim, waiting_seconds(claim=claim, now=now)) for claim in claims]


# ---------------------------------------------------------------- filing


def _check_upload(*, db: Session, upload_id: str, user: User) -> tuple[Upload, str]:
    """An upload the user may attach: made in a conversation of theirs (or one nobody
    owns yet, whose session id they hold), a PDF/PNG/JPEG ≤ 3 MB by its content. Anyone
    else's or unknown: 404 `upload_not_found`."""
    upload = uploads.get(db=db, upload_id=upload_id)
    if upload is None:
        raise NotFound("upload_not_found")
    conversation = conversations.get(db=db, session_id=upload.session_id)
    if conversation is not None and not conversations.can_see(
        conversation=conversation, user_id=user.id
    ):
        raise NotFound("upload_not_found")
    # Checked again from the bytes (never the recorded type, never the name): size,
    # emptiness, type by content.
    content_type = uploads.check(filename=upload.filename, content=upload.data, accept=ACCEPT)
    return upload, content_type


def _attach(*, claim: Claim, files: list[tuple[Upload, str]], role: str) -> None:
    if len(claim.attachments) + len(files) > MAX_ATTACHMENTS:
        raise ApiError("too_many_attachments", status_code=422, max=MAX_ATTACHMENTS)
    for upload, content_type in files:
        claim.attachments.append(
            ClaimAttachment(
                seq=len(claim.attachments) + 1,
                upload_id=upload.id,
                filename=upload.filename,
                content_type=content_type,
                size=len(upload.data),
                added_by_role=role,
                created_at=utcnow(),
            )
        )


def create(*, db: Session, owner: User, data: ClaimCreate) -> Claim:
    """A new claim of `owner`, with its attachments, its first event and the e-mail that
    confirms it (recorded). Raises localized refusals; does not commit."""
    if data.kind not in {choice.value for choice in catalog.KINDS}:
        raise ApiError(
            "claim_unknown_kind",
            status_code=422,
            choices=", ".join(choice.value for choice in catalog.KINDS),
        )
    if data.session_id is not None:
        conversations.ensure_not_others(db=db, session_id=data.session_id, user_id=owner.id)
    ids = list(dict.fromkeys(data.attachment_ids))
    if len(ids) > MAX_ATTACHMENTS:
        raise ApiError("too_many_attachments", status_code=422, max=MAX_ATTACHMENTS)
    files = [_check_upload(db=db, upload_id=upload_id, user=owner) for upload_id in ids]
    reference = new_reference()
    while db.scalar(select(func.count()).where(Claim.reference == reference)):
        reference = new_reference()  # pragma: no cover - 2^40 references
    now = utcnow()
    claim = Claim(
        reference=reference,
        kind=data.kind,
        portal=data.portal,
        service=_service_value(portal=data.portal, service=data.service),
        object=data.object.strip(),
        details=data.details.strip(),
        status="new",
        lang=data.lang,
        owner_user_id=owner.id,
        session_id=data.session_id,
        created_at=now,
        updated_at=now,
    )
    db.add(claim)
    _attach(claim=claim, files=files, role="owner")
    claim.events.append(
        ClaimEvent(
            seq=1, status="new", actor_user_id=owner.id, actor_name=owner.display_name, at=now
        )
    )
    db.flush()
    _mail(db=db, claim=claim, owner=owner, status="new")
    return claim


def _service_value(*, portal: str, service: str) -> str:
    """The catalogue's value when the user named one of its services (by value or label),
    else what they wrote."""
    wanted = service.strip()
    for choice in catalog.services_for(portal):
        if wanted == choice.value or wanted.casefold() in (
            label.casefold() for label in choice.labels.values()
        ):
            return choice.value
    return wanted


def add_message(*, db: Session, claim: Claim, author: User, text: str) -> ClaimMessage:
    """A message of the owner, or of an agent (no status change: answering is `answer`)."""
    if claim.status == "closed":
        raise ApiError("claim_closed", status_code=409)
    message = ClaimMessage(
        seq=len(claim.messages) + 1,
        author_user_id=author.id,
        author_role="owner" if author.id == claim.owner_user_id else "agent",
        author_name=author.display_name,
        text=text.strip(),
        at=utcnow(),
    )
    claim.messages.append(message)
    claim.updated_at = utcnow()
    db.flush()
    return message


def add_attachment(*, db: Session, claim: Claim, user: User, upload_id: str) -> ClaimAttachment:
    if claim.status == "closed":
        raise ApiError("claim_closed", status_code=409)
    upload, content_type = _check_upload(db=db, upload_id=upload_id, user=user)
    if any(a.upload_id == upload.id for a in claim.attachments):
        raise ApiError("attachment_already_added", status_code=409)
    role = "owner" if user.id == claim.owner_user_id else "agent"
    _attach(claim=claim, files=[(upload, content_type)], role=role)
    claim.updated_at = utcnow()
    db.flush()
    return claim.attachments[-1]


# ---------------------------------------------------------------- the agents' side


def _move(*, db: Session, claim: Claim, target: str, actor: User, note: str | None) -> bool:
    """Records the change (an event); whether the status really changed. A change the
    TRANSITIONS table does not allow: 409 `claim_transition_not_allowed`."""
    if target not in TRANSITIONS[claim.status]:
        raise ApiError(
            "claim_transition_not_allowed",
            status_code=409,
            current=texts.StatusLabel(claim.status),
            target=texts.StatusLabel(target),
        )
    changed = claim.status != target
    now = utcnow()
    claim.status = target
    claim.updated_at = now
    claim.events.append(
        ClaimEvent(
            seq=len(claim.events) + 1,
            status=target,
            actor_user_id=actor.id,
            actor_name=actor.display_name,
            note=note,
            at=now,
        )
    )
    db.flush()
    return changed


def assign(*, db: Session, claim: Claim, agent: User) -> Claim:
    """The agent takes the claim (again, after an answer; or from another agent)."""
    if claim.status == "assigned" and claim.assignee_user_id == agent.id:
        return claim  # already theirs: nothing happens, nobody is told twice
    changed = _move(db=db, claim=claim, target="assigned", actor=agent, note=None)
    claim.assignee_user_id = agent.id
    if changed:
        _notify(db=db, claim=claim, status="assigned")
    return claim


def answer(*, db: Session, claim: Claim, agent: User, text: str) -> Claim:
    """The agent's answer: a message and the status `answered`; the owner is told it."""
    _move(db=db, claim=claim, target="answered", actor=agent, note=None)
    add_message(db=db, claim=claim, author=agent, text=text)
    _notify(db=db, claim=claim, status="answered", text=text.strip())
    return claim


def close(*, db: Session, claim: Claim, agent: User, note: str) -> Claim:
    _move(db=db, claim=claim, target="closed", actor=agent, note=note.strip())
    _notify(db=db, claim=claim, status="closed", text=note.strip())
    return claim


# ---------------------------------------------------------------- notifications


def _notify(*, db: Session, claim: Claim, status: str, text: str = "") -> None:
    """The owner hears of the change live, in each open conversation of theirs, and by
    e-mail (the outbox)."""
    owner = accounts.get_or_raise(db=db, user_id=claim.owner_user_id)
    conversations.notify_user(
        db=db,
        user_id=owner.id,
        texts=texts.notice_texts(status=status, reference=claim.reference, text=text),
        buttons=[texts.follow_button(reference=claim.reference, lang=claim.lang)],
    )
    _mail(db=db, claim=claim, owner=owner, status=status, text=text)


def _mail(*, db: Session, claim: Claim, owner: User, status: str, text: str = "") -> None:
    mail = texts.status_mail(
        status=status,
        reference=claim.reference,
        name=owner.display_name,
        lang=claim.lang,
        text=text,
        object=claim.object,
    )
    notifications.record_for_delivery(db=db, to=owner.email, subject=mail.subject, body=mail.body)


# ---------------------------------------------------------------- shapes


def _names(db: Session, *user_ids: str | None) -> dict[str, User]:
    wanted = {user_id for user_id in user_ids if user_id}
    if not wanted:
        return {}
    return {user.id: user for user in db.scalars(select(User).where(User.id.in_(wanted)))}


def to_read(*, claim: Claim, lang: str) -> ClaimRead:
    return ClaimRead(
        reference=claim.reference,
        kind=claim.kind,
        portal=claim.portal,
        service=claim.service,
        object=claim.object,
        status=claim.status,
        created_at=claim.created_at,
        updated_at=claim.updated_at,
        kind_label=catalog.kind_label(claim.kind, lang),
        service_label=catalog.service_label(claim.portal, claim.service, lang),
        details=claim.details,
        events=[ClaimEventRead.model_validate(e) for e in claim.events],
        messages=[ClaimMessageRead.model_validate(m) for m in claim.messages],
        attachments=[ClaimAttachmentRead.model_validate(a) for a in claim.attachments],
    )


def to_queue_item(*, claim: Claim, waiting: int, users: dict[str, User]) -> QueueItem:
    owner = users.get(claim.owner_user_id)
    assignee = users.get(claim.assignee_user_id or "")
    return QueueItem(
        reference=claim.reference,
        kind=claim.kind,
        portal=claim.portal,
        service=claim.service,
        object=claim.object,
        status=claim.status,
        created_at=claim.created_at,
        updated_at=claim.updated_at,
        owner_name=owner.display_name if owner else "",
        assignee_name=assignee.display_name if assignee else None,
        waiting_seconds=waiting,
    )


def queue_items(*, db: Session, portal: str | None, status: str | None) -> list[QueueItem]:
    rows = queue(db=db, portal=portal, status=status)
    users = _names(db, *(c.owner_user_id for c, _ in rows), *(c.assignee_user_id for c, _ in rows))
    return [to_queue_item(claim=claim, waiting=waiting, users=users) for claim, waiting in rows]


def to_agent_read(*, db: Session, claim: Claim, lang: str) -> AgentClaimRead:
    users = _names(db, claim.owner_user_id, claim.assignee_user_id)
    owner = users.get(claim.owner_user_id)
    assignee = users.get(claim.assignee_user_id or "")
    conversation = (
        conversations.get(db=db, session_id=claim.session_id) if claim.session_id else None
    )
    transcript = (
        [
            MessageRead.model_validate(m)
            for m in conversations.list_messages(db=db, conversation=conversation)
        ]
        if conversation is not None and conversation.user_id == claim.owner_user_id
        else []
    )
    return AgentClaimRead(
        **to_read(claim=claim, lang=lang).model_dump(),
        owner_name=owner.display_name if owner else "",
        owner_organisation=owner.organisation if owner else None,
        assignee_name=assignee.display_name if assignee else None,
        waiting_seconds=waiting_seconds(claim=claim),
        session_id=claim.session_id,
        transcript=transcript,
    )


# ---------------------------------------------------------------- in the chat


def status_text(*, claim: Claim, lang: str) -> str:
    """Status, dates and the last answer of a claim, for the chat."""
    last = next((m for m in reversed(claim.messages) if m.author_role == "agent"), None)
    return "\n".join(
        (
            texts.status_line(
                reference=claim.reference,
                object=claim.object,
                status=claim.status,
                created=as_utc(claim.created_at),
                updated=as_utc(claim.updated_at),
                lang=lang,
            ),
            texts.last_answer_line(
                text=last.text if last else None, at=as_utc(last.at) if last else None, lang=lang
            ),
        )
    )


LATEST_IN_CHAT = 5


def status_turn(
    *, db: Session, session_id: str, reference: str | None, lang: str
) -> ClaimStatusTurn:
    """« Où en est ma réclamation REC-… ? », « mes réclamations »: for the signed-in owner of
    the conversation only (never whoever the caller says); someone else's claim is told
    exactly like an unknown one."""
    identity = conversations.identity(db=db, session_id=session_id)
    conversation = conversations.get(db=db, session_id=session_id)
    if identity.user is None or conversation is None or conversation.user_id is None:
        return ClaimStatusTurn(
            status="login_required",
            messages=[
                StatusMessage(
                    text=texts.chat_text("login", lang),
                    buttons=[
                        StatusButton(
                            title=texts.chat_text("login_button", lang), payload="/request_login"
                        )
                    ],
                )
            ],
        )
    user = accounts.get_or_raise(db=db, user_id=conversation.user_id)
    if reference:
        claim = get(db=db, reference=reference)
        if claim is None or claim.owner_user_id != user.id:
            shown = normalize_reference(reference) or reference[:40]
            return ClaimStatusTurn(
                status="none",
                messages=[StatusMessage(text=texts.chat_text("not_found", lang, reference=shown))],
            )
        return ClaimStatusTurn(
            status="done", messages=[StatusMessage(text=status_text(claim=claim, lang=lang))]
        )
    latest = list_for_owner(db=db, user=user)[:LATEST_IN_CHAT]
    if not latest:
        return ClaimStatusTurn(
            status="none", messages=[StatusMessage(text=texts.chat_text("none", lang))]
        )
    buttons = [
        StatusButton(
            title=f"{claim.reference} – {texts.status_label(claim.status, lang)} – "
            f"{claim.object[:60]}",
            payload=texts.follow_button(reference=claim.reference, lang=lang)["payload"],
        )
        for claim in latest
    ]
    return ClaimStatusTurn(
        status="done",
        messages=[StatusMessage(text=texts.chat_text("latest", lang), buttons=buttons)],
    )
