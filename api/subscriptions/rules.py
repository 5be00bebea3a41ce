"""Every field rule of the subscription guide, once: validators with the procedures
engine's signature `(value, context) -> normalised value`, raising
`Refusal(code, **params)` whose code (an api.i18n key of api.subscriptions.texts) names
the rule. The REST service (api.subscriptions.service) and, later, the conversation run
the same functions, so no rule is written twice."""

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from api.procedures.definitions import Choice, Context, Refusal, Validator
from api.subscriptions import texts  # noqa: F401 - registers the refusal codes

MOROCCO = ZoneInfo("Africa/Casablanca")
ICE_LENGTH = 15
RIB_LENGTH = 24
MAX_GU_USERS = 5
MAX_TEXT = 200

_EMAIL = re.compile(r"^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
# A Moroccan fixed or mobile number, written 0XXXXXXXXX, +212XXXXXXXXX or 00212XXXXXXXXX.
_PHONE = re.compile(r"^(?:\+212|00212|0)([5-8]\d{8})$")
_CIN = re.compile(r"^[A-Z]{1,2}\d{1,6}$")
_IDENTIFIER = re.compile(r"^[A-Z0-9]{5,20}$")
_RC = re.compile(r"^[A-Za-z0-9/-]{1,20}$")
_RC_CENTRE = re.compile(r"^(\d{1,4})(?:\s*[-–]?\s*(\S.*))?$")
_SPACES = re.compile(r"[\s.\-]+")


def today() -> date:
    """Today in Morocco, where the dates of the form are written."""
    return datetime.now(MOROCCO).date()


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool | int | float):
        return str(value)
    if not isinstance(value, str):
        raise Refusal("subscription_blank")
    return value.strip()


# ---------------------------------------------------------------- generic


def text(max_length: int = MAX_TEXT) -> Validator:
    """Any text: trimmed, not blank, at most `max_length` characters."""

    def check(value: Any, context: Context) -> str:
        written = _text(value)
        if not written:
            raise Refusal("subscription_blank")
        if len(written) > max_length:
            raise Refusal("subscription_too_long", max=max_length, count=len(written))
        return written

    return check


def one_of(choices: Sequence[Choice]) -> Validator:
    """A value of the list, given by its value, one of its labels or a synonym (any case)."""

    def check(value: Any, context: Context) -> str:
        written = _text(value)
        wanted = written.casefold()
        for choice in choices:
            names = (choice.value, *choice.labels.values(), *choice.synonyms)
            if any(wanted == name.casefold() for name in names):
                return choice.value
        labels = ", ".join(
            choice.labels.get(context.lang) or choice.labels["fr"] for choice in choices
        )
        raise Refusal("subscription_choice_unknown", value=written[:60], choices=labels)

    return check


def ice(value: Any, context: Context) -> str:
    """ICE (Identifiant commun de l'entreprise): exactly 15 digits, spaces ignored."""
    written = _SPACES.sub("", _text(value))
    if len(written) != ICE_LENGTH:
        raise Refusal("subscription_ice_length", count=len(written))
    if not written.isdigit():
        raise Refusal("subscription_ice_digits")
    return written


def rib(value: Any, context: Context) -> str:
    """RIB: « obligatoire sur 24 caractères numériques », spaces ignored."""
    written = _SPACES.sub("", _text(value))
    if len(written) != RIB_LENGTH:
        raise Refusal("subscription_rib_length", count=len(written))
    if not (written.isascii() and written.isdigit()):
        raise Refusal("subscription_rib_digits")
    return written


def digits(max_digits: int) -> Validator:
    """A number of 1 to `max_digits` digits (IF, CNSS, taxe professionnelle)."""

    def check(value: Any, context: Context) -> str:
        written = _SPACES.sub("", _text(value))
        if not (written.isascii() and written.isdigit()) or len(written) > max_digits:
            raise Refusal("subscription_digits_only", max=max_digits)
        return written

    return check


if_number = digits(10)
cnss = digits(10)
taxe_professionnelle = digits(12)


def rc_number(value: Any, context: Context) -> str:
    written = _text(value).replace(" ", "")
    if not _RC.match(written):
        raise Refusal("subscription_rc_invalid")
    return written.upper()


def rc_centre(value: Any, context: Context) -> str:
    """« 81 CASABLANCA »: a known centre (by its code or its city), or a code and a city."""
    from api.subscriptions.catalog import RC_CENTRES

    written = " ".join(_text(value).split()).upper()
    for centre in RC_CENTRES:
        code, _, city = centre.value.partition(" ")
        if written in (centre.value, code, city):
            return centre.value
    match = _RC_CENTRE.match(written)
    if match is None or not match.group(2):
        raise Refusal("subscription_rc_centre_unknown")
    return f"{match.group(1)} {match.group(2)}"


