"""The procedure actions relay to the core's procedures engine (a fake core here)."""

import asyncio
from typing import Any

import httpx
import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.core_client import TurnMessage
from actions.procedures import (
    ActionAskProcedureAnswer,
    ActionResetProcedure,
    ActionStartProcedure,
    ValidateProcedureForm,
    said_this_turn,
    utter_turn,
)
from actions.routing import ActionOutsideProcedure
from tests.actions.conftest import DEFAULT_SLOTS
from tests.actions.fake_core import (
    ANSWER,
    KINDS,
    KNOWLEDGE,
    OBJECT_QUESTION,
    PROMPT,
    START,
    TOKEN,
    TYPE_QUESTION,
    FakeCore,
    ToyEngine,
    message,
    turn,
)

DOMAIN: dict[str, Any] = {
    "forms": {"procedure_form": {"required_slots": ["procedure_answer"]}},
    "slots": {
        "procedure_answer": {
            "type": "text",
            "mappings": [
                {
                    "type": "from_text",
                    "conditions": [
                        {"active_loop": "procedure_form", "requested_slot": "procedure_answer"}
                    ],
                }
            ],
        }
    },
}
CARD = {
    "id": "claim-details",
    "title": "Détails",
    "fields": [{"name": "object", "label": "Objet", "type": "text", "required": True}],
    "submit_label": "Envoyer",
}
ARTICLE = {
    "id": "common-new-claim",
    "lang": "fr",
    "title": "Déposer une réclamation",
    "body": "Trois étapes.",
    "source": {"title": "Réclamations", "guide": "Guide", "section": "Aide", "url": "/a"},
}


def user_event(text: str, intent: str, confidence: float = 0.95) -> dict[str, Any]:
    return {
        "event": "user",
        "text": text,
        "parse_data": {"intent": {"name": intent, "confidence": confidence}},
    }


def bot_event(uttered: dict[str, Any]) -> dict[str, Any]:
    """What Rasa logs for a message an action uttered."""
    return {
        "event": "bot",
        "text": uttered.get("text"),
        "data": {"buttons": uttered.get("buttons"), "custom": uttered.get("custom") or None},
    }


def make_tracker(
    text: str,
    intent: str,
    *,
    confidence: float = 0.95,
    metadata: dict[str, Any] | None = None,
    events: list[dict[str, Any]] | None = None,
    slots: dict[str, Any] | None = None,
) -> Tracker:
    latest: dict[str, Any] = {
        "text": text,
        "intent": {"name": intent, "confidence": confidence},
        "entities": [],
    }
    if metadata is not None:
        latest["metadata"] = metadata
    return Tracker(
        sender_id="sess-1",
        slots={**DEFAULT_SLOTS, "procedure_answer": None, **(slots or {})},
        latest_message=latest,
        events=events if events is not None else [user_event(text, intent, confidence)],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def run(action: Any, tracker: Tracker) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, DOMAIN))
    return events, dispatcher.messages


