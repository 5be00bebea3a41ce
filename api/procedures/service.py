"""The procedures engine: runs any declared procedure (api/procedures/definitions.py) the
same way for the chat (the Rasa form, through the internal routes) and the public API.

A draft's position is derived from its answers: the next question is the first field,
in step order, that applies (`required_when`) and has no answer yet (an optional field
skipped is answered with None). Every function takes the session and keyword arguments
only and flushes; the route commits the unit of work."""

import importlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any, Literal

from rapidfuzz import fuzz
from sqlalchemy import select
from sqlalchemy.orm import Session

from api import i18n
from api.accounts import service as accounts
from api.accounts.models import User
from api.conversations import service as conversations
from api.database import as_utc, utcnow
from api.errors import ApiError, NotFound
from api.procedures import definitions
from api.procedures import texts as _texts  # noqa: F401  (registers the engine's texts)
from api.procedures.definitions import (
    Choice,
    Context,
    Field,
    Procedure,
    Refusal,
    Step,
    in_lang,
)
from api.procedures.models import BotTurn, Draft, DraftRead, TurnButton, TurnMessage, TurnStatus
from api.uploads import service as uploads

CATALOG_MODULE = "api.procedures.catalog"
# The button the widget turns into its sign-in panel (domain.yml's utter_ask_login).
LOGIN_PAYLOAD = "/request_login"
# Rasa intents that are commands inside a procedure, trusted from this confidence on.
COMMAND_INTENTS = {"cancel_procedure": "cancel", "go_back": "back", "ask_human": "human"}
COMMAND_CONFIDENCE = 0.8
QUESTION_INTENT = "ask_question"
QUESTION_CONFIDENCE = 0.5
CLEAR_QUESTION_CONFIDENCE = 0.8
# Fuzzy matching of a typed choice: the best score needed, and how far ahead of the
# best other choice it must be (else it is ambiguous and the user is asked again).
FUZZY_CUTOFF = 85.0
FUZZY_MARGIN = 5.0
FUZZY_MIN_LENGTH = 3
# Engine bookkeeping inside Draft.data (never a field name: those are identifiers).
_PENDING = "_pending"  # files received for a file field not finished yet
_MODE = "_mode"  # "modify": the summary asked which step to change
_PREFILL = "_prefill"  # the answers of a step being changed, to pre-fill its card
_FILENAMES = "_filenames"  # upload id → file name, for the summary
_REFUSALS = "_refusals"  # {"asked": the question, "count": refusals of it in a row}
# A step refused this many times in a row: a human agent is offered (as a button).
REFUSALS_BEFORE_AGENT = 2

Command = Literal["cancel", "back", "summary", "confirm", "modify", "human", "skip", "done"]


def load_catalog() -> None:
    """Import the catalog of procedures (the domains register theirs in it), if there is
    one. The one place its absence is tolerated."""
    try:
        importlib.import_module(CATALOG_MODULE)
    except ModuleNotFoundError as error:
        if error.name != CATALOG_MODULE:
            raise


def procedure_or_raise(kind: str) -> Procedure:
    load_catalog()
    procedure = definitions.get(kind)
    if procedure is None:
        raise NotFound("procedure_not_found")
    return procedure


def for_intent(intent: str) -> Procedure | None:
    load_catalog()
    return definitions.for_intent(intent)


# ---------------------------------------------------------------- reading text


_ARABIC_FORMS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})
_NOT_WORD = re.compile(r"[^\w]+")


