"""How a procedure (démarche) is declared: steps of fields, their choices, conditions and
rules. Each domain declares its own (api/claims/procedure.py, later the RNOCE
subscription) and registers it here; the engine (api/procedures/service.py) runs any of
them the same way, for the chat and for the public API alike.

Texts are `{"fr": …, "ar": …, "en": …}` (French is required and is the fallback; Darija
speakers are answered in French)."""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

Texts = Mapping[str, str]
FieldType = Literal["text", "email", "tel", "date", "number", "select", "file", "checkbox"]


def in_lang(texts: Texts, lang: str) -> str:
    return texts.get(lang) or texts["fr"]


@dataclass(frozen=True)
class Choice:
    value: str
    labels: Texts
    # More ways users name it in free text (any language, Darija in Latin letters).
    synonyms: tuple[str, ...] = ()


@dataclass(frozen=True)
class Context:
    """What choices, conditions, validators and the submission may look at."""

    portal: str
    lang: str
    data: Mapping[str, Any]  # the draft's answers so far, by field name
    user_id: str | None = None
    session_id: str | None = None


class Refusal(Exception):
    """A value a rule refuses. `code` is an api.i18n key; the engine tells it in the
    user's language with `params`, naming the rule (« 15 caractères exactement »)."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


# Takes the value as parsed for its field type, returns it normalised, or raises Refusal.
Validator = Callable[[Any, Context], Any]


def not_blank(refusal: str) -> Validator:
    """Refuses a text of spaces (with `refusal`, an api.i18n key); trims the others."""

    def check(value: Any, context: Context) -> Any:
        if isinstance(value, str) and not value.strip():
            raise Refusal(refusal)
        return value.strip() if isinstance(value, str) else value

    return check


@dataclass(frozen=True)
class Field:
    name: str
    type: FieldType
    label: Texts
    # How the assistant asks for it alone, one field at a time.
    question: Texts
    required: bool = True
    # A static list, or one that depends on the context (the portal, earlier answers).
    choices: Sequence[Choice] | Callable[[Context], Sequence[Choice]] | None = None
    # A select that also keeps a value not in the list, as the user typed it.
    allow_free_text: bool = False
    # The field is asked (and checked) only when this says so.
    required_when: Callable[[Context], bool] | None = None
    validators: tuple[Validator, ...] = ()
    help: Texts | None = None
    max_length: int | None = None
    # File fields: accepted content types (checked by content, never by name) and count.
    accept: tuple[str, ...] = ()
    max_files: int = 1
    max_file_bytes: int = 3 * 1024 * 1024


@dataclass(frozen=True)
class Step:
    name: str
    title: Texts
    fields: tuple[Field, ...]
    # Offer the whole step as an inline form card (it can still be answered field by field).
    as_card: bool = False


@dataclass(frozen=True)
class Submission:
    """What a confirmed draft became: its reference and the message that says so."""

    reference: str
    texts: Texts  # may use {reference}
    extra: Mapping[str, Any] = field(default_factory=dict)


# Called once, on confirmation, inside the engine's unit of work (do not commit).
Submit = Callable[["Session", Context], Submission]


@dataclass(frozen=True)
class Procedure:
    kind: str
    title: Texts
    steps: tuple[Step, ...]
    submit: Submit
    # The Rasa intents that start it, and the words that name it in « reprendre ma … ».
    intents: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    # Word stems one of which every request to start it holds (« réclam », « شكا »); an
    # intent for it in a message without any is the NLU's mistake, and the guides answer.
    stems: tuple[str, ...] = ()
    requires_login: bool = True


_REGISTRY: dict[str, Procedure] = {}


def register(procedure: Procedure) -> Procedure:
    _REGISTRY[procedure.kind] = procedure
    return procedure


def get(kind: str) -> Procedure | None:
    return _REGISTRY.get(kind)


def for_intent(intent: str) -> Procedure | None:
    return next((p for p in _REGISTRY.values() if intent in p.intents), None)


def all_procedures() -> list[Procedure]:
    return list(_REGISTRY.values())
