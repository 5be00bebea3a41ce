"""The Douane account of a validated operator and its operations (guide RNOCE, section IV).
Every function takes the session and keyword arguments only and does not commit: the
route commits the unit of work, then delivers the e-mails recorded in it
(`notifications.take_pending_ids`). Every field is checked by its rule in api/douane_accounts/rules.py,
all at once: the refusals come together (422 `fields_refused`)."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.accounts import service as accounts
from api.accounts.models import User
from api.conversations import service as conversations
from api.database import utcnow
from api.douane_accounts import rules, texts
from api.douane_accounts.models import (
    MODIFIABLE_FIELDS,
    OPERATION_KINDS,
    AccountRead,
    CancellationCreate,
    DocumentRead,
    DouaneAccount,
    DouaneOperation,
    DouaneOperationDocument,
    ModificationCreate,
    OperationRead,
    OperationResubmit,
    OperationSummary,
    RestorationCreate,
    StaffOperationRead,
)
from api.errors import ApiError, FieldErrors, FieldRefusal, NotFound
from api.notifications import service as notifications
from api.procedures.definitions import Context, Refusal
from api.request_models import RequestModel
from api.uploads import service as uploads
from api.uploads.models import DOCUMENT_TYPES, Upload

REALM = "rnoce"
# An e-mail the route did not deliver at once is left to the outbox's retry loop.
# The fields of each kind's request (a resubmission sending another kind's is refused).
KIND_FIELDS: dict[str, frozenset[str]] = {
    "modification": frozenset(ModificationCreate.model_fields),
    "cancellation": frozenset(CancellationCreate.model_fields),
    "restoration": frozenset(RestorationCreate.model_fields),
}


# ---------------------------------------------------------------- the account


def get_account(*, db: Session, owner_user_id: str) -> DouaneAccount | None:
    return db.scalar(select(DouaneAccount).where(DouaneAccount.owner_user_id == owner_user_id))


def get_account_or_raise(*, db: Session, owner: User) -> DouaneAccount:
    """The caller's Douane account; none (not registered at the Douane): 404
    `douane_account_not_found`, which says the option is for registered operators."""
    account = get_account(db=db, owner_user_id=owner.id)
    if account is None:
        raise NotFound("douane_account_not_found")
    return account


def snapshot(account: DouaneAccount) -> dict[str, Any]:
    """The account's modifiable fields by name (rules.ACCOUNT_KEY in a rule's context)."""
    return {name: getattr(account, name) for name in MODIFIABLE_FIELDS}


def open_account(
    *,
    db: Session,
    owner: User,
    operator_type: str,
    ice: str,
    rc_number: str,
    identifiant_fiscal: str,
    rc_centre: str,
    raison_sociale: str,
    entity_type: str | None = None,
) -> DouaneAccount:
    """The Douane account of an RNOCE operator whose subscription was just validated (the
    subscription domain calls it in its unit of work). Each field is checked by its rule;
    one account per user (409 `douane_account_exists`)."""
    if owner.realm != REALM:
        raise ApiError("douane_account_rnoce_only", status_code=422)
    if get_account(db=db, owner_user_id=owner.id) is not None:
        raise ApiError("douane_account_exists", status_code=409)
    form = _Form(context=Context(portal="rnoce", lang="fr", data={}, user_id=owner.id))
    given = {
        "operator_type": operator_type,
        "ice": ice,
        "rc_number": rc_number,
        "identifiant_fiscal": identifiant_fiscal,
        "rc_centre": rc_centre,
        "raison_sociale": raison_sociale,
    }
    if entity_type is not None:
        given["entity_type"] = entity_type
    values = {
        name: form.check(name, rules.ACCOUNT_FIELD_RULES[name], v) for name, v in given.items()
    }
    form.raise_refusals()
    now = utcnow()
    account = DouaneAccount(
        owner_user_id=owner.id, state="active", created_at=now, updated_at=now, **values
    )
    db.add(account)
    db.flush()
    return account


# ---------------------------------------------------------------- reading operations


def get(*, db: Session, operation_id: str) -> DouaneOperation | None:
    return db.get(DouaneOperation, operation_id)


def get_or_raise(*, db: Session, operation_id: str) -> DouaneOperation:
    operation = get(db=db, operation_id=operation_id)
    if operation is None:
        raise NotFound("douane_operation_not_found")
    return operation


def get_owned_or_raise(*, db: Session, operation_id: str, owner: User) -> DouaneOperation:
    """An operation of the caller's; anyone else's answers exactly like an unknown id."""
    operation = get(db=db, operation_id=operation_id)
    if operation is None or operation.owner_user_id != owner.id:
        raise NotFound("douane_operation_not_found")
    return operation


def list_for_account(*, account: DouaneAccount) -> list[DouaneOperation]:
    """Newest first."""
    return sorted(account.operations, key=lambda o: (o.created_at, o.id), reverse=True)


def latest(*, account: DouaneAccount, kind: str) -> DouaneOperation | None:
    return next((o for o in list_for_account(account=account) if o.kind == kind), None)


def get_document_or_raise(
    *, db: Session, operation: DouaneOperation, document_id: str
) -> tuple[Upload, str]:
    """The stored file of one of the operation's documents, and its content type."""
    document = next((d for d in operation.documents if d.id == document_id), None)
    if document is None:
        raise NotFound("douane_document_not_found")
    return uploads.get_or_raise(db=db, upload_id=document.upload_id), document.content_type