def normalize(text: str) -> str:
    """Case, accents (Latin and Arabic marks), Arabic letter variants, punctuation and
    spacing do not matter when matching what a user typed or said."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch) and ch != "ـ")
    bare = bare.casefold().translate(_ARABIC_FORMS).replace("’", "'")
    return " ".join(_NOT_WORD.sub(" ", bare).split())


def _phrases(texts: str) -> frozenset[str]:
    """Phrases separated by « | »."""
    return frozenset(normalize(t) for t in texts.split("|"))


# Typed commands, matched on the whole (normalized) message; fr, ar, en, Darija in Latin
# letters. Button titles are among them, so a click and typing reach the same place.
COMMANDS: dict[Command, frozenset[str]] = {
    "cancel": _phrases(
        "annuler|annule|annulez|annulation|abandonner|j'abandonne|laisse tomber|arrêter|"
        "stop|je veux annuler|annuler la demande|annuler la démarche|cancel|cancel it|"
        "abort|quit|forget it|إلغاء|الغاء|ألغ|ألغي|إلغاء الطلب|بغيت نلغي|lghi|nlghi|"
        "bghit nlghi|lghiha|safi lghi|hbes|7bes"
    ),
    "back": _phrases(
        "retour|revenir|revenir en arrière|en arrière|précédent|étape précédente|"
        "question précédente|back|go back|previous|previous step|undo|رجوع|الرجوع|ارجع|"
        "عودة|السابق|الخطوة السابقة|rje3|rj3|rja3|nrje3|rjee3|l'lor|llor|lor"
    ),
    "summary": _phrases(
        "résumé|resume|récapitulatif|récap|voir le résumé|summary|recap|show summary|"
        "ملخص|الملخص|khoulasa|lkhoulasa|lkhulasa"
    ),
    "confirm": _phrases(
        "confirmer|je confirme|confirme|valider|je valide|oui|oui je confirme|ok|"
        "d'accord|envoyer|confirm|i confirm|yes|submit|send|تأكيد|أكد|اؤكد|نعم|إرسال|"
        "wakha|iyeh|ah|akked|n'akked|sift"
    ),
    "modify": _phrases(
        "modifier|corriger|changer|je veux modifier|edit|modify|change|تعديل|عدل|bdel|"
        "nbdel|3adel|n3adel"
    ),
    "human": _phrases(
        "parler à un agent|un conseiller|parler à un conseiller|un humain|"
        "talk to a human|talk to an agent|human|agent|موظف|بغيت نهضر مع شي واحد|"
        "bghit nhder m3a chi wahed"
    ),
    "skip": _phrases(
        "passer|je passe|aucun|aucune|rien|non|pas de fichier|skip|none|no|nothing|"
        "no file|تخطي|لا|لا شيء|la|walou|walo|makayn walo"
    ),
    "done": _phrases(
        "terminé|termine|fini|c'est tout|suivant|continuer|done|finished|that's all|"
        "next|continue|انتهيت|التالي|صافي|safi|salit|kml"
    ),
}


def command_of(text: str, intent: str | None = None, confidence: float = 0.0) -> Command | None:
    """The command a message is: its whole text is one of COMMANDS, or Rasa read a
    command intent in a short message (a long one is an answer that mentions it)."""
    said = normalize(text)
    for command, phrases in COMMANDS.items():
        if said in phrases:
            return command
    if intent in COMMAND_INTENTS and confidence >= COMMAND_CONFIDENCE and len(said.split()) <= 6:
        return COMMAND_INTENTS[intent]  # type: ignore[return-value]
    return None


def is_question(text: str, intent: str | None, confidence: float) -> bool:
    """A question about something else (the guides), asked in the middle of a procedure."""
    if intent == QUESTION_INTENT and confidence >= QUESTION_CONFIDENCE:
        return True
    return text.rstrip().endswith(("?", "؟"))


def is_clear_question(text: str, intent: str | None, confidence: float) -> bool:
    """Where any text is an answer (a free-text field), only a message that both reads as
    a question and that Rasa is sure is one is taken for a digression: « Comment changer
    mon mot de passe ? » is answered from the guides, « DFD bloquée, pourquoi ? » stays the
    claim's object unless Rasa is that sure."""
    return (
        intent == QUESTION_INTENT
        and confidence >= CLEAR_QUESTION_CONFIDENCE
        and text.rstrip().endswith(("?", "؟"))
    )


def match_choice(choices: Sequence[Choice], text: str) -> Choice | None:
    """The choice a user means: its value, a label in any language or a synonym
    (accents, case and punctuation ignored), its number in the list, then a close enough
    spelling that no other choice is as close to."""
    said = normalize(text)
    if not said:
        return None
    for choice in choices:
        exact = {choice.value, *choice.labels.values(), *choice.synonyms}
        if said in {normalize(n) for n in exact}:
            return choice
    if said.isdigit() and 1 <= int(said) <= len(choices):
        return choices[int(said) - 1]
    if len(said) < FUZZY_MIN_LENGTH:
        return None
    scored: list[tuple[float, int]] = []
    for index, choice in enumerate(choices):
        names = [choice.value, *choice.labels.values(), *choice.synonyms]
        best = max(fuzz.WRatio(said, normalize(n)) for n in names if normalize(n))
        scored.append((best, index))
    scored.sort(reverse=True)
    if not scored or scored[0][0] < FUZZY_CUTOFF:
        return None
    if len(scored) > 1 and scored[0][0] - scored[1][0] < FUZZY_MARGIN:
        return None
    return choices[scored[0][1]]


# ---------------------------------------------------------------- the draft's state


def answers(draft: Draft) -> dict[str, Any]:
    return {k: v for k, v in (draft.data or {}).items() if not k.startswith("_")}


# A procedure that needs no sign-in (the contact form) keeps an anonymous user's draft
# under their conversation: the owner is this prefix and the session id.
ANONYMOUS_OWNER = "session:"


def anonymous_owner(session_id: str) -> str:
    return f"{ANONYMOUS_OWNER}{session_id}"


def context(draft: Draft) -> Context:
    owner = draft.owner_user_id
    return Context(
        portal=draft.portal,
        lang=draft.lang,
        data=answers(draft),
        user_id=None if owner.startswith(ANONYMOUS_OWNER) else owner,
        session_id=draft.session_id,
    )


def applies(field: Field, ctx: Context) -> bool:
    return field.required_when is None or bool(field.required_when(ctx))


def choices_of(field: Field, ctx: Context) -> list[Choice]:
    if field.choices is None:
        return []
    if callable(field.choices):
        return list(field.choices(ctx))
    return list(field.choices)


def position(procedure: Procedure, draft: Draft) -> tuple[int, Field | None]:
    """The step and field to ask now; (number of steps, None) when all is answered."""
    ctx = context(draft)
    for index, step in enumerate(procedure.steps):
        for field in step.fields:
            if field.name not in ctx.data and applies(field, ctx):
                return index, field
    return len(procedure.steps), None


_DELETE = object()


def _set(draft: Draft, **changes: Any) -> None:
    """Draft.data is replaced, never mutated in place (the JSON column sees the change)."""
    data = dict(draft.data or {})
    for key, value in changes.items():
        if value is _DELETE:
            data.pop(key, None)
        else:
            data[key] = value
    draft.data = data


def _sync(procedure: Procedure, draft: Draft) -> None:
    draft.step_index, field = position(procedure, draft)
    draft.field = field.name if field else None