def validate(
    core: FakeCore, text: str, intent: str = "ask_question", **kwargs: Any
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """validate_procedure_form as the form calls it: the slot candidate last in the events."""
    events = [
        user_event(text, intent),
        {"event": "action", "name": "procedure_form"},
        {"event": "slot", "name": "procedure_answer", "value": text},
    ]
    tracker = make_tracker(text, intent, events=events, **kwargs)
    slot_events, messages = run(ValidateProcedureForm(core.client), tracker)
    return {e["name"]: e["value"] for e in slot_events}, messages


def texts(messages: list[dict[str, Any]]) -> list[str | None]:
    return [
        m.get("text") or m.get("response") or (m.get("custom") or {}).get("text") for m in messages
    ]


# ----------------------------------------------------------------------------- start


def test_start_asks_the_core_and_activates_the_form_when_it_asks() -> None:
    core = FakeCore({START: turn("asking", message(TYPE_QUESTION, KINDS))})

    events, messages = run(
        ActionStartProcedure(core.client),
        make_tracker("je veux déposer une réclamation", "file_claim"),
    )

    [call] = core.calls
    assert (call.method, call.path, call.token) == ("POST", START, TOKEN)
    assert call.body == {
        "session_id": "sess-1",
        "intent": "file_claim",
        "text": "je veux déposer une réclamation",
    }
    assert texts(messages) == [TYPE_QUESTION]
    assert messages[0]["buttons"] == [{"title": k, "payload": k} for k in KINDS]
    assert events == [
        {"event": "slot", "timestamp": None, "name": "procedure_answer", "value": None},
        {"event": "active_loop", "timestamp": None, "name": "procedure_form"},
        {"event": "slot", "timestamp": None, "name": "requested_slot", "value": "procedure_answer"},
    ]


def test_resume_sends_its_own_intent_and_text() -> None:
    core = FakeCore({START: turn("asking", message(OBJECT_QUESTION))})

    run(
        ActionStartProcedure(core.client),
        make_tracker("reprendre ma réclamation", "resume_procedure"),
    )

    assert core.bodies(START)[0]["intent"] == "resume_procedure"
    assert core.bodies(START)[0]["text"] == "reprendre ma réclamation"


def test_an_anonymous_user_gets_the_cores_sign_in_button_and_no_form() -> None:
    login = message("Connectez-vous pour déposer une réclamation.")
    login["buttons"] = [{"title": "Se connecter", "payload": "/request_login"}]
    core = FakeCore({START: turn("login_required", login)})

    events, messages = run(
        ActionStartProcedure(core.client), make_tracker("I want to file a complaint", "file_claim")
    )

    assert events == []
    assert messages[0]["buttons"] == [{"title": "Se connecter", "payload": "/request_login"}]


def test_sign_in_without_a_message_from_the_core_uses_the_domains_request() -> None:
    core = FakeCore({START: turn("login_required")})

    events, messages = run(
        ActionStartProcedure(core.client), make_tracker("bghit ndir reclamation", "file_claim")
    )

    assert (events, [m["response"] for m in messages]) == ([], ["utter_ask_login"])


def test_a_start_the_core_reads_as_a_question_is_answered_from_the_guides() -> None:
    core = FakeCore({START: turn("digression"), KNOWLEDGE: {"kind": "answer", "article": ARTICLE}})

    events, messages = run(
        ActionStartProcedure(core.client),
        make_tracker("comment déposer une réclamation ?", "file_claim"),
    )

    assert core.paths() == [START, KNOWLEDGE]
    assert "Trois étapes." in messages[0]["custom"]["text"]
    assert all(e["event"] != "active_loop" for e in events)


@pytest.mark.parametrize(
    "answer",
    [httpx.Response(500, text="boom"), httpx.Response(404), {"status": "maybe"}],
    ids=["failed", "no-route", "malformed"],
)
def test_start_without_the_core_says_so_and_starts_nothing(answer: Any) -> None:
    core = FakeCore({START: answer})

    events, messages = run(
        ActionStartProcedure(core.client), make_tracker("je veux réclamer", "file_claim")
    )

    assert (events, [m["response"] for m in messages]) == ([], ["utter_procedure_unavailable"])


# ----------------------------------------------------------------------------- ask


def test_ask_says_the_cores_current_question() -> None:
    core = FakeCore({PROMPT: turn("asking", message(OBJECT_QUESTION, form=CARD))})

    events, messages = run(
        ActionAskProcedureAnswer(core.client), make_tracker("Réclamation", "ask_question")
    )

    [call] = core.calls
    assert (call.method, call.path, call.params, call.token) == (
        "GET",
        PROMPT,
        {"session_id": "sess-1"},
        TOKEN,
    )
    assert events == []
    [uttered] = messages
    assert uttered["text"] == OBJECT_QUESTION
    assert uttered["custom"] == {"form": CARD}


def test_ask_does_not_repeat_what_was_said_this_turn() -> None:
    """The start (or a refusal) already asked it: the form's own question adds nothing."""
    core = FakeCore({PROMPT: turn("asking", message(TYPE_QUESTION, KINDS))})
    said = {"text": TYPE_QUESTION, "buttons": [], "custom": {}}
    events = [user_event("je veux réclamer", "file_claim"), bot_event(said)]

    _, messages = run(
        ActionAskProcedureAnswer(core.client),
        make_tracker("je veux réclamer", "file_claim", events=events),
    )

    assert messages == []


def test_ask_repeats_a_question_asked_in_an_earlier_turn() -> None:
    core = FakeCore({PROMPT: turn("asking", message(TYPE_QUESTION, KINDS))})
    earlier = bot_event({"text": TYPE_QUESTION})
    events = [
        user_event("je veux réclamer", "file_claim"),
        earlier,
        user_event("euh", "ask_question"),
    ]

    _, messages = run(
        ActionAskProcedureAnswer(core.client), make_tracker("euh", "ask_question", events=events)
    )

    assert texts(messages) == [TYPE_QUESTION]


def test_a_card_alone_is_not_repeated_either() -> None:
    core = FakeCore({PROMPT: turn("asking", {"text": "", "buttons": [], "form": CARD})})
    events = [user_event("x", "ask_question"), bot_event({"text": None, "custom": {"form": CARD}})]

    _, messages = run(
        ActionAskProcedureAnswer(core.client), make_tracker("x", "ask_question", events=events)
    )

    assert messages == []


@pytest.mark.parametrize("status", ["none", "done", "cancelled", "login_required"])
def test_ask_ends_the_form_when_the_core_has_nothing_to_ask(status: str) -> None:
    core = FakeCore({PROMPT: turn(status, message("Cette démarche n'est plus en cours."))})

    events, messages = run(ActionAskProcedureAnswer(core.client), make_tracker("x", "ask_question"))

    assert texts(messages) == ["Cette démarche n'est plus en cours."]
    assert {"event": "active_loop", "timestamp": None, "name": None} in events
    assert {"event": "slot", "timestamp": None, "name": "requested_slot", "value": None} in events


def test_ask_without_the_core_says_so_and_ends_the_form() -> None:
    core = FakeCore({PROMPT: httpx.Response(503)})

    events, messages = run(ActionAskProcedureAnswer(core.client), make_tracker("x", "ask_question"))

    assert [m["response"] for m in messages] == ["utter_procedure_unavailable"]
    assert {"event": "active_loop", "timestamp": None, "name": None} in events


# ----------------------------------------------------------------------------- validate


def test_the_answer_goes_to_the_core_with_intent_confidence_and_metadata() -> None:
    core = FakeCore({ANSWER: turn("asking", message(OBJECT_QUESTION))})
    metadata = {
        "form": {"id": "claim-details", "values": {"object": "Facture"}},
        "attachments": ["up-1", "up-2", 3, "", "x" * 500],
        "language": "fr",
    }

    slots, messages = validate(core, "Objet : Facture", "ask_question", metadata=metadata)

    [call] = core.calls
    assert (call.method, call.path, call.token) == ("POST", ANSWER, TOKEN)
    assert call.body == {
        "session_id": "sess-1",
        "text": "Objet : Facture",
        "intent": "ask_question",
        "confidence": 0.95,
        "form": {"id": "claim-details", "values": {"object": "Facture"}},
        "attachments": ["up-1", "up-2"],
    }
    # Taken: the next question is the ask action's, nothing is said here.
    assert (slots, messages) == ({"procedure_answer": None}, [])


def test_an_answer_without_metadata_sends_no_form_and_no_files() -> None:
    core = FakeCore({ANSWER: turn("asking")})

    validate(core, "Réclamation")

    assert (core.bodies(ANSWER)[0]["form"], core.bodies(ANSWER)[0]["attachments"]) == (None, [])


def test_a_refused_answer_says_the_rule_and_is_asked_again() -> None:
    core = FakeCore({ANSWER: turn("refused", message("L'objet tient en 200 caractères au plus."))})

    slots, messages = validate(core, "x" * 300)

    assert slots == {"procedure_answer": None}
    assert texts(messages) == ["L'objet tient en 200 caractères au plus."]


def test_a_question_in_the_middle_is_answered_from_the_guides_then_asked_again() -> None:
    core = FakeCore(
        {
            ANSWER: turn("digression"),
            KNOWLEDGE: {"kind": "answer", "article": ARTICLE, "unanswered_turns": 0},
        }
    )

    slots, messages = validate(core, "c'est quoi une réclamation ?", "ask_question")

    assert core.paths() == [ANSWER, KNOWLEDGE]
    assert core.bodies(KNOWLEDGE)[0]["question"] == "c'est quoi une réclamation ?"
    assert slots == {"procedure_answer": None, "unanswered_turns": 0.0}
    assert "Trois étapes." in messages[0]["custom"]["text"]


@pytest.mark.parametrize("status", ["done", "cancelled", "login_required", "none"])
def test_an_outcome_is_said_and_ends_the_form(status: str) -> None:
    core = FakeCore({ANSWER: turn(status, message("Réclamation enregistrée : REC-7K2M-Q9XD."))})

    slots, messages = validate(core, "Confirmer", "affirm")

    assert slots == {"procedure_answer": status}
    assert texts(messages) == ["Réclamation enregistrée : REC-7K2M-Q9XD."]


def test_asking_for_a_human_ends_the_form_with_the_ask_human_response() -> None:
    core = FakeCore({ANSWER: turn("human")})

    slots, messages = validate(core, "je veux parler à quelqu'un", "ask_human")

    assert core.bodies(ANSWER)[0]["intent"] == "ask_human"
    assert slots == {"procedure_answer": "human"}
    assert [m["response"] for m in messages] == ["utter_ask_human"]


def test_an_answer_the_core_cannot_take_says_so_and_ends_the_form() -> None:
    core = FakeCore({ANSWER: httpx.Response(502)})

    slots, messages = validate(core, "Réclamation")

    assert slots == {"procedure_answer": "unavailable"}
    assert [m["response"] for m in messages] == ["utter_procedure_unavailable"]


# ----------------------------------------------------------------------------- whole form


class Conversation:
    """Rasa's side of a procedure, as the rules and the form run it: start, then each
    message relayed by the validation action and followed by the form's question."""

    def __init__(self, core: FakeCore) -> None:
        self.core = core
        self.events: list[dict[str, Any]] = []
        self.active = False

    def _run(self, action: Any, text: str, intent: str) -> tuple[list[dict], list[dict]]:
        events, messages = run(action, make_tracker(text, intent, events=self.events))
        self.events += [bot_event(m) for m in messages]
        return events, messages

    def say(self, text: str, intent: str = "ask_question") -> list[str | None]:
        self.events.append(user_event(text, intent))
        said: list[dict[str, Any]] = []
        if not self.active:
            events, messages = self._run(ActionStartProcedure(self.core.client), text, intent)
            said += messages
            self.active = any(e["event"] == "active_loop" and e["name"] for e in events)
            if not self.active:
                return texts(said)
        else:
            self.events.append({"event": "action", "name": "procedure_form"})
            self.events.append({"event": "slot", "name": "procedure_answer", "value": text})
            events, messages = self._run(ValidateProcedureForm(self.core.client), text, intent)
            said += messages
            if next(e["value"] for e in events if e["name"] == "procedure_answer") is not None:
                self.active = False
                return texts(said)
        events, messages = self._run(ActionAskProcedureAnswer(self.core.client), text, intent)
        said += messages
        if any(e["event"] == "active_loop" and e["name"] is None for e in events):
            self.active = False
        return texts(said)


def test_a_claim_from_start_to_reference_asks_each_question_once() -> None:
    engine = ToyEngine()
    chat = Conversation(engine.core())

    assert chat.say("je veux déposer une réclamation", "file_claim") == [
        "D'accord, déposons votre réclamation.",
        TYPE_QUESTION,
    ]
    assert chat.say("Plainte") == ["Choisissez un type de la liste.", TYPE_QUESTION]
    assert chat.say("Réclamation") == [OBJECT_QUESTION]
    assert chat.say("comment joindre un fichier ?") == [
        "utter_no_answer",  # the fake guides know nothing; the question comes back
        OBJECT_QUESTION,
    ]
    assert chat.say("retour", "go_back") == [TYPE_QUESTION]
    assert chat.say("Réclamation") == [OBJECT_QUESTION]
    assert chat.say("Une facture payée deux fois") == [
        "L'objet tient en 20 caractères au plus.",
        OBJECT_QUESTION,
    ]
    assert chat.active
    assert chat.say("Facture en double") == ["Réclamation enregistrée : REC-7K2M-Q9XD."]
    assert not chat.active
    assert engine.data == {"type": "Réclamation", "object": "Facture en double"}


def test_cancelling_in_the_middle_ends_the_form() -> None:
    engine = ToyEngine()
    chat = Conversation(engine.core())
    chat.say("bghit ndir reclamation", "file_claim")

    assert chat.say("lghi", "cancel_procedure") == ["Votre réclamation est annulée."]
    assert not chat.active
    assert engine.status == "cancelled"


# ----------------------------------------------------------------------------- helpers


def test_a_long_text_without_buttons_travels_whole_as_custom_json() -> None:
    dispatcher = CollectingDispatcher()
    summary = "Récapitulatif\n\nType : Réclamation\n\nObjet : Facture"

    utter_turn(
        dispatcher,
        [
            TurnMessage(text=summary),
            TurnMessage(text=summary, buttons=[{"title": "Confirmer", "payload": "Confirmer"}]),
            TurnMessage(text="", form=CARD),
        ],
    )

    first, second, third = dispatcher.messages
    assert (first["text"], first["custom"]) == (None, {"text": summary})
    assert (second["text"], second["custom"]) == (summary, {})
    assert second["buttons"] == [{"title": "Confirmer", "payload": "Confirmer"}]
    assert (third["text"], third["custom"]) == (None, {"form": CARD})


def test_what_was_said_this_turn_stops_at_the_users_message() -> None:
    tracker = make_tracker(
        "b",
        "ask_question",
        events=[
            bot_event({"text": "avant"}),
            user_event("b", "ask_question"),
            bot_event({"text": "après"}),
        ],
    )

    assert said_this_turn(tracker) == {"après"}


def test_reset_empties_the_slot() -> None:
    events, messages = run(
        ActionResetProcedure(), make_tracker("x", "x", slots={"procedure_answer": "done"})
    )

    assert (events, messages) == (
        [{"event": "slot", "timestamp": None, "name": "procedure_answer", "value": None}],
        [],
    )


@pytest.mark.parametrize(
    ("text", "intent"),
    [("annuler", "cancel_procedure"), ("retour", "go_back"), ("go back", "go_back")],
)
def test_a_command_with_no_procedure_under_way_says_there_is_none(text: str, intent: str) -> None:
    core = FakeCore({KNOWLEDGE: {"kind": "act", "act": intent}})

    _, messages = run(ActionOutsideProcedure(core.client), make_tracker(text, intent))

    assert [m["response"] for m in messages] == ["utter_no_procedure"]
    assert [body["intent"] for body in core.bodies(KNOWLEDGE)] == [intent]


def test_a_longer_message_with_no_procedure_under_way_goes_to_the_guides() -> None:
    core = FakeCore({KNOWLEDGE: {"kind": "answer", "article": ARTICLE}})

    _, messages = run(
        ActionOutsideProcedure(core.client),
        make_tracker("comment annuler mon compte douane ?", "cancel_procedure"),
    )

    assert core.paths() == [KNOWLEDGE]
    assert "Trois étapes." in messages[0]["custom"]["text"]
