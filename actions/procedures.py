"""Procedures (démarches) in conversation: thin relays to the core's procedures engine.

The core owns every procedure: its steps, fields, choices, rules, drafts and what a text
means inside one (an answer, « annuler », « retour », a question about the guides). Rasa
holds one form, ``procedure_form``, with one slot, ``procedure_answer``, filled from the
user's text whatever the intent; these actions pass it on and say what the core answers:

- ``action_start_procedure`` (rule on ``file_claim`` / ``resume_procedure``): asks the
  core to start the procedure the intent names (or resume the draft the text names), says
  its messages, and activates the form when the core asks a question (a message the core
  reads as a question about the guides is answered from them instead);
- ``action_ask_procedure_answer`` (the form's question): the core's current question;
- ``validate_procedure_form``: sends the answer with the NLU's intent and confidence and
  the message's ``form`` / ``attachments`` metadata (a form card, uploaded files). While
  the core keeps asking, the slot is emptied so that the form asks again; a question about
  the guides is answered first; once the draft is done, cancelled or handed to a human,
  the slot is filled and the form ends (``action_reset_procedure`` then empties it);
- ``action_outside_procedure`` (actions/routing.py): « annuler » / « retour » with no
  procedure under way, a routed dialogue act.

Who is talking is the core's business (the conversation's signed-in owner): nothing here
reads it from slots or metadata.
"""

import json
import logging
from collections.abc import Callable, Iterable
from typing import Any, Final

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.core_client import BotTurn, CoreClient, CoreUnavailableError, TurnMessage
from actions.knowledge import ActionAnswerQuestion, intent_confidence

logger = logging.getLogger(__name__)

FORM: Final = "procedure_form"
SLOT_ANSWER: Final = "procedure_answer"
REQUESTED_SLOT: Final = "requested_slot"
# The core is still asking: the form asks its question again.
STILL_ASKING: Final = frozenset({"asking", "refused"})
# Upload ids the core checks (same session, type, size); a bound on what is forwarded.
MAX_ATTACHMENTS: Final = 20
MAX_ATTACHMENT_ID_CHARS: Final = 128


def message_key(text: str | None, form: Any) -> str:
    """What identifies a message within a turn: its text, or its form card."""
    if text:
        return text.strip()
    return json.dumps(form, sort_keys=True, ensure_ascii=False) if form else ""


def said_this_turn(tracker: Tracker) -> set[str]:
    """Keys of what the bot already said since the user's last message."""
    said: set[str] = set()
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            break
        if event.get("event") == "bot":
            data = event.get("data") or {}
            custom = data.get("custom") if isinstance(data, dict) else None
            form = custom.get("form") if isinstance(custom, dict) else None
            said.add(message_key(event.get("text"), form))
    return said


def utter_turn(
    dispatcher: CollectingDispatcher,
    messages: Iterable[TurnMessage],
    *,
    skip: set[str] | None = None,
    act: str | None = None,
) -> None:
    """The core's messages, as the chat contract carries them (a form card as custom JSON
    beside the text; a long text as custom JSON too, which Rasa does not cut at blank lines).
    `act` names the dialogue act they perform (« ask_human » for the handoff offer): Rasa
    keeps it in the bot event's metadata, so the tracker says what the bot did."""
    marked: dict[str, Any] = {"act": act} if act else {}
    for message in messages:
        if skip is not None and message_key(message.text, message.form) in skip:
            continue
        buttons = [button.model_dump() for button in message.buttons]
        extra: dict[str, Any] = {"form": message.form} if message.form else {}
        if message.sources:
            extra["sources"] = [source.model_dump() for source in message.sources]
        if not buttons and "\n\n" in message.text:
            dispatcher.utter_message(json_message={"text": message.text, **extra}, **marked)
        elif message.text or buttons:
            dispatcher.utter_message(
                text=message.text or None, buttons=buttons, json_message=extra or None, **marked
            )
        elif extra:
            dispatcher.utter_message(json_message=extra, **marked)


def utter_outcome(dispatcher: CollectingDispatcher, turn: BotTurn) -> None:
    """Messages of a turn that ends the procedure (a handoff also says how to reach one)."""
    utter_turn(dispatcher, turn.messages)
    if turn.status == "human" and not turn.messages:
        # The core adds its handoff offer; without it, how to reach PORTNET support.
        dispatcher.utter_message(response="utter_ask_human")
    elif turn.status == "login_required" and not turn.messages:
        dispatcher.utter_message(response="utter_ask_login")


def message_metadata(tracker: Tracker) -> tuple[dict[str, Any] | None, list[str]]:
    """The latest message's form card answer and upload ids (the core checks both)."""
    metadata = (tracker.latest_message or {}).get("metadata")
    if not isinstance(metadata, dict):
        return None, []
    form = metadata.get("form")
    attachments = metadata.get("attachments")
    ids = (
        [a for a in attachments if isinstance(a, str) and 0 < len(a) <= MAX_ATTACHMENT_ID_CHARS][
            :MAX_ATTACHMENTS
        ]
        if isinstance(attachments, list)
        else []
    )
    return (form if isinstance(form, dict) else None), ids


