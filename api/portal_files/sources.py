"""Where files are read from: one interface per kind of file, a demo implementation over the
seeded `portal_files` table (the default) and an HTTP one calling the portal systems
(`TIJARIA_PORTAL_FILES_URL`).

Sources answer every file they hold; who may see it is decided by api.portal_files.service."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

import httpx
from pydantic import BaseModel, ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.config import Settings
from api.errors import ApiError
from api.portal_files.catalog import KINDS, FileKind
from api.portal_files.models import FileFilters, FileRecord, PortalFile
from api.portal_files.texts import PortalName

MAX_LISTED = 200


class PortalUnavailable(ApiError):
    """The portal system did not answer in time, failed, or answered something unreadable."""

    status_code = 503

    def __init__(self, portal: str) -> None:
        super().__init__("portal_unavailable", portal=PortalName(portal))
        self.portal = portal


class FileSource(Protocol):
    """Reads files of one kind; `get` takes a normalised reference (catalog.normalize_…)."""

    kind: FileKind

    def get(self, *, reference: str) -> FileRecord | None: ...

    def search(self, *, filters: FileFilters, scope: "Scope") -> list[FileRecord]: ...


class DfdSource(FileSource, Protocol):
    """PMPCE « Gestion des demandes »: franchise requests (N° DFD, catégorie, état, bureau
    douanier, marchandise, date de création, nomenclature douanière)."""


class InvoiceSource(FileSource, Protocol):
    """PMPCE « Mes Factures »: N° facture / dossier, type, émetteur, dates, échéance, montant
    TTC, prestations, état, moyen de paiement."""


class TitleSource(FileSource, Protocol):
    """Banques « Consultation Titre et documents »: N° d'enregistrement, catégorie du titre,
    état, statut de modification, dates, montant, devise, importateur, déclarant, banque."""


class MicRequestSource(FileSource, Protocol):
    """MIC « Gestion des demandes »: N° d'enregistrement, catégorie, importateur, avis, bureau
    douanier, nomenclature, numéro de décision, état."""


class ManifestSource(FileSource, Protocol):
    """Douane « Consultation des manifestes »: N° IMO, voyage, avis, escale, manifeste, port,
    statut, dates d'arrivée, régime, navire, consignataire, état ANP, état douane."""


class Scope(BaseModel):
    """Whose files a search is about (a narrowing for the source; the service checks each
    record again): an operator's ICE, a bank's name, an administration's code."""

    owner_ice: str | None = None
    bank: str | None = None
    administration: str | None = None


@dataclass(frozen=True)
class Sources:
    dfd: DfdSource
    invoice: InvoiceSource
    title: TitleSource
    mic_request: MicRequestSource
    manifest: ManifestSource

    def of(self, kind: FileKind) -> FileSource:
        source: FileSource = getattr(self, kind)
        return source


# ---------------------------------------------------------------- demo (seeded table)


def _matches(record: FileRecord, filters: FileFilters) -> bool:
    details = record.details
    for name in (
        "category",
        "tariff_code",
        "modification_status",
        "imo",
        "voyage",
        "notice",
        "call",
        "port",
        "regime",
    ):
        wanted = getattr(filters, name)
        if wanted and wanted.strip().lower() not in str(details.get(name) or "").lower():
            return False
    arrival = str(details.get("arrival_date") or "")
    if filters.arrival_from and (not arrival or arrival < filters.arrival_from):
        return False
    return not (filters.arrival_to and (not arrival or arrival[:10] > filters.arrival_to))


def _aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