# ---------------------------------------------------------------- checking a request


class _Form:
    """Runs the rules of a request's fields and gathers every refusal, each with its
    field's label, to be raised together."""

    def __init__(self, *, context: Context) -> None:
        self.context = context
        self.refusals: list[FieldRefusal] = []

    def check(self, name: str, rule: Callable[[Any, Context], Any], value: Any) -> Any:
        try:
            return rule(value, self.context)
        except Refusal as refusal:
            self.refuse(name, refusal.code, params=refusal.params)
            return None

    def refuse(
        self,
        name: str,
        code: str,
        *,
        labels: dict[str, str] | None = None,
        params: Mapping[str, object] | None = None,
    ) -> None:
        self.refusals.append(
            FieldRefusal(
                field=name,
                code=code,
                params={"label": texts.Label(name, labels), **(params or {})},
            )
        )

    def refused(self, name: str) -> bool:
        return any(refusal.field == name for refusal in self.refusals)

    def raise_refusals(self) -> None:
        if self.refusals:
            raise FieldErrors(self.refusals)


@dataclass
class _Prepared:
    """A checked request, ready to be stored."""

    changes: dict[str, Any] | None = None
    previous: dict[str, Any] | None = None
    modele_j_date: date | None = None
    cancellation_reason: str | None = None
    comment: str | None = None
    documents: list[tuple[str, Upload, str]] = field(default_factory=list)


def _document(
    *,
    db: Session,
    form: _Form,
    owner: User,
    name: str,
    upload_id: str | None,
    accept: tuple[str, ...],
    kind: str,
    prepared: _Prepared,
    labels: dict[str, str] | None = None,
) -> bool:
    """An upload the owner may attach (made in a conversation of theirs, or one nobody owns
    yet whose session id they hold; anyone else's or unknown: 404 `upload_not_found`), its
    type read again from its bytes. Whether one was given."""
    if not upload_id:
        return False
    upload = uploads.get(db=db, upload_id=upload_id)
    if upload is None:
        raise NotFound("upload_not_found")
    conversation = conversations.get(db=db, session_id=upload.session_id)
    if conversation is not None and not conversations.can_see(
        conversation=conversation, user_id=owner.id
    ):
        raise NotFound("upload_not_found")
    content_type = uploads.check(
        filename=upload.filename, content=upload.data, accept=DOCUMENT_TYPES
    )
    if content_type not in accept:
        form.refuse(name, "douane_document_pdf_only", labels=labels)
        return True
    prepared.documents.append((kind, upload, content_type))
    return True


def _required_document(
    *, form: _Form, name: str, given: bool, labels: dict[str, str] | None = None
) -> None:
    if not given and not form.refused(name):
        form.refuse(name, "douane_field_required", labels=labels)