def _pending(draft: Draft, field: Field) -> list[str]:
    return list((draft.data or {}).get(_PENDING, {}).get(field.name, []))


def _set_pending(draft: Draft, field: Field, ids: list[str] | None) -> None:
    pending = dict((draft.data or {}).get(_PENDING, {}))
    if ids:
        pending[field.name] = ids
    else:
        pending.pop(field.name, None)
    _set(draft, **{_PENDING: pending or _DELETE})


def _store(draft: Draft, field: Field, value: Any) -> None:
    _set_pending(draft, field, None)
    _set(draft, **{field.name: value})


# ---------------------------------------------------------------- checking a value


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_TEL = re.compile(r"^\+?[0-9]{8,15}$")
_DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d")
_CONTENT_NAMES = {"application/pdf": "PDF", "image/png": "PNG", "image/jpeg": "JPEG"}


def accept_names(accept: Iterable[str]) -> str:
    return ", ".join(_CONTENT_NAMES.get(c, c) for c in accept)


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g}"


def _parse_date(text: str) -> date | None:
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _check_uploads(
    *, db: Session, draft: Draft, field: Field, ids: Sequence[str], already: Sequence[str] = ()
) -> list[str]:
    """Upload ids for a file field: each one attached in the draft's conversation (else
    not found, whoever's it is), of an accepted type (as detected from its content when it
    was stored) and size, and no more than the field takes."""
    kept = list(already)
    for upload_id in ids:
        if upload_id not in kept:
            kept.append(upload_id)
    if len(kept) > field.max_files:
        raise Refusal("procedure_too_many_files", limit=field.max_files)
    for upload_id in ids:
        upload = uploads.get(db=db, upload_id=upload_id)
        if upload is None or draft.session_id is None or upload.session_id != draft.session_id:
            raise Refusal("procedure_file_not_found")
        if field.accept and upload.content_type not in field.accept:
            raise Refusal(
                "procedure_file_type", filename=upload.filename, accept=accept_names(field.accept)
            )
        if upload.size > field.max_file_bytes:
            raise Refusal(
                "procedure_file_too_large",
                filename=upload.filename,
                limit_mb=megabytes(field.max_file_bytes),
            )
        names = dict((draft.data or {}).get(_FILENAMES) or {})
        names[upload.id] = upload.filename
        _set(draft, **{_FILENAMES: names})
    return kept


def check_value(*, db: Session, draft: Draft, field: Field, raw: Any, ctx: Context) -> Any:
    """The value as stored for `field` (a choice's value, an ISO date, a number, upload
    ids…), or Refusal naming the rule. None for an optional field left empty."""
    if field.type == "file":
        ids = [str(i) for i in (raw if isinstance(raw, list) else [raw] if raw else [])]
        if not ids:
            if field.required:
                raise Refusal("procedure_required")
            return []
        value: Any = _check_uploads(db=db, draft=draft, field=field, ids=ids)
    elif field.type == "checkbox" and isinstance(raw, bool):
        value = raw
    else:
        text = "" if raw is None else str(raw).strip()
        if not text:
            if field.required:
                raise Refusal("procedure_required")
            return None
        value = _parse(field, text, ctx)
    for validator in field.validators:
        value = validator(value, ctx)
    return value


def _parse(field: Field, text: str, ctx: Context) -> Any:
    if field.max_length is not None and len(text) > field.max_length:
        raise Refusal("procedure_too_long", limit=field.max_length, length=len(text))
    if field.type == "select":
        choices = choices_of(field, ctx)
        choice = match_choice(choices, text)
        if choice is not None:
            return choice.value
        if field.allow_free_text:
            return text
        labels = ", ".join(in_lang(c.labels, ctx.lang) for c in choices)
        raise Refusal("procedure_choice_unknown", choices=labels)
    if field.type == "email":
        if not _EMAIL.match(text):
            raise Refusal("procedure_invalid_email")
        return text.lower()
    if field.type == "tel":
        compact = re.sub(r"[\s.\-()]", "", text)
        if not _TEL.match(compact):
            raise Refusal("procedure_invalid_tel")
        return compact
    if field.type == "date":
        parsed = _parse_date(text)
        if parsed is None:
            raise Refusal("procedure_invalid_date")
        return parsed.isoformat()
    if field.type == "number":
        try:
            number = float(text.replace(" ", "").replace(",", "."))
        except ValueError:
            raise Refusal("procedure_invalid_number") from None
        return int(number) if number.is_integer() else number
    if field.type == "checkbox":
        said = normalize(text)
        if said in COMMANDS["confirm"] or said in _phrases("vrai|true|eyeh"):
            return True
        if said in COMMANDS["skip"] or said in _phrases("faux|false"):
            return False
        raise Refusal("procedure_invalid_checkbox")
    return text


def refusal_text(refusal: Refusal, *, field: Field | None, lang: str) -> str:
    label = in_lang(field.label, lang) if field is not None else ""
    return i18n.text(refusal.code, lang, **{"label": label, "skip_hint": "", **refusal.params})


# ---------------------------------------------------------------- what the engine says


def _t(key: str, lang: str, **params: object) -> str:
    return i18n.text(key, i18n.reply_lang(lang), **params)


def _button(key: str, lang: str) -> TurnButton:
    title = _t(key, lang)
    return TurnButton(title=title, payload=title)


def card_id(draft: Draft, step: Step) -> str:
    return f"{draft.id}:{step.name}"