class DemoSource:
    """A kind's files in the seeded `portal_files` table."""

    def __init__(self, *, db: Session, kind: FileKind) -> None:
        self.db = db
        self.kind = kind

    def get(self, *, reference: str) -> FileRecord | None:
        row = self.db.scalar(
            select(PortalFile).where(
                PortalFile.kind == self.kind, PortalFile.reference == reference
            )
        )
        return FileRecord.model_validate(row) if row is not None else None

    def search(self, *, filters: FileFilters, scope: Scope) -> list[FileRecord]:
        query = select(PortalFile).where(PortalFile.kind == self.kind)
        if scope.owner_ice is not None:
            query = query.where(PortalFile.owner_ice == scope.owner_ice)
        if scope.bank is not None:
            query = query.where(PortalFile.bank == scope.bank)
        if scope.administration is not None:
            query = query.where(PortalFile.administration == scope.administration)
        if filters.status:
            query = query.where(PortalFile.status == filters.status)
        if filters.reference:
            query = query.where(PortalFile.reference.contains(filters.reference.strip()))
        rows = self.db.scalars(query.order_by(PortalFile.created_at.desc()).limit(MAX_LISTED))
        records = [FileRecord.model_validate(row) for row in rows]
        return [
            r
            for r in records
            if _matches(r, filters)
            and (filters.created_from is None or r.created_at >= _aware(filters.created_from))
            and (filters.created_to is None or r.created_at <= _aware(filters.created_to))
        ]


# ---------------------------------------------------------------- HTTP (portal systems)


class HttpSource:
    """A kind's files in a portal system:
    `GET {base}/files/{kind}/{reference}` → 200 a record, 404 none;
    `GET {base}/files/{kind}?…filters, scope` → 200 {"files": [records]}.
    A timeout, a network error, a 5xx, another unexpected status, a malformed body or a
    status this kind does not have raise PortalUnavailable: never a guessed status."""

    def __init__(self, *, client: httpx.Client, kind: FileKind) -> None:
        self.client = client
        self.kind = kind
        self.portal = KINDS[kind].portal

    def _call(self, path: str, params: Mapping[str, str] | None = None) -> httpx.Response:
        try:
            response = self.client.get(path, params=params)
        except httpx.HTTPError as error:
            raise PortalUnavailable(self.portal) from error
        if response.status_code not in (200, 404):
            raise PortalUnavailable(self.portal)
        return response

    def _record(self, data: Any) -> FileRecord:
        try:
            record = FileRecord.model_validate(data)
        except ValidationError as error:
            raise PortalUnavailable(self.portal) from error
        if record.kind != self.kind or record.status not in KINDS[self.kind].statuses:
            raise PortalUnavailable(self.portal)
        return record

    def get(self, *, reference: str) -> FileRecord | None:
        response = self._call(f"/files/{self.kind}/{reference}")
        if response.status_code == 404:
            return None
        record = self._record(_json(response, self.portal))
        if record.reference != reference:
            raise PortalUnavailable(self.portal)
        return record

    def search(self, *, filters: FileFilters, scope: Scope) -> list[FileRecord]:
        params = {
            key: value.isoformat() if isinstance(value, datetime) else str(value)
            for key, value in {**filters.model_dump(), **scope.model_dump()}.items()
            if value is not None
        }
        response = self._call(f"/files/{self.kind}", params)
        if response.status_code == 404:
            raise PortalUnavailable(self.portal)
        body = _json(response, self.portal)
        if not isinstance(body, dict) or not isinstance(body.get("files"), list):
            raise PortalUnavailable(self.portal)
        return [self._record(item) for item in body["files"]]


def _json(response: httpx.Response, portal: str) -> Any:
    try:
        return response.json()
    except ValueError as error:
        raise PortalUnavailable(portal) from error


def http_client(settings: Settings) -> httpx.Client:
    assert settings.portal_files_url is not None
    headers = {"Accept": "application/json"}
    if settings.portal_files_token:
        headers["Authorization"] = f"Bearer {settings.portal_files_token}"
    return httpx.Client(
        base_url=settings.portal_files_url.rstrip("/"),
        timeout=httpx.Timeout(settings.portal_files_timeout_seconds),
        headers=headers,
    )


def sources_for(*, settings: Settings, db: Session, client: httpx.Client | None = None) -> Sources:
    """Demo tables while TIJARIA_PORTAL_FILES_URL is unset, else the portal systems."""
    if settings.portal_files_url is None:
        demo = {kind: DemoSource(db=db, kind=kind) for kind in KINDS}
        return Sources(**demo)
    http = client or http_client(settings)
    return Sources(**{kind: HttpSource(client=http, kind=kind) for kind in KINDS})
