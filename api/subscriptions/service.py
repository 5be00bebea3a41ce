"""Subscriptions: the BADR check, drafts step by step, submission, and the staff's
review. Every function takes the session and keyword arguments only and does not commit:
the route commits the unit of work, then delivers the e-mails recorded in it
(`notifications.take_pending_ids`). Each field is checked by the rules of api.subscriptions.rules, as
api.subscriptions.catalog lists them; every refused field is told at once."""

import dataclasses
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from api import i18n
from api.accounts.models import User
from api.conversations import service as conversations
from api.database import utcnow
from api.errors import ApiError, NotFound
from api.notifications import service as notifications
from api.procedures.definitions import Context, Refusal
from api.subscriptions import catalog, rules, texts
from api.subscriptions.badr import Badr, BadrQuery
from api.subscriptions.catalog import FieldSpec, StepSpec
from api.subscriptions.models import (
    BadrCheck,
    BadrCheckRead,
    DocumentRead,
    StaffSubscriptionRead,
    StepRead,
    StepUpdate,
    Subscription,
    SubscriptionCreate,
    SubscriptionNumber,
    SubscriptionRead,
    SubscriptionSummary,
)
from api.uploads import service as uploads
from api.uploads.models import Upload

STAFF_ROLES = ("agent", "staff")
# The status changes allowed, from → to. « Rectifier vos données » takes an incomplete
# request back to a draft; a validated one is final.
TRANSITIONS: dict[str, frozenset[str]] = {
    "draft": frozenset({"processing"}),
    "processing": frozenset({"incomplete", "validated"}),
    "incomplete": frozenset({"draft"}),
    "validated": frozenset(),
}
# The organisms each path subscribes to: one request per organism and operator.
ORGANISMS: dict[str, frozenset[str]] = {
    "douane": frozenset({"douane"}),
    "modification": frozenset({"douane"}),
    "portnet_douane": frozenset({"douane", "portnet"}),
    "portnet": frozenset({"portnet"}),
}


# ---------------------------------------------------------------- refusals


@dataclass(frozen=True)
class FieldRefusal:
    field: str  # "company.ice", "managers[2].id_number", "gu_users"
    code: str
    label: dict[str, str] | None = None
    params: dict[str, object] = dataclasses.field(default_factory=dict)

    def render(self, lang: str) -> str:
        message = i18n.text(self.code, lang, **self.params)
        name = (self.label or {}).get(lang) or (self.label or {}).get("fr") or self.field
        return (
            f"{name} ({self.field}) : {message}"
            if lang == "fr"
            else f"{name} ({self.field}): {message}"
        )


class _Details:
    def __init__(self, refusals: list[FieldRefusal]) -> None:
        self.refusals = refusals

    def render(self, lang: str) -> str:
        return "\n".join(f"- {r.render(lang)}" for r in self.refusals)


class FieldErrors(ApiError):
    """422 `subscription_fields_refused`: every refused field with its rule, in the
    caller's language (also as `error.fields`: field, code, message)."""

    def __init__(self, refusals: list[FieldRefusal]) -> None:
        super().__init__("subscription_fields_refused", status_code=422, details=_Details(refusals))
        self.refusals = refusals

    def extra(self, lang: str) -> dict[str, Any]:
        return {
            "fields": [
                {
                    "field": r.field,
                    "code": r.code,
                    "message": i18n.text(r.code, lang, **r.params),
                }
                for r in self.refusals
            ]
        }


# ---------------------------------------------------------------- checking a step


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value == []