def form_card(
    draft: Draft, step: Step, lang: str, errors: dict[str, str] | None = None
) -> dict[str, Any]:
    """The contract's form card for a whole step, pre-filled with what is known."""
    ctx = context(draft)
    prefill = (draft.data or {}).get(_PREFILL, {})
    fields: list[dict[str, Any]] = []
    for field in step.fields:
        if not applies(field, ctx):
            continue
        value = ctx.data.get(field.name, prefill.get(field.name))
        if field.type == "file" and not value:
            value = _pending(draft, field) or None
        card_field: dict[str, Any] = {
            "name": field.name,
            "label": in_lang(field.label, lang),
            "type": field.type,
            "required": field.required,
            "choices": [
                {"value": c.value, "label": in_lang(c.labels, lang)} for c in choices_of(field, ctx)
            ],
            "value": value,
            "error": (errors or {}).get(field.name),
            "help": in_lang(field.help, lang) if field.help else None,
        }
        if field.max_length is not None:
            card_field["max_length"] = field.max_length
        if field.type == "file":
            card_field.update(accept=list(field.accept), max_files=field.max_files)
        fields.append(card_field)
    return {
        "id": card_id(draft, step),
        "title": in_lang(step.title, lang),
        "fields": fields,
        "submit_label": _t("procedure_button_submit", lang),
    }


def _question(procedure: Procedure, draft: Draft, lang: str) -> TurnMessage:
    index, field = position(procedure, draft)
    if field is None:
        return _summary_message(procedure, draft, lang)
    step = procedure.steps[index]
    ctx = context(draft)
    lines: list[str] = []
    if not any(f.name in ctx.data for f in step.fields):
        lines.append(
            _t(
                "procedure_step",
                lang,
                number=index + 1,
                total=len(procedure.steps),
                title=in_lang(step.title, lang),
            )
        )
    buttons: list[TurnButton] = []
    pending = _pending(draft, field) if field.type == "file" else []
    if pending:
        lines.append(_t("procedure_file_received", lang, count=len(pending), limit=field.max_files))
        buttons.append(_button("procedure_button_done", lang))
    else:
        lines.append(in_lang(field.question, lang))
        if field.help:
            lines.append(in_lang(field.help, lang))
        if field.type == "file":
            lines.append(
                _t(
                    "procedure_file_rules",
                    lang,
                    accept=accept_names(field.accept) or "PDF",
                    limit_mb=megabytes(field.max_file_bytes),
                    limit=field.max_files,
                )
            )
        for choice in choices_of(field, ctx):
            label = in_lang(choice.labels, lang)
            buttons.append(TurnButton(title=label, payload=label))
        if field.type == "checkbox":
            buttons += [_button("procedure_yes", lang), _button("procedure_no", lang)]
        if not field.required and field.type != "checkbox":
            buttons.append(_button("procedure_button_skip", lang))
    return TurnMessage(
        text="\n".join(lines),
        buttons=buttons,
        form=form_card(draft, step, lang) if step.as_card else None,
        kind="question",
    )


def display_value(
    field: Field, value: Any, ctx: Context, lang: str, filenames: dict[str, str] | None = None
) -> str:
    if value is None or value == [] or value == "":
        return _t("procedure_none_value", lang)
    if field.type == "select":
        choice = next((c for c in choices_of(field, ctx) if c.value == value), None)
        return in_lang(choice.labels, lang) if choice else str(value)
    if field.type == "file":
        names = ", ".join((filenames or {}).get(str(i), "…") for i in value)
        return _t("procedure_files_value", lang, count=len(value), names=names)
    if field.type == "checkbox":
        return _t("procedure_yes" if value else "procedure_no", lang)
    return str(value)


def summary_lines(procedure: Procedure, draft: Draft, lang: str) -> list[str]:
    ctx = context(draft)
    filenames = dict((draft.data or {}).get(_FILENAMES) or {})
    return [
        f"• {in_lang(field.label, lang)} : {display_value(field, ctx.data[field.name], ctx, lang, filenames)}"
        for step in procedure.steps
        for field in step.fields
        if field.name in ctx.data and applies(field, ctx)
    ]


def _summary_message(procedure: Procedure, draft: Draft, lang: str) -> TurnMessage:
    if (draft.data or {}).get(_MODE) == "modify":
        return TurnMessage(
            text=_t("procedure_modify_which", lang),
            buttons=[
                TurnButton(title=in_lang(s.title, lang), payload=in_lang(s.title, lang))
                for s in procedure.steps
            ],
            kind="question",
        )
    lines = [
        _t("procedure_summary", lang, title=in_lang(procedure.title, lang)),
        *summary_lines(procedure, draft, lang),
        _t("procedure_summary_question", lang),
    ]
    return TurnMessage(
        text="\n".join(lines),
        buttons=[
            _button("procedure_button_confirm", lang),
            _button("procedure_button_modify", lang),
            _button("procedure_button_cancel", lang),
        ],
        kind="summary",
    )


def _turn(status: TurnStatus, draft: Draft | None, messages: Sequence[TurnMessage] = ()) -> BotTurn:
    return BotTurn(
        status=status,
        messages=list(messages),
        draft_id=draft.id if draft else None,
        reference=draft.reference if draft else None,
    )


def login_required(*, lang: str) -> BotTurn:
    title = _t("procedure_button_login", lang)
    return BotTurn(
        status="login_required",
        messages=[
            TurnMessage(
                text=_t("procedure_login_required", lang),
                buttons=[TurnButton(title=title, payload=LOGIN_PAYLOAD)],
            )
        ],
    )