def intent_name(tracker: Tracker) -> str | None:
    name = (tracker.latest_message.get("intent") or {}).get("name")
    return name if isinstance(name, str) and name else None


class ActionStartProcedure(Action):
    """Start (or resume) a procedure in the core; activate the form when it asks."""

    def __init__(self, client_factory: Callable[[], CoreClient] | None = None) -> None:
        self._client_factory = client_factory or CoreClient.from_env
        self._answer_question = ActionAnswerQuestion(client_factory)

    def name(self) -> str:
        return "action_start_procedure"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        try:
            turn = await self._client_factory().start_procedure(
                tracker.sender_id,
                intent=intent_name(tracker) or "",
                text=tracker.latest_message.get("text") or "",
            )
        except CoreUnavailableError as exc:
            logger.warning("Procedure not started, the core could not be asked: %s", exc)
            dispatcher.utter_message(response="utter_procedure_unavailable")
            return []
        if turn.status == "digression":
            # The core reads the message as a question (« comment déposer une réclamation ? »):
            # answered from the guides, nothing started.
            return await self._answer_question.run(dispatcher, tracker, domain)
        if turn.status not in STILL_ASKING:
            utter_outcome(dispatcher, turn)
            return []
        utter_turn(dispatcher, turn.messages)
        # The form takes the next message; its first question was just asked, so its ask
        # action finds nothing new to say this turn.
        return [
            SlotSet(SLOT_ANSWER, None),
            ActiveLoop(FORM),
            SlotSet(REQUESTED_SLOT, SLOT_ANSWER),
        ]


def start_form() -> list[EventType]:
    """The form takes the next message; its first question was just asked."""
    return [SlotSet(SLOT_ANSWER, None), ActiveLoop(FORM), SlotSet(REQUESTED_SLOT, SLOT_ANSWER)]


class ActionAskProcedureAnswer(Action):
    """The form's question: what the core asks now (unless already said this turn)."""

    def __init__(self, client_factory: Callable[[], CoreClient] | None = None) -> None:
        self._client_factory = client_factory or CoreClient.from_env

    def name(self) -> str:
        return "action_ask_procedure_answer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        try:
            turn = await self._client_factory().procedure_prompt(tracker.sender_id)
        except CoreUnavailableError as exc:
            logger.warning("No procedure question, the core could not be asked: %s", exc)
            dispatcher.utter_message(response="utter_procedure_unavailable")
            return end_form()
        if turn.status in STILL_ASKING:
            utter_turn(dispatcher, turn.messages, skip=said_this_turn(tracker))
            return []
        # Nothing left to ask (the draft was confirmed or cancelled elsewhere, the user
        # signed out): say so and end the form.
        utter_outcome(dispatcher, turn)
        return end_form()


def end_form() -> list[EventType]:
    return [SlotSet(REQUESTED_SLOT, None), ActiveLoop(None)]


class ValidateProcedureForm(FormValidationAction):
    """Relay each answer to the core; the slot stays empty while the core keeps asking."""

    def __init__(self, client_factory: Callable[[], CoreClient] | None = None) -> None:
        self._client_factory = client_factory or CoreClient.from_env
        self._answer_question = ActionAnswerQuestion(client_factory)

    def name(self) -> str:
        return "validate_procedure_form"

    async def validate_procedure_answer(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        text = slot_value if isinstance(slot_value, str) else ""
        form, attachments = message_metadata(tracker)
        try:
            turn = await self._client_factory().procedure_answer(
                tracker.sender_id,
                text=text,
                intent=intent_name(tracker),
                confidence=intent_confidence(tracker),
                form=form,
                attachments=attachments,
            )
        except CoreUnavailableError as exc:
            logger.warning("Answer not relayed, the core could not be asked: %s", exc)
            dispatcher.utter_message(response="utter_procedure_unavailable")
            return {SLOT_ANSWER: "unavailable"}
        if turn.status == "asking":
            # The answer was taken; the form's ask action says the next question.
            return {SLOT_ANSWER: None}
        if turn.status == "refused":
            # The rule that refused it; the question comes again from the ask action.
            utter_turn(dispatcher, turn.messages)
            return {SLOT_ANSWER: None}
        if turn.status == "digression":
            # A question about the guides in the middle: answered, then asked again.
            events = await self._answer_question.run(dispatcher, tracker, domain)
            slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
            return {**slots, SLOT_ANSWER: None}
        utter_outcome(dispatcher, turn)
        return {SLOT_ANSWER: turn.status}


class ActionResetProcedure(Action):
    """After the form: empty its slot, so the next procedure starts with a fresh one."""

    def name(self) -> str:
        return "action_reset_procedure"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        return [SlotSet(SLOT_ANSWER, None)]