def check_fields(
    *,
    fields: tuple[FieldSpec, ...],
    values: dict[str, Any],
    base: dict[str, Any],
    lang: str,
    prefix: str,
    finish: bool,
    user_id: str | None = None,
    path: str | None = None,
) -> tuple[dict[str, Any], list[FieldRefusal]]:
    """The values normalised by their rules, and every refusal. Fields are checked in the
    catalogue's order, so a condition reads an earlier answer already normalised (the
    origin before « domicilié chez »)."""
    data = {**base, **values}
    normalised: dict[str, Any] = {}
    refusals: list[FieldRefusal] = []
    known = {spec.name for spec in fields}
    for name in values:
        if name not in known:
            refusals.append(FieldRefusal(f"{prefix}{name}", "subscription_field_unknown"))
    for spec in fields:
        context = Context(portal="rnoce", lang=lang, data=data, user_id=user_id)
        label = _label(spec, path)
        value = values.get(spec.name)
        if _empty(value):
            data.pop(spec.name, None)
        if not spec.asked(context):
            if not _empty(value):
                refusals.append(
                    FieldRefusal(f"{prefix}{spec.name}", "subscription_field_not_asked", label)
                )
            continue
        if _empty(value):
            if finish and spec.required:
                refusals.append(
                    FieldRefusal(f"{prefix}{spec.name}", "subscription_required", label)
                )
            continue
        try:
            for validator in spec.validators:
                value = validator(value, context)
        except Refusal as refusal:
            refusals.append(
                FieldRefusal(f"{prefix}{spec.name}", refusal.code, label, dict(refusal.params))
            )
            data.pop(spec.name, None)
            continue
        normalised[spec.name] = value
        data[spec.name] = value
    return normalised, refusals


def _label(spec: FieldSpec, path: str | None) -> dict[str, str]:
    if path == "modification" and spec.name in catalog.MODIFICATION_LABELS:
        return dict(catalog.MODIFICATION_LABELS[spec.name])
    return dict(spec.label)