def prompt(*, draft: Draft, lang: str | None = None) -> BotTurn:
    """What to ask now: the next question (with the step's form card when it has one),
    or the summary with Confirmer / Modifier / Annuler."""
    lang = i18n.reply_lang(lang or draft.lang)
    if draft.status == "submitted":
        text = _t("procedure_already_done", lang, reference=draft.reference)
        return _turn("done", draft, [TurnMessage(text=text)])
    if draft.status == "cancelled":
        return _turn("cancelled", draft, [TurnMessage(text=_t("procedure_cancelled", lang))])
    procedure = procedure_or_raise(draft.kind)
    return _turn("asking", draft, [_question(procedure, draft, lang)])


# ---------------------------------------------------------------- drafts


def read(draft: Draft) -> DraftRead:
    """The draft as the API shows it: its answers, not the engine's bookkeeping."""
    shown = DraftRead.model_validate(draft)
    shown.data = answers(draft)
    return shown


def get(*, db: Session, draft_id: str) -> Draft | None:
    return db.get(Draft, draft_id)


def get_or_raise(*, db: Session, draft_id: str, user: User) -> Draft:
    """The user's draft; someone else's answers exactly like one that does not exist."""
    draft = get(db=db, draft_id=draft_id)
    if draft is None or draft.owner_user_id != user.id:
        raise NotFound("procedure_draft_not_found")
    return draft


def list_for_owner(*, db: Session, user: User, status: str | None = None) -> list[Draft]:
    query = select(Draft).where(Draft.owner_user_id == user.id)
    if status is not None:
        query = query.where(Draft.status == status)
    return list(db.scalars(query.order_by(Draft.updated_at.desc(), Draft.created_at.desc())))


def current(
    *, db: Session, user: User | None, kind: str | None = None, session_id: str | None = None
) -> Draft | None:
    """The user's open draft (of that kind), the one worked on last; without a user, the
    anonymous draft of the conversation `session_id` (a procedure needing no sign-in)."""
    if user is not None:
        owner = user.id
    elif session_id is not None:
        owner = anonymous_owner(session_id)
    else:
        return None
    query = select(Draft).where(Draft.owner_user_id == owner, Draft.status == "draft")
    if kind is not None:
        query = query.where(Draft.kind == kind)
    return db.scalars(query.order_by(Draft.updated_at.desc(), Draft.created_at.desc())).first()


def _touch(draft: Draft, *, session_id: str | None, lang: str | None) -> None:
    if session_id is not None:
        draft.session_id = session_id
    if lang is not None:
        draft.lang = i18n.reply_lang(lang)
    draft.updated_at = utcnow()


def start(
    *,
    db: Session,
    kind: str,
    user: User | None,
    session_id: str | None,
    portal: str,
    lang: str,
) -> BotTurn:
    """Start the procedure, or resume the user's open draft of that kind (from any
    conversation or device: it moves to this one)."""
    procedure = procedure_or_raise(kind)
    lang = i18n.reply_lang(lang)
    if user is None and (procedure.requires_login or session_id is None):
        return login_required(lang=lang)
    draft = current(db=db, user=user, kind=kind, session_id=session_id)
    title = in_lang(procedure.title, lang)
    if draft is not None:
        _touch(draft, session_id=session_id, lang=lang)
        intro = _t("procedure_resumed", lang, title=title)
    else:
        draft = Draft(
            kind=kind,
            owner_user_id=user.id if user is not None else anonymous_owner(session_id or ""),
            session_id=session_id,
            portal=portal,
            lang=lang,
            data={},
            status="draft",
        )
        db.add(draft)
        intro = _t("procedure_started", lang, title=title)
    _sync(procedure, draft)
    db.flush()
    return _turn("asking", draft, [TurnMessage(text=intro), _question(procedure, draft, lang)])


def _ensure_open(draft: Draft) -> None:
    if draft.status != "draft":
        raise ApiError("procedure_closed", status_code=409)


def cancel(*, db: Session, draft: Draft) -> BotTurn:
    _ensure_open(draft)
    draft.status = "cancelled"
    draft.field = None
    db.flush()
    return _turn("cancelled", draft, [TurnMessage(text=_t("procedure_cancelled", draft.lang))])


def back(*, db: Session, draft: Draft) -> BotTurn:
    """Go back one question: the last answer before the one asked now is forgotten and
    asked again. From the « which step » choice, back to the summary."""
    _ensure_open(draft)
    procedure = procedure_or_raise(draft.kind)
    if (draft.data or {}).get(_MODE):
        _set(draft, **{_MODE: _DELETE})
    else:
        ctx = context(draft)
        ordered = [f for s in procedure.steps for f in s.fields if applies(f, ctx)]
        _, now = position(procedure, draft)
        stop = ordered.index(now) if now in ordered else len(ordered)
        previous = next((f for f in reversed(ordered[:stop]) if f.name in ctx.data), None)
        if previous is not None:
            _set(draft, **{previous.name: _DELETE})
            if now is not None and now.type == "file":
                _set_pending(draft, now, None)
    _sync(procedure, draft)
    db.flush()
    return prompt(draft=draft)


def summary(*, db: Session, draft: Draft) -> BotTurn:
    """The answers so far; then the question asked now (or Confirmer / Modifier /
    Annuler when everything is answered)."""
    _ensure_open(draft)
    procedure = procedure_or_raise(draft.kind)
    lang = draft.lang
    _, field = position(procedure, draft)
    if field is None:
        _set(draft, **{_MODE: _DELETE})
        db.flush()
        return prompt(draft=draft)
    lines = [
        _t("procedure_summary", lang, title=in_lang(procedure.title, lang)),
        *summary_lines(procedure, draft, lang),
    ]
    return _turn(
        "asking",
        draft,
        [TurnMessage(text="\n".join(lines), kind="summary"), _question(procedure, draft, lang)],
    )


