"""The rules of the Douane account operations (guide RNOCE, section IV), one per field, as
validators of the procedures engine: `(value, context) -> value`, raising
`Refusal(code, **params)` (the engine, or the REST service, adds the field's `label`).
The REST routes (api/douane_accounts/service.py) and, later, the conversation run the
same functions.

What a rule reads besides its value comes from `context.data`: the other answers by field
name, and under ACCOUNT_KEY the account as registered (its fields by name), which the
conversation puts in the draft when it starts (it pre-fills the form with it)."""

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from api.database import utcnow
from api.procedures.definitions import Choice, Context, Refusal, in_lang
from api.procedures.service import match_choice
from api.uploads.models import DOCUMENT_TYPES, PDF_ONLY

ACCOUNT_KEY = "douane_account"

# « Ce champ doit contenir 15 caractères » (the ICE, identifiant commun de l'entreprise).
ICE_LENGTH = 15
# « joindre le modèle J (ne dépassant pas 3 mois) »
MODELE_J_MAX_AGE_MONTHS = 3
MAX_IDENTIFIER_CHARS = 40
MAX_RC_CENTRE_CHARS = 100
MAX_RAISON_SOCIALE_CHARS = 200
MAX_REASON_CHARS = 2000

# The cancellation and restoration forms say « Extensions autorisées : PDF » and « moins de
# 3 Mo »; the modification form says nothing of the format, so it takes what uploads take.
MODIFICATION_DOCUMENT_TYPES: tuple[str, ...] = DOCUMENT_TYPES
CANCELLATION_DOCUMENT_TYPES: tuple[str, ...] = PDF_ONLY
RESTORATION_DOCUMENT_TYPES: tuple[str, ...] = PDF_ONLY

OPERATOR_TYPES: tuple[Choice, ...] = (
    Choice("importateur", {"fr": "Importateur", "ar": "مستورد", "en": "Importer"}),
    Choice("exportateur", {"fr": "Exportateur", "ar": "مصدّر", "en": "Exporter"}),
    Choice(
        "transitaire",
        {"fr": "Transitaire", "ar": "معشّر", "en": "Customs broker (transitaire)"},
        synonyms=("transitaire", "customs broker"),
    ),
    Choice(
        "freight_forwarder",
        {"fr": "Freight forwarder", "ar": "وكيل الشحن", "en": "Freight forwarder"},
    ),
)
ENTITY_TYPES: tuple[Choice, ...] = (
    Choice("personne_morale", {"fr": "Personne morale", "ar": "شخص معنوي", "en": "Legal entity"}),
    Choice(
        "personne_physique", {"fr": "Personne physique", "ar": "شخص ذاتي", "en": "Natural person"}
    ),
)
CANCELLATION_REASONS: tuple[Choice, ...] = (
    Choice(
        "liquidation_judiciaire",
        {"fr": "Liquidation judiciaire", "ar": "تصفية قضائية", "en": "Judicial liquidation"},
    ),
    Choice("radiation", {"fr": "Radiation", "ar": "شطب", "en": "Striking off (radiation)"}),
)
# The restoration's second document: one or the other.
RESTORATION_PROOFS: tuple[Choice, ...] = (
    Choice("modele_j", {"fr": "Modèle J", "ar": "النموذج J", "en": "Modèle J"}),
    Choice(
        "general_assembly_minutes",
        {
            "fr": "PV de l'assemblée générale",
            "ar": "محضر الجمع العام",
            "en": "General assembly minutes",
        },
    ),
)


class ChoiceLabels:
    """The choices of a list, as a refusal parameter put in the reader's language."""

    def __init__(self, choices: Sequence[Choice]) -> None:
        self.choices = choices

    def render(self, lang: str) -> str:
        return ", ".join(in_lang(choice.labels, lang) for choice in self.choices)


def choice_label(choices: Sequence[Choice], value: str | None, lang: str) -> str:
    choice = next((c for c in choices if c.value == value), None)
    return in_lang(choice.labels, lang) if choice is not None else (value or "")


def _text(value: Any) -> str:
    return "" if value is None else " ".join(str(value).split())


def _required_text(value: Any, *, limit: int) -> str:
    text = _text(value)
    if not text:
        raise Refusal("douane_field_required")
    if len(text) > limit:
        raise Refusal("douane_field_too_long", limit=limit, length=len(text))
    return text


def _choice(value: Any, choices: Sequence[Choice]) -> str:
    text = _text(value)
    if not text:
        raise Refusal("douane_field_required")
    choice = match_choice(choices, text)
    if choice is None:
        raise Refusal("douane_choice_unknown", choices=ChoiceLabels(choices))
    return choice.value


# ---------------------------------------------------------------- the account's fields


def ice(value: Any, context: Context) -> str:
    """Exactly 15 digits (spaces typed between them are dropped)."""
    text = "".join(_text(value).split())
    if not text:
        raise Refusal("douane_field_required")
    if len(text) != ICE_LENGTH or not text.isascii() or not text.isdigit():
        raise Refusal("douane_ice_format", length=len(text))
    return text