def _base(subscription: Subscription, *, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """What the rules of a step may look at besides its own answers."""
    data = {**subscription.data, **(overrides or {})}
    company = (data.get("company") or {}).get("values") or {}
    verification = data.get("verification") or {}
    return {
        "path": subscription.path,
        "operator_type": company.get("operator_type") or verification.get("operator_type"),
        "managers": (data.get("managers") or {}).get("items") or [],
    }


def check_step(
    *,
    db: Session,
    subscription: Subscription,
    spec: StepSpec,
    answer: dict[str, Any],
    owner: User,
    finish: bool,
    overrides: dict[str, Any] | None = None,
) -> tuple[dict[str, Any], list[FieldRefusal]]:
    """A step's answer (`{"values": …}` or `{"items": […]}`) checked and normalised."""
    base = _base(subscription, overrides=overrides)
    lang = subscription.lang
    refusals: list[FieldRefusal]
    if not spec.repeated:
        normalised, refusals = check_fields(
            fields=spec.fields,
            values=dict(answer.get("values") or {}),
            base=base,
            lang=lang,
            prefix=f"{spec.name}.",
            finish=finish,
            user_id=owner.id,
            path=subscription.path,
        )
        if finish and not refusals:
            context = Context(
                portal="rnoce", lang=lang, data={**base, **normalised}, user_id=owner.id
            )
            for blamed, validator in spec.step_validators:
                try:
                    validator(normalised, context)
                except Refusal as refusal:
                    field_spec = spec.field(blamed)
                    refusals.append(
                        FieldRefusal(
                            f"{spec.name}.{blamed}",
                            refusal.code,
                            dict(field_spec.label) if field_spec else None,
                            dict(refusal.params),
                        )
                    )
        refusals += _check_files(
            db=db, spec=spec, values=normalised, owner=owner, prefix=f"{spec.name}."
        )
        return {"values": normalised}, refusals
    items = [dict(item) for item in (answer.get("items") or [])]
    refusals = []
    context = Context(portal="rnoce", lang=lang, data=base, user_id=owner.id)
    try:
        for validator in spec.list_validators:
            validator(items, context)
    except Refusal as refusal:
        refusals.append(
            FieldRefusal(spec.name, refusal.code, dict(spec.title), dict(refusal.params))
        )
    if not refusals and spec.max_items is not None and len(items) > spec.max_items:
        refusals.append(
            FieldRefusal(
                spec.name,
                "subscription_too_many_items",
                dict(spec.title),
                {"max": spec.max_items, "count": len(items)},
            )
        )
    if finish and len(items) < spec.min_items:
        refusals.append(
            FieldRefusal(
                spec.name, "subscription_too_few_items", dict(spec.title), {"min": spec.min_items}
            )
        )
    normalised_items = []
    for index, item in enumerate(items, start=1):
        normalised, item_refusals = check_fields(
            fields=spec.fields,
            values=item,
            base=base,
            lang=lang,
            prefix=f"{spec.name}[{index}].",
            finish=finish,
            user_id=owner.id,
            path=subscription.path,
        )
        refusals += item_refusals
        normalised_items.append(normalised)
    return {"items": normalised_items}, refusals


def _check_files(
    *, db: Session, spec: StepSpec, values: dict[str, Any], owner: User, prefix: str
) -> list[FieldRefusal]:
    """Each file is an upload the owner may attach (made in a conversation of theirs), of
    a type the field accepts, recognised by its content (never its name), ≤ 3 MB."""
    refusals = []
    for field_spec in spec.fields:
        if field_spec.type != "file" or field_spec.name not in values:
            continue
        where = f"{prefix}{field_spec.name}"
        try:
            _usable_upload(
                db=db, upload_id=values[field_spec.name], owner=owner, accept=field_spec.accept
            )
        except ApiError as error:
            refusals.append(
                FieldRefusal(where, error.code, dict(field_spec.label), dict(error.params))
            )
    return refusals


def _usable_upload(
    *, db: Session, upload_id: str, owner: User, accept: tuple[str, ...]
) -> tuple[Upload, str]:
    upload = uploads.get(db=db, upload_id=upload_id)
    if upload is None:
        raise NotFound("upload_not_found")
    conversation = conversations.get(db=db, session_id=upload.session_id)
    if conversation is not None and not conversations.can_see(
        conversation=conversation, user_id=owner.id
    ):
        raise NotFound("upload_not_found")
    content_type = uploads.check(filename=upload.filename, content=upload.data, accept=accept)
    return upload, content_type


# ---------------------------------------------------------------- BADR and creation


def check_verification(*, data: BadrCheck, lang: str, path: str | None = None) -> BadrQuery:
    values = data.model_dump(include={spec.name for spec in catalog.VERIFICATION.fields})
    normalised, refusals = check_fields(
        fields=catalog.VERIFICATION.fields,
        values=values,
        base={"path": path},
        lang=lang,
        prefix="verification.",
        finish=True,
        path=path,
    )
    if refusals:
        raise FieldErrors(refusals)
    return BadrQuery(**normalised)


def badr_check(*, db: Session, badr: Badr, data: BadrCheck, lang: str) -> BadrCheckRead:
    query = check_verification(data=data, lang=lang)
    answer = badr.check(db=db, query=query)
    return BadrCheckRead(registered=answer.registered, company=dict(answer.company))


def path_of(data: SubscriptionCreate) -> str:
    organisms = set(data.organisms)
    if data.modification_only:
        if "portnet" in organisms:
            raise ApiError("subscription_modification_douane_only", status_code=422)
        return "modification"
    if organisms == {"douane", "portnet"}:
        return "portnet_douane"
    return "portnet" if organisms == {"portnet"} else "douane"


def new_code(*, db: Session, now: datetime | None = None) -> str:
    """ddmmyyyy (the day of creation in Morocco), "1", then the sequence on 11 digits."""
    number = SubscriptionNumber(created_at=now or utcnow())
    db.add(number)
    db.flush()
    day = (now or utcnow()).astimezone(rules.MOROCCO)
    return f"{day:%d%m%Y}1{number.id:011d}"


def create(*, db: Session, owner: User, data: SubscriptionCreate, badr: Badr) -> Subscription:
    """A new draft of `owner`: the path chosen, the BADR check passed (registered: the
    company step pre-filled from BADR). Resumes at « Informations de la société »."""
    path = path_of(data)
    mine = list_for_owner(db=db, user=owner)
    for existing in mine:
        shared = ORGANISMS[existing.path] & ORGANISMS[path]
        if shared:
            organism = "PORTNET" if shared == {"portnet"} else "DOUANE"
            raise ApiError(
                "subscription_already_exists",
                status_code=409,
                organism=organism,
                reference=existing.code,
            )
    if path == "portnet" and not any(
        s.status == "validated" and "douane" in ORGANISMS[s.path] for s in mine
    ):
        raise ApiError("subscription_portnet_needs_douane", status_code=409)
    query = check_verification(data=data, lang=data.lang, path=path)
    answer = badr.check(db=db, query=query)
    verification = dict(query.__dict__)
    prefill = {
        key: verification[key]
        for key in ("ice", "if_number", "rc", "rc_centre", "operator_type", "email")
    }
    known = {spec.name for spec in catalog.COMPANY.fields}
    prefill.update({k: v for k, v in answer.company.items() if k in known and v not in (None, "")})
    now = utcnow()
    subscription = Subscription(
        code=new_code(db=db, now=now),
        path=path,
        status="draft",
        owner_user_id=owner.id,
        badr_registered=answer.registered,
        data={"verification": verification, "company": {"values": prefill}},
        completed_steps=["verification"],
        current_step="company",
        rejection_reasons=[],
        lang=data.lang,
        created_at=now,
        updated_at=now,
    )
    db.add(subscription)
    db.flush()
    return subscription


# ---------------------------------------------------------------- reading


def get(*, db: Session, code: str) -> Subscription | None:
    return db.scalar(select(Subscription).where(Subscription.code == code.strip()[:40]))


def get_or_raise(*, db: Session, code: str) -> Subscription:
    subscription = get(db=db, code=code)
    if subscription is None:
        raise NotFound("subscription_not_found")
    return subscription


def get_owned_or_raise(*, db: Session, code: str, user: User) -> Subscription:
    """The request of this owner; anyone else's is told like an unknown code."""
    subscription = get(db=db, code=code)
    if subscription is None or subscription.owner_user_id != user.id:
        raise NotFound("subscription_not_found")
    return subscription


def list_for_owner(*, db: Session, user: User) -> list[Subscription]:
    """« Mes demandes », newest first."""
    return list(
        db.scalars(
            select(Subscription)
            .where(Subscription.owner_user_id == user.id)
            .order_by(Subscription.created_at.desc(), Subscription.code.desc())
        )
    )


def queue(*, db: Session, status: str | None = None) -> list[Subscription]:
    """The staff's queue, oldest submission first; without a status, what waits for them."""
    statement = select(Subscription).where(Subscription.status == (status or "processing"))
    return list(db.scalars(statement.order_by(Subscription.submitted_at, Subscription.code)))


# ---------------------------------------------------------------- the owner's steps


def _editable(subscription: Subscription) -> None:
    if subscription.status != "draft":
        raise ApiError(
            "subscription_not_editable",
            status_code=409,
            status=texts.Label(texts.STATUS_LABELS[subscription.status]),
        )


def _editable_steps(path: str) -> list[StepSpec]:
    return [s for s in catalog.steps_for(path) if s.name not in catalog.FIXED_STEPS]


def update_step(
    *, db: Session, subscription: Subscription, owner: User, step: str, update: StepUpdate
) -> Subscription:
    """Keeps a step's answers. With `finish`, the step must be complete: every required
    field there and valid; it is then done, and the draft resumes at the next step not
    done. Any refused field: 422 listing them all, nothing kept."""
    _editable(subscription)
    spec = catalog.step(subscription.path, step)
    if spec is None or spec.name in catalog.FIXED_STEPS:
        raise ApiError(
            "subscription_step_unknown",
            status_code=404,
            steps=", ".join(s.name for s in _editable_steps(subscription.path)),
        )
    answer = {"values": update.values, "items": update.items}
    stored, refusals = check_step(
        db=db,
        subscription=subscription,
        spec=spec,
        answer=answer,
        owner=owner,
        finish=update.finish,
    )
    if refusals:
        raise FieldErrors(refusals)
    data = {**subscription.data, spec.name: stored}
    completed = [name for name in subscription.completed_steps if name != spec.name]
    if update.finish:
        completed.append(spec.name)
    subscription.data = data
    # A later change can make a finished step wrong (another operator type asks for other
    # documents; a manager removed was the mandataire): it is to be done again.
    subscription.completed_steps = [
        name
        for name in completed
        if name in catalog.FIXED_STEPS
        or name == spec.name
        or not _refused(db=db, subscription=subscription, name=name, owner=owner)
    ]
    subscription.current_step = (
        _next_step(subscription, after=spec.name) if update.finish else spec.name
    )
    subscription.updated_at = utcnow()
    db.flush()
    return subscription


def _refused(
    *, db: Session, subscription: Subscription, name: str, owner: User
) -> list[FieldRefusal]:
    spec = catalog.step(subscription.path, name)
    if spec is None:
        return []
    _, refusals = check_step(
        db=db,
        subscription=subscription,
        spec=spec,
        answer=subscription.data.get(name) or {},
        owner=owner,
        finish=True,
    )
    return refusals


def _next_step(subscription: Subscription, *, after: str) -> str:
    names = [s.name for s in _editable_steps(subscription.path)]
    done = set(subscription.completed_steps)
    start = names.index(after) + 1 if after in names else 0
    for name in names[start:] + names[:start]:
        if name not in done:
            return name
    return names[-1]


def missing_steps(subscription: Subscription) -> list[StepSpec]:
    done = set(subscription.completed_steps)
    return [s for s in catalog.steps_for(subscription.path) if s.name not in done]


def _move(*, subscription: Subscription, target: str) -> None:
    if target not in TRANSITIONS[subscription.status]:
        raise ApiError(
            "subscription_transition_not_allowed",
            status_code=409,
            current=texts.Label(texts.STATUS_LABELS[subscription.status]),
            target=texts.Label(texts.STATUS_LABELS[target]),
        )
    subscription.status = target
    subscription.updated_at = utcnow()


def submit(*, db: Session, subscription: Subscription, owner: User) -> Subscription:
    """« Valider votre souscription »: every step done, every field still valid."""
    if subscription.status != "draft":  # told before what is missing
        _move(subscription=subscription, target="processing")
    missing = missing_steps(subscription)
    if missing:
        raise ApiError(
            "subscription_steps_incomplete",
            status_code=409,
            steps=texts.Label(
                {
                    lang: ", ".join(s.title.get(lang) or s.title["fr"] for s in missing)
                    for lang in i18n.REPLY_LANGS
                }
            ),
        )
    refusals = [
        refusal
        for spec in catalog.steps_for(subscription.path)
        if spec.name not in catalog.FIXED_STEPS
        for refusal in _refused(db=db, subscription=subscription, name=spec.name, owner=owner)
    ]
    if refusals:
        raise FieldErrors(refusals)
    _move(subscription=subscription, target="processing")
    subscription.submitted_at = utcnow()
    subscription.rejection_reasons = []
    db.flush()
    _mail(db=db, to=owner.email, subscription=subscription, kind="submitted")
    return subscription


def rectify(*, db: Session, subscription: Subscription) -> Subscription:
    """« Rectifier vos données »: an incomplete request back to a draft, to correct and
    submit again (the reasons stay shown until then)."""
    _move(subscription=subscription, target="draft")
    subscription.current_step = _editable_steps(subscription.path)[0].name
    db.flush()
    return subscription


# ---------------------------------------------------------------- the staff's side


def reject(
    *, db: Session, subscription: Subscription, staff: User, reasons: list[str]
) -> Subscription:
    """Incomplete, with the reasons; the owner is told by e-mail and in the chat."""
    cleaned = [reason.strip() for reason in reasons if reason.strip()]
    if not cleaned:
        raise ApiError("invalid_request", status_code=422, detail="reasons: at least one reason")
    _move(subscription=subscription, target="incomplete")
    subscription.rejection_reasons = cleaned
    subscription.rejected_at = utcnow()
    subscription.reviewer_user_id = staff.id
    db.flush()
    owner = _owner(db=db, subscription=subscription)
    listed = "\n".join(f"- {reason}" for reason in cleaned)
    _mail(db=db, to=owner.email, subscription=subscription, kind="incomplete", reasons=listed)
    conversations.notify_user(
        db=db,
        user_id=owner.id,
        texts=texts.notice_texts(
            status="incomplete", code=subscription.code, reasons="; ".join(cleaned)
        ),
    )
    return subscription


def validate(*, db: Session, subscription: Subscription, staff: User) -> Subscription:
    """Validated; the owner is told (with PORTNET offered after a DOUANE-only
    subscription), and each GU user gets the e-mail of their account's creation."""
    _move(subscription=subscription, target="validated")
    subscription.validated_at = utcnow()
    subscription.reviewer_user_id = staff.id
    db.flush()
    owner = _owner(db=db, subscription=subscription)
    offer = portnet_offered(db=db, subscription=subscription)
    _mail(db=db, to=owner.email, subscription=subscription, kind="validated", offer_portnet=offer)
    company = ((subscription.data.get("company") or {}).get("values") or {}).get(
        "raison_sociale", ""
    )
    for user in (subscription.data.get("gu_users") or {}).get("items") or []:
        _mail(
            db=db,
            to=user["email"],
            subscription=subscription,
            kind="gu_user",
            name=f"{user.get('first_name', '')} {user.get('last_name', '')}".strip(),
            company=str(company),
        )
    conversations.notify_user(
        db=db,
        user_id=owner.id,
        texts=texts.notice_texts(status="validated", code=subscription.code, offer_portnet=offer),
    )
    return subscription


def portnet_offered(*, db: Session, subscription: Subscription) -> bool:
    """After a validated DOUANE-only subscription, PORTNET is offered, until the operator
    has a request for it."""
    if subscription.status != "validated" or "portnet" in ORGANISMS[subscription.path]:
        return False
    return not db.scalar(
        select(Subscription.id)
        .where(
            Subscription.owner_user_id == subscription.owner_user_id,
            Subscription.path.in_(("portnet", "portnet_douane")),
        )
        .limit(1)
    )


def _owner(*, db: Session, subscription: Subscription) -> User:
    owner = db.get(User, subscription.owner_user_id)
    assert owner is not None  # the request goes with its owner (ON DELETE CASCADE)
    return owner


# ---------------------------------------------------------------- e-mails


def _mail(
    *,
    db: Session,
    to: str,
    subscription: Subscription,
    kind: str,
    offer_portnet: bool = False,
    **params: str,
) -> None:
    mail = texts.mail(
        kind,
        lang=subscription.lang,
        offer_portnet=offer_portnet,
        code=subscription.code,
        organism=texts.organism_label(subscription.path, subscription.lang),
        **params,
    )
    notifications.record_for_delivery(db=db, to=to, subject=mail.subject, body=mail.body)


# ---------------------------------------------------------------- shapes


def next_actions(*, db: Session, subscription: Subscription) -> list[str]:
    if subscription.status == "draft":
        return ["resume"] + ([] if missing_steps(subscription) else ["submit"])
    if subscription.status == "incomplete":
        return ["rectify"]
    if portnet_offered(db=db, subscription=subscription):
        return ["subscribe_portnet"]
    return []


def to_summary(*, subscription: Subscription, lang: str) -> SubscriptionSummary:
    return SubscriptionSummary(
        code=subscription.code,
        path=subscription.path,
        status=subscription.status,
        status_label=texts.status_label(subscription.status, lang),
        organism_label=texts.organism_label(subscription.path, lang),
        current_step=subscription.current_step,
        created_at=subscription.created_at,
        submitted_at=subscription.submitted_at,
        validated_at=subscription.validated_at,
        rejection_reasons=list(subscription.rejection_reasons or []),
    )


def to_read(*, db: Session, subscription: Subscription, lang: str) -> SubscriptionRead:
    done = set(subscription.completed_steps)
    return SubscriptionRead(
        **to_summary(subscription=subscription, lang=lang).model_dump(),
        badr_registered=subscription.badr_registered,
        steps=[
            StepRead(
                name=s.name, title=s.title.get(lang) or s.title["fr"], completed=s.name in done
            )
            for s in catalog.steps_for(subscription.path)
        ],
        data=dict(subscription.data),
        next_actions=next_actions(db=db, subscription=subscription),
        portnet_offered=portnet_offered(db=db, subscription=subscription),
    )


def documents(*, db: Session, subscription: Subscription, lang: str) -> list[DocumentRead]:
    """The files of the request (documents, signed contract), by kind."""
    found = []
    for step_name in ("documents", "contract"):
        spec = catalog.step(subscription.path, step_name)
        values = (subscription.data.get(step_name) or {}).get("values") or {}
        for field_spec in spec.fields if spec else ():
            if field_spec.type != "file" or field_spec.name not in values:
                continue
            upload = uploads.get(db=db, upload_id=values[field_spec.name])
            if upload is None:
                continue
            found.append(
                DocumentRead(
                    kind=field_spec.name,
                    label=field_spec.label.get(lang) or field_spec.label["fr"],
                    upload_id=upload.id,
                    filename=upload.filename,
                    size=len(upload.data),
                )
            )
    return found


def document_or_raise(*, db: Session, subscription: Subscription, kind: str) -> Upload:
    for document in documents(db=db, subscription=subscription, lang="fr"):
        if document.kind == kind:
            return uploads.get_or_raise(db=db, upload_id=document.upload_id)
    raise NotFound("subscription_document_not_found")


def to_staff_read(*, db: Session, subscription: Subscription, lang: str) -> StaffSubscriptionRead:
    owner = _owner(db=db, subscription=subscription)
    return StaffSubscriptionRead(
        **to_read(db=db, subscription=subscription, lang=lang).model_dump(),
        owner_name=owner.display_name,
        owner_email=owner.email,
        documents=documents(db=db, subscription=subscription, lang=lang),
    )