def confirm(*, db: Session, draft: Draft) -> BotTurn:
    """Submit a complete draft: the procedure's `submit` runs in this unit of work, its
    reference is stored. An incomplete draft is asked its next question instead."""
    _ensure_open(draft)
    procedure = procedure_or_raise(draft.kind)
    lang = draft.lang
    _, field = position(procedure, draft)
    if field is not None:
        return prompt(draft=draft)
    ctx = context(draft)
    applicable = {
        f.name: ctx.data[f.name]
        for s in procedure.steps
        for f in s.fields
        if f.name in ctx.data and applies(f, ctx)
    }
    try:
        submission = procedure.submit(
            db,
            Context(
                portal=ctx.portal,
                lang=lang,
                data=applicable,
                user_id=ctx.user_id,
                session_id=ctx.session_id,
            ),
        )
    except Refusal as refusal:
        message = TurnMessage(text=refusal_text(refusal, field=None, lang=lang), kind="refusal")
        return _turn("refused", draft, [message, _summary_message(procedure, draft, lang)])
    draft.status = "submitted"
    draft.reference = submission.reference
    draft.field = None
    _set(draft, **{_MODE: _DELETE, _PREFILL: _DELETE, _PENDING: _DELETE})
    db.flush()
    text = in_lang(submission.texts, lang).format(reference=submission.reference)
    return _turn("done", draft, [TurnMessage(text=text)])


def modify(*, db: Session, draft: Draft, step_name: str | None = None) -> BotTurn:
    """From the summary: ask which step to change, or start changing `step_name` (its
    answers are asked again, the card pre-filled with the old ones)."""
    _ensure_open(draft)
    procedure = procedure_or_raise(draft.kind)
    step = next((s for s in procedure.steps if s.name == step_name), None)
    if step is None:
        _set(draft, **{_MODE: "modify"})
    else:
        old = answers(draft)
        prefill = {f.name: old[f.name] for f in step.fields if f.name in old}
        _set(
            draft,
            **{_MODE: _DELETE, _PREFILL: prefill},
            **{f.name: _DELETE for f in step.fields},
        )
    _sync(procedure, draft)
    db.flush()
    return prompt(draft=draft)


# ---------------------------------------------------------------- answering


def _refused(
    procedure: Procedure,
    draft: Draft,
    texts: Sequence[str],
    errors: dict[str, str] | None = None,
    *,
    counted: bool = True,
) -> BotTurn:
    lang = draft.lang
    question = _question(procedure, draft, lang)
    if errors and question.form is not None:
        index, _ = position(procedure, draft)
        question.form = form_card(draft, procedure.steps[index], lang, errors)
    refusals = [TurnMessage(text=t, kind="refusal") for t in texts]
    # Refused twice in a row: a person is offered (a card of another step does not count).
    twice = counted and _count_refusal(procedure, draft) == REFUSALS_BEFORE_AGENT
    offer = [_offer_agent(lang)] if twice else []
    return _turn("refused", draft, [*refusals, question, *offer])


def _count_refusal(procedure: Procedure, draft: Draft) -> int:
    """Refusals in a row of the same question (a step answered starts counting again)."""
    index, field = position(procedure, draft)
    asked = f"{index}:{field.name if field else ''}"
    previous = (draft.data or {}).get(_REFUSALS) or {}
    count = int(previous.get("count", 0)) + 1 if previous.get("asked") == asked else 1
    _set(draft, **{_REFUSALS: {"asked": asked, "count": count}})
    return count


def refusals_in_a_row(draft: Draft) -> int:
    return int(((draft.data or {}).get(_REFUSALS) or {}).get("count", 0))


def _offer_agent(lang: str) -> TurnMessage:
    """After a step was refused twice: a person may help (the user confirms it)."""
    return TurnMessage(
        text=_t("procedure_offer_agent", lang),
        buttons=[TurnButton(title=_t("procedure_button_agent", lang), payload="/ask_human")],
        kind="info",
    )


def _advanced(procedure: Procedure, db: Session, draft: Draft) -> BotTurn:
    _set(draft, **{_REFUSALS: _DELETE})
    _sync(procedure, draft)
    _, field = position(procedure, draft)
    if field is None:
        _set(draft, **{_PREFILL: _DELETE})
    db.flush()
    return prompt(draft=draft)