def _prepare_modification(
    *, db: Session, owner: User, account: DouaneAccount, data: ModificationCreate, lang: str
) -> _Prepared:
    current = snapshot(account)
    asked = {
        name: getattr(data, name) for name in MODIFIABLE_FIELDS if getattr(data, name) is not None
    }
    form = _Form(
        context=Context(
            portal="rnoce",
            lang=lang,
            data={**asked, rules.ACCOUNT_KEY: current},
            user_id=owner.id,
        )
    )
    changes: dict[str, Any] = {}
    for name, value in asked.items():
        checked = form.check(name, rules.ACCOUNT_FIELD_RULES[name], value)
        if checked is not None and checked != current[name]:
            changes[name] = checked
    # The transitaire rule reads the checked values (a raison sociale typed with extra
    # spaces is the same one).
    form.context = Context(
        portal="rnoce",
        lang=lang,
        data={**asked, **changes, rules.ACCOUNT_KEY: current},
        user_id=owner.id,
    )
    prepared = _Prepared(changes=changes, previous={name: current[name] for name in changes})
    modele_j = _document(
        db=db,
        form=form,
        owner=owner,
        name="modele_j_upload_id",
        upload_id=data.modele_j_upload_id,
        accept=rules.MODIFICATION_DOCUMENT_TYPES,
        kind="modele_j",
        prepared=prepared,
    )
    _required_document(form=form, name="modele_j_upload_id", given=modele_j)
    checked_date = form.check("modele_j_date", rules.modele_j_date, data.modele_j_date)
    prepared.modele_j_date = date.fromisoformat(checked_date) if checked_date else None
    adii = _document(
        db=db,
        form=form,
        owner=owner,
        name="adii_decision_upload_id",
        upload_id=data.adii_decision_upload_id,
        accept=rules.MODIFICATION_DOCUMENT_TYPES,
        kind="adii_decision",
        prepared=prepared,
    )
    if not form.refused("adii_decision_upload_id"):
        form.check("adii_decision_upload_id", rules.adii_decision_given, adii)
    form.raise_refusals()
    if not changes:
        raise ApiError("douane_modification_empty", status_code=422)
    return prepared


def _prepare_cancellation(
    *, db: Session, owner: User, account: DouaneAccount, data: CancellationCreate, lang: str
) -> _Prepared:
    form = _Form(context=Context(portal="rnoce", lang=lang, data={}, user_id=owner.id))
    prepared = _Prepared()
    reason = form.check("reason", rules.cancellation_reason, data.reason)
    prepared.cancellation_reason = reason
    prepared.comment = form.check("comment", rules.comment, data.comment)
    form.context = Context(portal="rnoce", lang=lang, data={"reason": reason}, user_id=owner.id)
    if rules.needs_judgement(form.context):
        given = _document(
            db=db,
            form=form,
            owner=owner,
            name="judgement_upload_id",
            upload_id=data.judgement_upload_id,
            accept=rules.CANCELLATION_DOCUMENT_TYPES,
            kind="judgement",
            prepared=prepared,
        )
        _required_document(form=form, name="judgement_upload_id", given=given)
    if rules.needs_radiation_modele_j(form.context):
        given = _document(
            db=db,
            form=form,
            owner=owner,
            name="modele_j_upload_id",
            upload_id=data.modele_j_upload_id,
            accept=rules.CANCELLATION_DOCUMENT_TYPES,
            kind="modele_j",
            prepared=prepared,
            labels=texts.RADIATION_MODELE_J_LABEL,
        )
        _required_document(
            form=form, name="modele_j_upload_id", given=given, labels=texts.RADIATION_MODELE_J_LABEL
        )
    form.raise_refusals()
    return prepared


def _prepare_restoration(
    *, db: Session, owner: User, account: DouaneAccount, data: RestorationCreate, lang: str
) -> _Prepared:
    proof = (
        "modele_j"
        if data.modele_j_upload_id
        else "general_assembly_minutes"
        if data.general_assembly_minutes_upload_id
        else None
    )
    form = _Form(
        context=Context(portal="rnoce", lang=lang, data={"proof": proof}, user_id=owner.id)
    )
    prepared = _Prepared()
    request = _document(
        db=db,
        form=form,
        owner=owner,
        name="handwritten_request_upload_id",
        upload_id=data.handwritten_request_upload_id,
        accept=rules.RESTORATION_DOCUMENT_TYPES,
        kind="handwritten_request",
        prepared=prepared,
    )
    _required_document(form=form, name="handwritten_request_upload_id", given=request)
    _document(
        db=db,
        form=form,
        owner=owner,
        name="modele_j_upload_id",
        upload_id=data.modele_j_upload_id,
        accept=rules.RESTORATION_DOCUMENT_TYPES,
        kind="modele_j",
        prepared=prepared,
    )
    _document(
        db=db,
        form=form,
        owner=owner,
        name="general_assembly_minutes_upload_id",
        upload_id=data.general_assembly_minutes_upload_id,
        accept=rules.RESTORATION_DOCUMENT_TYPES,
        kind="general_assembly_minutes",
        prepared=prepared,
    )
    if proof is None:
        form.refuse("modele_j_upload_id", "douane_restoration_proof_required")
    if rules.needs_restoration_modele_j(form.context):
        checked = form.check("modele_j_date", rules.modele_j_date, data.modele_j_date)
        prepared.modele_j_date = date.fromisoformat(checked) if checked else None
    prepared.comment = form.check("reason", rules.restoration_reason, data.reason)
    form.raise_refusals()
    return prepared


