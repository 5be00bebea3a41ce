"""Portal files: who sees which file, search by reference and with the guides' filters, the
status told with its meaning and next step, and the chat turn for the action server.

A file someone may not see is told exactly like an unknown reference."""

import re
from dataclasses import dataclass

from api.accounts.models import User
from api.errors import ApiError, NotFound
from api.i18n import reply_lang
from api.portal_files import texts
from api.portal_files.catalog import FILE_KINDS, KINDS, FileKind, KindSpec
from api.portal_files.models import (
    FileCitation,
    FileColumn,
    FileFilters,
    FileRecord,
    PortalFileRead,
)
from api.portal_files.sources import FileSource, PortalUnavailable, Scope, Sources
from api.portals.catalog import portal_name

# Candidate references in a message: invoice and manifest numbers, IMO numbers, and runs of
# digits (spaces, dots or dashes between groups allowed).
_CANDIDATES = re.compile(
    r"\bF[\s\-]?\d{4}[\s\-]?\d{6}\b"
    r"|\bMAN[\s\-]?\d{4}[\s\-]?\d{5}\b"
    r"|\bIMO[\s:]*\d{7}\b"
    r"|\d(?:[\d]|[\s.\-](?=\d)){5,}",
    re.IGNORECASE,
)


def kind_or_raise(kind: str) -> KindSpec:
    if kind not in KINDS:
        raise ApiError("portal_file_unknown_kind", status_code=422, choices=", ".join(FILE_KINDS))
    return KINDS[kind]


def normalize_reference(*, kind: FileKind, raw: str) -> str | None:
    return KINDS[kind].normalize(raw)


def scope_of(*, user: User) -> Scope | None:
    """Whose files this user sees, or None: nobody's (agents, staff, an operator without ICE,
    an administration that is not douane, mic or banques)."""
    if user.role == "operator":
        return Scope(owner_ice=user.ice) if user.ice else None
    if user.role == "administration":
        if user.administration == "banques":
            return Scope(bank=user.organisation) if user.organisation else None
        if user.administration in ("douane", "mic"):
            return Scope(administration=user.administration)
    return None


def can_see(*, user: User, record: FileRecord) -> bool:
    """The operator of the file's ICE; the bank a title is domiciliated with; the
    administration the file was addressed to."""
    scope = scope_of(user=user)
    if scope is None:
        return False
    if scope.owner_ice is not None:
        return record.owner_ice == scope.owner_ice
    if scope.bank is not None:
        return record.kind == "title" and record.bank == scope.bank
    return (
        scope.administration is not None
        and record.administration == scope.administration
        and KINDS[record.kind].administration == scope.administration
    )


def get_visible(
    *, sources: Sources, kind: FileKind, reference: str, user: User
) -> FileRecord | None:
    """The file, if it exists and the user may see it; raises PortalUnavailable."""
    normalized = normalize_reference(kind=kind, raw=reference)
    if normalized is None:
        return None
    record = sources.of(kind).get(reference=normalized)
    return record if record is not None and can_see(user=user, record=record) else None


def get_visible_or_raise(*, sources: Sources, kind: str, reference: str, user: User) -> FileRecord:
    spec = kind_or_raise(kind)
    record = get_visible(sources=sources, kind=spec.kind, reference=reference, user=user)
    if record is None:
        raise NotFound("portal_file_not_found")
    return record


def list_visible(
    *, sources: Sources, user: User, kinds: tuple[FileKind, ...], filters: FileFilters
) -> list[FileRecord]:
    """The user's files of these kinds that pass the filters, newest first."""
    scope = scope_of(user=user)
    if scope is None:
        return []
    if filters.status is not None:
        for kind in kinds:
            if filters.status not in KINDS[kind].statuses:
                choices = sorted({s for k in kinds for s in KINDS[k].statuses})
                raise ApiError(
                    "portal_file_unknown_status", status_code=422, choices=", ".join(choices)
                )
    found: list[FileRecord] = []
    for kind in kinds:
        source: FileSource = sources.of(kind)
        found.extend(
            r for r in source.search(filters=filters, scope=scope) if can_see(user=user, record=r)
        )
    return sorted(found, key=lambda r: r.created_at, reverse=True)


def to_read(*, record: FileRecord, lang: str) -> PortalFileRead:
    lang = reply_lang(lang)
    spec = KINDS[record.kind]
    status = spec.statuses.get(record.status)
    if status is None:  # never a guessed meaning: the demo table holds only known statuses
        raise PortalUnavailable(spec.portal)
    return PortalFileRead(
        kind=record.kind,
        kind_label=spec.label[lang],
        portal=spec.portal,
        page=spec.page,
        url=spec.page_path,
        reference=record.reference,
        status=record.status,
        status_label=status.label[lang],
        status_meaning=status.meaning[lang],
        next_step=status.next_step[lang],
        source=FileCitation(
            title=status.source.title, guide=status.source.guide, section=status.source.section
        ),
        owner_name=record.owner_name,
        columns=[
            FileColumn(key=key, label=label[lang], value=record.details.get(key))
            for key, label in spec.columns.items()
            if record.details.get(key) not in (None, "")
        ],
        created_at=record.created_at,
        updated_at=record.updated_at,
    )


@dataclass(frozen=True)
class Candidate:
    kind: FileKind
    reference: str


def find_references(*, text: str) -> list[Candidate]:
    """The file references a message names, for each kind whose format they fit, in order."""
    found: list[Candidate] = []
    for match in _CANDIDATES.finditer(text):
        raw = match.group(0)
        imo = re.fullmatch(r"IMO[\s:]*(\d{7})", raw, re.IGNORECASE)
        if imo:
            candidate = Candidate(kind="manifest", reference=f"IMO{imo.group(1)}")
            if candidate not in found:
                found.append(candidate)
            continue
        for kind in FILE_KINDS:
            normalized = KINDS[kind].normalize(raw)
            if normalized is not None and Candidate(kind, normalized) not in found:
                found.append(Candidate(kind=kind, reference=normalized))
    return found


def manifests_of_vessel(*, sources: Sources, user: User, text: str) -> list[FileRecord]:
    """The user's manifests whose vessel the message names (« le manifeste du navire Atlas
    Demo est arrivé ? »)."""
    words = re.sub(r"\s+", " ", text.casefold())
    return [
        record
        for record in list_visible(
            sources=sources, user=user, kinds=("manifest",), filters=FileFilters()
        )
        if str(record.details.get("vessel") or "").strip()
        and str(record.details["vessel"]).casefold() in words
    ]


def status_text(*, read: PortalFileRead, lang: str) -> str:
    lang = reply_lang(lang)
    details = "".join(f"\n{c.label} : {c.value}" for c in read.columns)
    return texts.chat_text(
        "status",
        lang,
        kind=read.kind_label,
        reference=read.reference,
        status=read.status_label,
        meaning=read.status_meaning,
        created=read.created_at.strftime("%d/%m/%Y"),
        updated=read.updated_at.strftime("%d/%m/%Y"),
        details=details,
        next_step=read.next_step,
        page=read.page,
        portal=portal_name(read.portal, lang),
        url=read.url,
    )
