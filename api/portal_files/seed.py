"""Demo files of the demo users (api/accounts/seed.py), so « où en est ma DFD … ? » has
answers offline. Invented data: the operator Société Démo Import SARL (ICE 000000000000001),
another company it must not see, the Douane and MIC administrations and a demo bank.

Run with the demo users (`python -m api.accounts seed`); adds only the files missing."""

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.portal_files.models import PortalFile

DEMO_ICE = "000000000000001"
DEMO_NAME = "Société Démo Import SARL"
OTHER_ICE = "000000000000002"
OTHER_NAME = "Atlas Négoce Démo SA"
DEMO_BANK = "Banque Démo du Maroc"


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def _file(
    kind: str,
    reference: str,
    status: str,
    created: str,
    updated: str,
    details: dict[str, Any],
    *,
    ice: str = DEMO_ICE,
    name: str = DEMO_NAME,
    bank: str | None = None,
    administration: str | None = None,
) -> dict[str, Any]:
    return {
        "kind": kind,
        "reference": reference,
        "status": status,
        "owner_ice": ice,
        "owner_name": name,
        "bank": bank,
        "administration": administration,
        "details": details,
        "created_at": _at(created),
        "updated_at": _at(updated),
    }


DEMO_FILES: tuple[dict[str, Any], ...] = (
    _file(
        "dfd",
        "20263000000123",
        "new",
        "2026-11-18T09:12",
        "2026-11-18T09:12",
        {
            "category": "MAROC-TUNISIE",
            "customs_office": "CASABLANCA(306)",
            "goods": "Pièces de rechange textiles",
            "tariff_code": "8448590000",
        },
        administration="douane",
    ),
    _file(
        "dfd",
        "20263000000124",
        "closed",
        "2026-09-02T14:40",
        "2026-10-07T11:05",
        {
            "category": "MAROC-EGYPTE",
            "customs_office": "AGADIR(100)",
            "goods": "Huile d'olive en bidons",
            "tariff_code": "1509200000",
        },
        administration="douane",
    ),
    _file(
        "dfd",
        "20263000000311",
        "new",
        "2026-11-25T16:03",
        "2026-11-25T16:03",
        {
            "category": "MAROC-JORDANIE",
            "customs_office": "CASABLANCA(306)",
            "goods": "Carreaux de céramique",
            "tariff_code": "6907210000",
        },
        ice=OTHER_ICE,
        name=OTHER_NAME,
        administration="douane",
    ),
    _file(
        "invoice",
        "F-2026-000123",
        "paid",
        "2026-10-01T08:00",
        "2026-10-09T10:30",
        {
            "file_number": "D-2026-004512",
            "invoice_type": "Principale",
            "issuer": "PORTNET",
            "due_date": "2026-10-31",
            "amount_ttc": 1440.0,
            "services": "Forfait guichet unique – octobre",
            "payment_method": "CMI",
        },
    ),
    _file(
        "invoice",
        "F-2026-000187",
        "pending_confirmation",
        "2026-11-01T08:00",
        "2026-11-20T15:12",
        {
            "file_number": "D-2026-005208",
            "invoice_type": "Principale",
            "issuer": "PORTNET",
            "due_date": "2026-11-30",
            "amount_ttc": 1440.0,
            "services": "Forfait guichet unique – novembre",
            "payment_method": "M2T",
        },
    ),
    _file(
        "invoice",
        "F-2026-000190",
        "pending_confirmation",
        "2026-11-01T08:00",
        "2026-11-01T08:00",
        {
            "file_number": "D-2026-005230",
            "invoice_type": "Principale",
            "issuer": "PORTNET",
            "due_date": "2026-11-30",
            "amount_ttc": 960.0,
            "services": "Forfait guichet unique – novembre",
            "payment_method": "CMI",
        },
        ice=OTHER_ICE,
        name=OTHER_NAME,
    ),
    _file(
        "title",
        "2026300000000000801",
        "submitted_for_domiciliation",
        "2026-11-10T10:20",
        "2026-11-10T10:20",
        {
            "category": "LI",
            "modification_status": "",
            "amount": 5200.0,
            "currency": "Dollar",
            "importer": DEMO_NAME,
            "declarant": "Transit Démo SARL",
            "bank": DEMO_BANK,
        },
        bank=DEMO_BANK,
    ),
    _file(
        "title",
        "2026300000000000802",
        "domiciled",
        "2026-10-14T09:34",
        "2026-10-15T09:50",
        {
            "category": "EI",
            "modification_status": "Modifié",
            "amount": 1010.0,
            "currency": "Euro",
            "domiciliation_date": "2026-10-15",
            "importer": DEMO_NAME,
            "declarant": "Transit Démo SARL",
            "bank": DEMO_BANK,
        },
        bank=DEMO_BANK,
    ),
    _file(
        "title",
        "2026300000000000803",
        "expired",
        "2026-03-02T17:27",
        "2026-09-02T00:00",
        {
            "category": "LI",
            "modification_status": "",
            "amount": 4930.0,
            "currency": "Dollar",
            "domiciliation_date": "2026-03-04",
            "importer": DEMO_NAME,
            "declarant": "Transit Démo SARL",
            "bank": DEMO_BANK,
        },
        bank=DEMO_BANK,
    ),
    _file(
        "title",
        "2026300000000000915",
        "new",
        "2026-11-28T12:00",
        "2026-11-28T12:00",
        {
            "category": "LI",
            "modification_status": "",
            "amount": 2000.0,
            "currency": "Dollar",
            "importer": OTHER_NAME,
            "declarant": "Atlas Transit Démo",
            "bank": "Autre Banque Démo",
        },
        ice=OTHER_ICE,
        name=OTHER_NAME,
        bank="Autre Banque Démo",
    ),
    _file(
        "mic_request",
        "2026400000000000421",
        "new",
        "2026-11-20T11:45",
        "2026-11-20T11:45",
        {
            "category": "Licence d'importation",
            "importer": DEMO_NAME,
            "submitted_at": "2026-11-20",
            "opinion": "",
            "customs_office": "CASABLANCA(306)",
            "goods": "Machines à coudre industrielles",
            "tariff_code": "8452290000",
            "decision_number": "",
        },
        administration="mic",
    ),
    _file(
        "mic_request",
        "2026400000000000388",
        "decided",
        "2026-10-03T09:00",
        "2026-10-21T16:20",
        {
            "category": "Licence d'importation",
            "importer": DEMO_NAME,
            "submitted_at": "2026-10-03",
            "opinion": "Favorable",
            "customs_office": "AGADIR(100)",
            "goods": "Engrais azotés",
            "tariff_code": "3102100000",
            "decision_number": "DEC-2026-0388",
        },
        administration="mic",
    ),
    _file(
        "manifest",
        "MAN-2026-00042",
        "announced",
        "2026-11-29T07:30",
        "2026-11-29T07:30",
        {
            "imo": "9700001",
            "voyage": "V2611",
            "notice": "AV-2026-1187",
            "call": "ESC-2026-0911",
            "port": "Casablanca",
            "vessel": "ATLAS DEMO",
            "agent": "Consignation Démo SARL",
            "operator": DEMO_NAME,
            "regime": "Import",
            "arrival_date": "2026-12-04",
            "anp_state": "",
            "customs_state": "",
        },
        administration="douane",
    ),
    _file(
        "manifest",
        "MAN-2026-00037",
        "arrived",
        "2026-11-20T06:10",
        "2026-11-24T18:02",
        {
            "imo": "9700002",
            "voyage": "V2608",
            "notice": "AV-2026-1102",
            "call": "ESC-2026-0874",
            "port": "Tanger Med",
            "vessel": "SAHARA DEMO",
            "agent": "Consignation Démo SARL",
            "operator": DEMO_NAME,
            "regime": "Import",
            "arrival_date": "2026-11-24",
            "anp_state": "",
            "customs_state": "",
        },
        administration="douane",
    ),
)


def seed(*, db: Session) -> int:
    """Adds the demo files not there yet; returns how many. Commits."""
    existing = set(db.execute(select(PortalFile.kind, PortalFile.reference)).tuples())
    added = 0
    for data in DEMO_FILES:
        if (data["kind"], data["reference"]) in existing:
            continue
        db.add(PortalFile(**data))
        added += 1
    db.commit()
    return added