def answer(
    *,
    db: Session,
    draft: Draft,
    text: str | None = None,
    values: dict[str, Any] | None = None,
    attachments: Sequence[str] | None = None,
    intent: str | None = None,
    confidence: float = 0.0,
    field: str | None = None,
    form_id: str | None = None,
) -> BotTurn:
    """One turn: a command (annuler, retour, résumé, confirmer, modifier, a person), the
    values of a whole step (a form card), files, or the answer to the field asked now (or
    to `field` of the current step)."""
    _ensure_open(draft)
    procedure = procedure_or_raise(draft.kind)
    lang = draft.lang
    text = (text or "").strip()
    index, now = position(procedure, draft)
    # A form card's values are an answer, whatever its readable text says.
    command = command_of(text, intent, confidence) if values is None and (text or intent) else None
    if command == "cancel":
        return cancel(db=db, draft=draft)
    if command == "back":
        return back(db=db, draft=draft)
    if command == "human":
        return _turn("human", draft, [TurnMessage(text=_t("procedure_human", lang))])
    if command == "summary":
        return summary(db=db, draft=draft)

    if now is None:  # everything answered: the summary, or « which step to change »
        if (draft.data or {}).get(_MODE) == "modify":
            step_choices = [Choice(value=s.name, labels=s.title) for s in procedure.steps]
            chosen = match_choice(step_choices, text)
            if chosen is not None:
                return modify(db=db, draft=draft, step_name=chosen.value)
        if command == "confirm":
            return confirm(db=db, draft=draft)
        if command == "modify":
            return modify(db=db, draft=draft)
        if text and is_question(text, intent, confidence):
            return _turn("digression", draft)
        return prompt(draft=draft)

    step = procedure.steps[index]
    if values is not None:
        if form_id is not None and form_id != card_id(draft, step):
            return _refused(procedure, draft, [_t("procedure_form_stale", lang)], counted=False)
        return _answer_step(procedure, db, draft, step, values, attachments or [])

    if field is not None and field != now.name:
        target = next((f for f in step.fields if f.name == field), None)
        if target is None or target.name in answers(draft) or not applies(target, context(draft)):
            raise ApiError("procedure_field_not_current", status_code=422, field=field)
        now = target

    if now.type == "file":
        return _answer_file(
            procedure, db, draft, now, text, list(attachments or []), command, intent, confidence
        )
    if attachments:
        # Files sent while another field is asked (the widget's upload message): kept for
        # the step's file field, and the question asked now is asked again.
        file_field = next((f for f in step.fields if f.type == "file"), None)
        if file_field is not None:
            try:
                kept = _check_uploads(
                    db=db,
                    draft=draft,
                    field=file_field,
                    ids=list(attachments),
                    already=_pending(draft, file_field),
                )
            except Refusal as refusal:
                texts = [refusal_text(refusal, field=file_field, lang=lang)]
                return _refused(procedure, draft, texts)
            _set_pending(draft, file_field, kept)
            db.flush()
        return prompt(draft=draft)
    ctx = context(draft)
    if command == "skip" and not now.required and now.type != "checkbox":
        _store(draft, now, None)
        return _advanced(procedure, db, draft)
    if not text:
        required = Refusal("procedure_required")
        return _refused(procedure, draft, [refusal_text(required, field=now, lang=lang)])
    try:
        value = check_value(db=db, draft=draft, field=now, raw=text, ctx=ctx)
    except Refusal as refusal:
        if is_question(text, intent, confidence):
            # Not an answer (no choice it names, not a date…) but a question: the
            # caller answers it, then asks this field again.
            return _turn("digression", draft)
        return _refused(procedure, draft, [refusal_text(refusal, field=now, lang=lang)])
    if (
        now.type == "select"
        and now.allow_free_text
        and match_choice(choices_of(now, ctx), text) is None
        and is_question(text, intent, confidence)
    ):
        return _turn("digression", draft)
    if now.type == "text" and is_clear_question(text, intent, confidence):
        return _turn("digression", draft)
    _store(draft, now, value)
    return _advanced(procedure, db, draft)


def _answer_file(
    procedure: Procedure,
    db: Session,
    draft: Draft,
    field: Field,
    text: str,
    attachments: list[str],
    command: Command | None,
    intent: str | None,
    confidence: float,
) -> BotTurn:
    lang = draft.lang
    pending = _pending(draft, field)
    if attachments:
        try:
            kept = _check_uploads(db=db, draft=draft, field=field, ids=attachments, already=pending)
        except Refusal as refusal:
            return _refused(procedure, draft, [refusal_text(refusal, field=field, lang=lang)])
        if len(kept) >= field.max_files:
            return _finish_files(procedure, db, draft, field, kept)
        _set_pending(draft, field, kept)
        _sync(procedure, draft)
        db.flush()
        return prompt(draft=draft)
    if command in ("done", "skip", "confirm") and (pending or not field.required):
        return _finish_files(procedure, db, draft, field, pending)
    if text and is_question(text, intent, confidence):
        return _turn("digression", draft)
    hint = "" if field.required else _t("procedure_file_skip_hint", lang)
    missing = Refusal("procedure_file_missing", skip_hint=hint)
    return _refused(procedure, draft, [refusal_text(missing, field=field, lang=lang)])


def _finish_files(
    procedure: Procedure, db: Session, draft: Draft, field: Field, ids: list[str]
) -> BotTurn:
    ctx = context(draft)
    try:
        value = check_value(db=db, draft=draft, field=field, raw=ids, ctx=ctx)
    except Refusal as refusal:
        return _refused(procedure, draft, [refusal_text(refusal, field=field, lang=draft.lang)])
    _store(draft, field, value)
    return _advanced(procedure, db, draft)