def email(value: Any, context: Context) -> str:
    written = _text(value)
    if len(written) > 254 or not _EMAIL.match(written):
        raise Refusal("subscription_email_invalid")
    return written.lower()


def phone(value: Any, context: Context) -> str:
    """Normalised to 0XXXXXXXXX."""
    written = re.sub(r"[\s.\-()/]", "", _text(value))
    match = _PHONE.match(written)
    if match is None:
        raise Refusal("subscription_phone_invalid")
    return "0" + match.group(1)


def parse_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    written = _text(value)
    for pattern in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(written, pattern).date()
        except ValueError:
            continue
    raise Refusal("subscription_date_invalid")


def past_date(value: Any, context: Context) -> str:
    """A date that has come (start of activity, birth): ISO yyyy-mm-dd."""
    day = parse_date(value)
    if day > today() or day.year < 1900:
        raise Refusal("subscription_date_future" if day > today() else "subscription_date_invalid")
    return day.isoformat()


def valid_until(value: Any, context: Context) -> str:
    """An identity document's expiry date: not passed."""
    day = parse_date(value)
    if day < today():
        raise Refusal("subscription_date_expired")
    return day.isoformat()


def identity_number(value: Any, context: Context) -> str:
    """A CIN (one or two letters, 1 to 6 digits) when the field's item says its type is
    CIN, else a passport or residence card number (5 to 20 letters and digits)."""
    written = _text(value).replace(" ", "").upper()
    kind = context.data.get("id_type", "cin")
    if kind == "cin":
        if not _CIN.match(written):
            raise Refusal("subscription_cin_invalid")
    elif not _IDENTIFIER.match(written):
        raise Refusal("subscription_identifier_invalid")
    return written


def cin(value: Any, context: Context) -> str:
    written = _text(value).replace(" ", "").upper()
    if not _CIN.match(written):
        raise Refusal("subscription_cin_invalid")
    return written


def yes(code: str) -> Validator:
    """A box that must be ticked (the terms of use): refused with `code` otherwise."""

    def check(value: Any, context: Context) -> bool:
        if to_bool(value) is not True:
            raise Refusal(code)
        return True

    return check


def to_bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    written = _text(value).casefold()
    if written in ("true", "1", "oui", "yes", "نعم", "wah", "ih", "accepte", "j'accepte"):
        return True
    if written in ("false", "0", "non", "no", "لا", "la"):
        return False
    return None


def boolean(value: Any, context: Context) -> bool:
    answer = to_bool(value)
    if answer is None:
        raise Refusal("subscription_yes_no")
    return answer


def upload_id(value: Any, context: Context) -> str:
    """A file field's value: the id of an upload (POST /uploads), or its description with
    an `id`. Its content (PDF ≤ 3 MB) is checked by the service, which reads the bytes."""
    if isinstance(value, Mapping):
        value = value.get("id")
    written = _text(value)
    if not written or len(written) > 64:
        raise Refusal("subscription_required")
    return written


# ---------------------------------------------------------------- across fields


def mandataire(value: Any, context: Context) -> str:
    """The legal representative is one of the managers, named by their identifier (as the
    portal lists them: « ID - prénom - nom »)."""
    written = _text(value).upper()
    managers: Sequence[Mapping[str, Any]] = context.data.get("managers") or ()
    ids = [str(m.get("id_number", "")).upper() for m in managers if m.get("id_number")]
    chosen = written.split(" - ")[0].strip()
    if chosen not in ids:
        listed = ", ".join(
            f"{m.get('id_number')} - {m.get('first_name', '')} {m.get('last_name', '')}".strip()
            for m in managers
        )
        raise Refusal("subscription_mandataire_not_manager", choices=listed or "—")
    return chosen


def at_most_gu_users(value: Any, context: Context) -> Any:
    """« 5 utilisateurs maximum » of the PORTNET Single Window."""
    if isinstance(value, Sequence) and len(value) > MAX_GU_USERS:
        raise Refusal("subscription_too_many_gu_users", count=len(value))
    return value


def contract_signed(value: Any, context: Context) -> Any:
    """On the contract step's answers: signed electronically, the signed contract is
    attached; signed by hand (signed and stamped on paper), attaching it is optional."""
    electronic = isinstance(value, Mapping) and value.get("signature") == "electronic"
    if electronic and not value.get("signed_contract"):
        raise Refusal("subscription_contract_file_required")
    return value


def when_equals(name: str, *values: str) -> Callable[[Context], bool]:
    """A condition on an earlier answer: `domicilie_chez` only when origin = domiciliation."""
    return lambda context: context.data.get(name) in values