# ---------------------------------------------------------------- the guide's conditions


def _pending(account: DouaneAccount, kind: str) -> DouaneOperation | None:
    return next((o for o in account.operations if o.kind == kind and o.status == "pending"), None)


def _check_allowed(
    *, account: DouaneAccount, kind: str, resubmitted: DouaneOperation | None
) -> None:
    """« La demande de modification n'est pas autorisée lorsqu'une demande d'annulation est
    en cours de traitement ou acceptée »; only a cancelled account is restored; one request
    of a kind at a time."""
    if kind == "modification":
        if _pending(account, "cancellation") is not None:
            raise ApiError("douane_modification_cancellation_pending", status_code=409)
        if account.state == "cancelled":
            raise ApiError("douane_modification_account_cancelled", status_code=409)
    elif kind == "cancellation":
        if account.state == "cancelled":
            raise ApiError("douane_account_already_cancelled", status_code=409)
    elif account.state != "cancelled":
        raise ApiError("douane_restoration_not_cancelled", status_code=409)
    pending = _pending(account, kind)
    if pending is not None and pending is not resubmitted:
        raise ApiError("douane_operation_in_progress", status_code=409, kind=texts.KindLabel(kind))


def _prepare(
    *, db: Session, owner: User, account: DouaneAccount, kind: str, data: Any, lang: str
) -> _Prepared:
    if kind == "modification":
        return _prepare_modification(db=db, owner=owner, account=account, data=data, lang=lang)
    if kind == "cancellation":
        return _prepare_cancellation(db=db, owner=owner, account=account, data=data, lang=lang)
    return _prepare_restoration(db=db, owner=owner, account=account, data=data, lang=lang)


def _store(*, db: Session, operation: DouaneOperation, prepared: _Prepared) -> None:
    operation.changes = prepared.changes
    operation.previous = prepared.previous
    operation.modele_j_date = prepared.modele_j_date
    operation.cancellation_reason = prepared.cancellation_reason
    operation.comment = prepared.comment
    if operation.documents:
        # Deleted before the new ones are written: one document of each kind.
        operation.documents.clear()
        db.flush()
    now = utcnow()
    seen: set[str] = set()
    for kind, upload, content_type in prepared.documents:
        if kind in seen:  # pragma: no cover - one field per kind
            continue
        seen.add(kind)
        operation.documents.append(
            DouaneOperationDocument(
                kind=kind,
                upload_id=upload.id,
                filename=upload.filename,
                content_type=content_type,
                size=len(upload.data),
                created_at=now,
            )
        )


# ---------------------------------------------------------------- submitting


def submit(
    *,
    db: Session,
    owner: User,
    kind: str,
    data: ModificationCreate | CancellationCreate | RestorationCreate,
    lang: str,
) -> DouaneOperation:
    """A new request of `kind` on the owner's account, « en cours de traitement », and the
    e-mail that confirms it (recorded). Raises localized refusals; does not commit."""
    account = get_account_or_raise(db=db, owner=owner)
    _check_allowed(account=account, kind=kind, resubmitted=None)
    prepared = _prepare(db=db, owner=owner, account=account, kind=kind, data=data, lang=lang)
    now = utcnow()
    operation = DouaneOperation(
        account_id=account.id,
        owner_user_id=owner.id,
        kind=kind,
        status="pending",
        lang=lang,
        submissions=1,
        created_at=now,
        updated_at=now,
    )
    account.operations.append(operation)
    _store(db=db, operation=operation, prepared=prepared)
    db.flush()
    _mail(db=db, operation=operation, owner=owner)
    return operation


def create_modification(
    *, db: Session, owner: User, data: ModificationCreate, lang: str
) -> DouaneOperation:
    return submit(db=db, owner=owner, kind="modification", data=data, lang=lang)