def identifiant_fiscal(value: Any, context: Context) -> str:
    return _required_text(value, limit=MAX_IDENTIFIER_CHARS)


def rc_number(value: Any, context: Context) -> str:
    return _required_text(value, limit=MAX_IDENTIFIER_CHARS)


def rc_centre(value: Any, context: Context) -> str:
    return _required_text(value, limit=MAX_RC_CENTRE_CHARS)


def raison_sociale(value: Any, context: Context) -> str:
    return _required_text(value, limit=MAX_RAISON_SOCIALE_CHARS)


def operator_type(value: Any, context: Context) -> str:
    return _choice(value, OPERATOR_TYPES)


def entity_type(value: Any, context: Context) -> str:
    return _choice(value, ENTITY_TYPES)


# The account's fields and their rule (a modification checks each field it changes).
ACCOUNT_FIELD_RULES = {
    "entity_type": entity_type,
    "operator_type": operator_type,
    "ice": ice,
    "rc_number": rc_number,
    "identifiant_fiscal": identifiant_fiscal,
    "rc_centre": rc_centre,
    "raison_sociale": raison_sociale,
}


# ---------------------------------------------------------------- documents and dates

_DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d")


def parse_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def months_before(day: date, months: int) -> date:
    """The same day `months` calendar months earlier (the month's last day when it has
    fewer days: 31 May → 28 or 29 February)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def today() -> date:
    return utcnow().date()


def modele_j_date(value: Any, context: Context) -> str:
    """The date printed on the Modèle J: not in the future and at most 3 months old (the
    day 3 months ago still counts). Returned as an ISO date."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise Refusal("douane_field_required")
    day = parse_date(value)
    if day is None:
        raise Refusal("douane_invalid_date")
    now = today()
    if day > now:
        raise Refusal("douane_date_in_future", date=day.strftime("%d/%m/%Y"))
    oldest = months_before(now, MODELE_J_MAX_AGE_MONTHS)
    if day < oldest:
        raise Refusal(
            "douane_modele_j_too_old",
            date=day.strftime("%d/%m/%Y"),
            oldest=oldest.strftime("%d/%m/%Y"),
            months=MODELE_J_MAX_AGE_MONTHS,
        )
    return day.isoformat()


# ---------------------------------------------------------------- cancellation, restoration


def cancellation_reason(value: Any, context: Context) -> str:
    return _choice(value, CANCELLATION_REASONS)


def restoration_proof(value: Any, context: Context) -> str:
    return _choice(value, RESTORATION_PROOFS)


def restoration_reason(value: Any, context: Context) -> str:
    """« Motif * »: required."""
    return _required_text(value, limit=MAX_REASON_CHARS)


def comment(value: Any, context: Context) -> str | None:
    """The cancellation's comment: optional; spaces only is no comment."""
    text = str(value).strip() if value is not None else ""
    if len(text) > MAX_REASON_CHARS:
        raise Refusal("douane_field_too_long", limit=MAX_REASON_CHARS, length=len(text))
    return text or None


# ---------------------------------------------------------------- when a document is required


def _account(context: Context) -> Mapping[str, Any]:
    account = context.data.get(ACCOUNT_KEY)
    return account if isinstance(account, Mapping) else {}


def is_transitaire(context: Context) -> bool:
    """The operator is a transitaire (as registered, or becoming one by this change)."""
    return "transitaire" in (
        _account(context).get("operator_type"),
        context.data.get("operator_type"),
    )


def changes_raison_sociale(context: Context) -> bool:
    new = _text(context.data.get("raison_sociale"))
    return bool(new) and new != _text(_account(context).get("raison_sociale"))


def needs_adii_decision(context: Context) -> bool:
    """« Pour les transitaires, la modification de la Raison sociale est conditionnée par le
    téléchargement de la Décision de changement de dénomination délivrée par l'ADII. »"""
    return is_transitaire(context) and changes_raison_sociale(context)


def needs_judgement(context: Context) -> bool:
    """Liquidation judiciaire: the court's final judgement or the official bulletin."""
    return context.data.get("reason") == "liquidation_judiciaire"


def needs_radiation_modele_j(context: Context) -> bool:
    """Radiation: the Modèle J (registre de commerce)."""
    return context.data.get("reason") == "radiation"


def needs_restoration_modele_j(context: Context) -> bool:
    return context.data.get("proof") == "modele_j"


def needs_general_assembly_minutes(context: Context) -> bool:
    return context.data.get("proof") == "general_assembly_minutes"


def adii_decision_given(value: Any, context: Context) -> Any:
    """On the ADII decision's field: refuses its absence when `needs_adii_decision`
    (with the rule's own words rather than a plain « required »)."""
    if needs_adii_decision(context) and not value:
        raise Refusal("douane_adii_decision_required")
    return value