def _answer_step(
    procedure: Procedure,
    db: Session,
    draft: Draft,
    step: Step,
    values: dict[str, Any],
    attachments: Sequence[str],
) -> BotTurn:
    """A whole step at once (a form card): every field of the step that applies is
    checked; the good values are kept, each refusal is told and marked on the card."""
    lang = draft.lang
    errors: dict[str, str] = {}
    for field in step.fields:
        ctx = context(draft)  # a later field may depend on one just answered
        if not applies(field, ctx):
            continue
        if field.type == "file":
            raw = values.get(field.name)
            given = raw if isinstance(raw, list) else [raw] if raw else []
            ids = [str(i) for i in [*given, *attachments]]
            raw = list(dict.fromkeys([*_pending(draft, field), *ids])) or None
        else:
            raw = values.get(field.name)
        if raw is None and field.name in ctx.data:
            continue  # already answered; the card left it out
        try:
            value = check_value(db=db, draft=draft, field=field, raw=raw, ctx=ctx)
        except Refusal as refusal:
            errors[field.name] = refusal_text(refusal, field=field, lang=lang)
            continue
        _store(draft, field, value)
    _sync(procedure, draft)
    db.flush()
    if errors:
        return _refused(procedure, draft, list(errors.values()), errors)
    return _advanced(procedure, db, draft)


# ---------------------------------------------------------------- for the Rasa actions


def signed_in_owner(*, db: Session, session_id: str) -> User | None:
    """Who the conversation belongs to while signed in: never who a caller says."""
    conversation = conversations.get(db=db, session_id=session_id)
    if conversation is None or conversation.user_id is None:
        return None
    user = accounts.get(db=db, user_id=conversation.user_id)
    if user is None or not accounts.is_signed_in(db=db, user=user):
        return None
    return user


def _conversation_lang(db: Session, session_id: str) -> tuple[str, str]:
    conversation = conversations.get(db=db, session_id=session_id)
    if conversation is None:
        return "pmpce", "fr"
    return conversation.portal, i18n.reply_lang(conversation.lang)


def named_procedures(text: str) -> list[Procedure]:
    """The procedures a « reprendre ma réclamation » names (by kind, names or title)."""
    load_catalog()
    said = f" {normalize(text)} "
    return [
        procedure
        for procedure in definitions.all_procedures()
        if any(
            f" {normalize(n)} " in said
            for n in (procedure.kind, *procedure.names, *procedure.title.values())
            if normalize(n)
        )
    ]


def draft_to_resume(*, db: Session, user: User, text: str) -> Draft | None:
    """The open draft of the procedure the text names; with no name, the last open one."""
    named = named_procedures(text)
    if not named:
        return current(db=db, user=user)
    drafts = [d for p in named if (d := current(db=db, user=user, kind=p.kind)) is not None]
    return max(drafts, key=lambda d: as_utc(d.updated_at), default=None)


# « Comment déposer une réclamation ? » asks how the portal does it: the guides answer
# (the action then offers nothing to fill). « Je veux déposer une réclamation » asks to do it.
_HOW_TO = re.compile(
    r"^(comment|how|what are the steps|quelles sont les [ée]tapes|est-ce qu'on peut|"
    r"kifach|kifash|kif ndir|kif n|كيف|ما هي خطوات|ما هي مراحل)\b",
    re.IGNORECASE,
)


def asks_how_to(text: str) -> bool:
    return _HOW_TO.match(text.strip()) is not None


def chat_start(*, db: Session, session_id: str, intent: str | None, text: str | None) -> BotTurn:
    """`file_claim`-like intents start (or resume) their procedure; « reprendre … »
    resumes the open draft it names, or the last one. A how-to question about it is a
    digression: the guides answer it."""
    if text and asks_how_to(text):
        return BotTurn(status="digression", messages=[])
    portal, lang = _conversation_lang(db, session_id)
    user = signed_in_owner(db=db, session_id=session_id)
    procedure = for_intent(intent) if intent else None
    if procedure is not None:
        return start(
            db=db, kind=procedure.kind, user=user, session_id=session_id, portal=portal, lang=lang
        )
    if user is None:
        return login_required(lang=lang)
    draft = draft_to_resume(db=db, user=user, text=text or "")
    if draft is None:
        return BotTurn(
            status="none", messages=[TurnMessage(text=_t("procedure_nothing_to_resume", lang))]
        )
    return start(
        db=db, kind=draft.kind, user=user, session_id=session_id, portal=draft.portal, lang=lang
    )


def _chat_draft(db: Session, session_id: str) -> tuple[Draft | None, BotTurn | None]:
    _, lang = _conversation_lang(db, session_id)
    user = signed_in_owner(db=db, session_id=session_id)
    if user is None:
        # Only a procedure that needs no sign-in (the contact form) goes on anonymously.
        draft = current(db=db, user=None, session_id=session_id)
        if draft is None:
            return None, login_required(lang=lang)
        _touch(draft, session_id=session_id, lang=lang)
        return draft, None
    draft = current(db=db, user=user)
    if draft is None:
        return None, BotTurn(
            status="none", messages=[TurnMessage(text=_t("procedure_nothing_to_resume", lang))]
        )
    _touch(draft, session_id=session_id, lang=lang)
    return draft, None


def chat_prompt(*, db: Session, session_id: str) -> BotTurn:
    draft, refusal = _chat_draft(db, session_id)
    if draft is None:
        assert refusal is not None
        return refusal
    db.flush()
    return prompt(draft=draft)


def chat_answer(
    *,
    db: Session,
    session_id: str,
    text: str | None,
    intent: str | None = None,
    confidence: float = 0.0,
    form_id: str | None = None,
    values: dict[str, Any] | None = None,
    attachments: Sequence[str] | None = None,
) -> BotTurn:
    draft, refusal = _chat_draft(db, session_id)
    if draft is None:
        assert refusal is not None
        return refusal
    return answer(
        db=db,
        draft=draft,
        text=text,
        values=values,
        attachments=attachments,
        intent=intent,
        confidence=confidence,
        form_id=form_id,
    )