def create_cancellation(
    *, db: Session, owner: User, data: CancellationCreate, lang: str
) -> DouaneOperation:
    return submit(db=db, owner=owner, kind="cancellation", data=data, lang=lang)


def create_restoration(
    *, db: Session, owner: User, data: RestorationCreate, lang: str
) -> DouaneOperation:
    return submit(db=db, owner=owner, kind="restoration", data=data, lang=lang)


def resubmit(
    *, db: Session, owner: User, operation: DouaneOperation, data: OperationResubmit, lang: str
) -> DouaneOperation:
    """The corrected request after a refusal (« Vous aurez la possibilité par la suite de
    corriger et soumettre à nouveau votre demande »): the latest refused request of its
    kind goes back to « en cours de traitement », checked as a new one."""
    if operation.status != "refused":
        raise ApiError(
            "douane_operation_not_refused",
            status_code=409,
            status=texts.StatusLabel(operation.status),
        )
    account = get_account_or_raise(db=db, owner=owner)
    if latest(account=account, kind=operation.kind) is not operation:
        raise ApiError(
            "douane_operation_superseded", status_code=409, kind=texts.KindLabel(operation.kind)
        )
    form = _Form(context=Context(portal="rnoce", lang=lang, data={}, user_id=owner.id))
    allowed = KIND_FIELDS[operation.kind]
    for name in data.model_fields_set:
        if name not in allowed and getattr(data, name) is not None:
            form.refuse(
                name, "douane_field_not_for_kind", params={"kind": texts.KindLabel(operation.kind)}
            )
    form.raise_refusals()
    _check_allowed(account=account, kind=operation.kind, resubmitted=operation)
    given = data.model_dump(include=set(allowed))
    request: RequestModel = (
        ModificationCreate.model_validate(given)
        if operation.kind == "modification"
        else CancellationCreate.model_validate(given)
        if operation.kind == "cancellation"
        else RestorationCreate.model_validate(given)
    )
    prepared = _prepare(
        db=db, owner=owner, account=account, kind=operation.kind, data=request, lang=lang
    )
    _store(db=db, operation=operation, prepared=prepared)
    operation.status = "pending"
    operation.refusal_reason = None
    operation.decided_at = None
    operation.decided_by_name = None
    operation.submissions += 1
    operation.lang = lang
    operation.updated_at = utcnow()
    db.flush()
    _mail(db=db, operation=operation, owner=owner)
    return operation


# ---------------------------------------------------------------- staff


def queue(
    *, db: Session, status: str | None = None, kind: str | None = None
) -> list[DouaneOperation]:
    """Oldest first; without `status`, those waiting (« en cours de traitement »)."""
    statement = select(DouaneOperation).where(DouaneOperation.status == (status or "pending"))
    if kind is not None:
        statement = statement.where(DouaneOperation.kind == kind)
    return list(db.scalars(statement.order_by(DouaneOperation.created_at, DouaneOperation.id)))


def _decide(*, operation: DouaneOperation, staff: User, status: str) -> None:
    if operation.status != "pending":
        raise ApiError(
            "douane_operation_not_pending",
            status_code=409,
            status=texts.StatusLabel(operation.status),
        )
    now = utcnow()
    operation.status = status
    operation.decided_at = now
    operation.decided_by_name = staff.display_name
    operation.updated_at = now


def validate(*, db: Session, operation: DouaneOperation, staff: User) -> DouaneOperation:
    """Validates the request and applies it: a modification's new values go to the
    account, a cancellation cancels it, a restoration makes it active again."""
    account = db.get(DouaneAccount, operation.account_id)
    assert account is not None  # the foreign key cascades
    if (
        operation.status == "pending"
        and operation.kind == "modification"
        and account.state == "cancelled"
    ):
        raise ApiError("douane_modification_account_cancelled", status_code=409)
    _decide(operation=operation, staff=staff, status="validated")
    if operation.kind == "modification":
        for name, value in (operation.changes or {}).items():
            setattr(account, name, value)
    elif operation.kind == "cancellation":
        account.state = "cancelled"
    else:
        account.state = "active"
    account.updated_at = utcnow()
    db.flush()
    _notify(db=db, operation=operation)
    return operation


def refuse(*, db: Session, operation: DouaneOperation, staff: User, reason: str) -> DouaneOperation:
    """Refuses the request with its reason (status « Annulée »); the owner may correct it
    and submit it again."""
    reason = " ".join(reason.split())
    if not reason:
        raise ApiError("douane_refusal_reason_blank", status_code=422)
    _decide(operation=operation, staff=staff, status="refused")
    operation.refusal_reason = reason
    db.flush()
    _notify(db=db, operation=operation, reason=reason)
    return operation


# ---------------------------------------------------------------- notifications


def _notify(*, db: Session, operation: DouaneOperation, reason: str = "") -> None:
    """The owner hears of the decision live, in each open conversation of theirs, and by
    e-mail (the outbox)."""
    owner = accounts.get_or_raise(db=db, user_id=operation.owner_user_id)
    conversations.notify_user(
        db=db,
        user_id=owner.id,
        texts=texts.notice_texts(kind=operation.kind, status=operation.status, reason=reason),
    )
    _mail(db=db, operation=operation, owner=owner, reason=reason)


def _mail(*, db: Session, operation: DouaneOperation, owner: User, reason: str = "") -> None:
    mail = texts.status_mail(
        kind=operation.kind,
        status=operation.status,
        name=owner.display_name,
        lang=operation.lang,
        reason=reason,
    )
    notifications.record_for_delivery(db=db, to=owner.email, subject=mail.subject, body=mail.body)


# ---------------------------------------------------------------- shapes


def to_summary(*, operation: DouaneOperation, lang: str) -> OperationSummary:
    return OperationSummary(
        id=operation.id,
        kind=operation.kind,
        kind_label=texts.kind_label(operation.kind, lang),
        status=operation.status,
        status_label=texts.status_label(operation.status, lang),
        refusal_reason=operation.refusal_reason,
        submissions=operation.submissions,
        created_at=operation.created_at,
        updated_at=operation.updated_at,
        decided_at=operation.decided_at,
    )


def _value_text(name: str, value: Any, lang: str) -> str:
    if name == "operator_type":
        return rules.choice_label(rules.OPERATOR_TYPES, value, lang)
    if name == "entity_type":
        return rules.choice_label(rules.ENTITY_TYPES, value, lang)
    return "" if value is None else str(value)


def to_read(*, operation: DouaneOperation, lang: str) -> OperationRead:
    return OperationRead(
        **to_summary(operation=operation, lang=lang).model_dump(),
        changes={k: str(v) for k, v in (operation.changes or {}).items()},
        previous={k: "" if v is None else str(v) for k, v in (operation.previous or {}).items()},
        modele_j_date=operation.modele_j_date,
        cancellation_reason=operation.cancellation_reason,
        cancellation_reason_label=(
            rules.choice_label(rules.CANCELLATION_REASONS, operation.cancellation_reason, lang)
            if operation.cancellation_reason
            else None
        ),
        comment=operation.comment,
        documents=[
            DocumentRead(
                id=d.id,
                kind=d.kind,
                label=texts.document_label(d.kind, lang, operation_kind=operation.kind),
                filename=d.filename,
                content_type=d.content_type,
                size=d.size,
                created_at=d.created_at,
            )
            for d in operation.documents
        ],
    )


def to_account_read(*, account: DouaneAccount, lang: str, with_latest: bool = True) -> AccountRead:
    latest_of = {}
    if with_latest:
        for kind in OPERATION_KINDS:
            operation = latest(account=account, kind=kind)
            if operation is not None:
                latest_of[kind] = to_summary(operation=operation, lang=lang)
    return AccountRead(
        entity_type=account.entity_type,
        operator_type=account.operator_type,
        operator_type_label=_value_text("operator_type", account.operator_type, lang),
        ice=account.ice,
        rc_number=account.rc_number,
        identifiant_fiscal=account.identifiant_fiscal,
        rc_centre=account.rc_centre,
        raison_sociale=account.raison_sociale,
        state=account.state,
        state_label=texts.state_label(account.state, lang),
        created_at=account.created_at,
        updated_at=account.updated_at,
        latest=latest_of,
    )


def to_staff_read(*, db: Session, operation: DouaneOperation, lang: str) -> StaffOperationRead:
    owner = accounts.get(db=db, user_id=operation.owner_user_id)
    account = db.get(DouaneAccount, operation.account_id)
    assert account is not None
    return StaffOperationRead(
        **to_read(operation=operation, lang=lang).model_dump(),
        owner_name=owner.display_name if owner else "",
        owner_email=owner.email if owner else "",
        account=to_account_read(account=account, lang=lang, with_latest=False),
    )
