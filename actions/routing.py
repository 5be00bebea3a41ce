"""Dialogue acts that first ask the core whether the message is really a question.

Rasa's NLU is sure of itself even when it is wrong (« Je peux parler au lieu d'écrire ? »
came out as goodbye with confidence 1.0), and a wrong dialogue act is worse than an
answer: « Au revoir ! » ends a conversation the user wanted to have. So every dialogue
act (greet, goodbye, thank, affirm, deny, bot_challenge, out_of_scope, ask_human,
ask_my_files) runs through one of these actions: it sends the message, the intent and
its confidence to the core's answer endpoint, and the core's routing policy
(api/knowledge/routing.py) says "act" (do what the NLU found) or answers from the guides.
If the core cannot be reached, the act is performed: it needs nothing from the core.
"""

import logging
from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import ClassVar

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.constants import SLOT_UNANSWERED_TURNS
from actions.context import current_portal, reply_language
from actions.core_client import CoreClient, CoreUnavailableError, KnowledgeAnswer
from actions.greet import ActionGreet
from actions.knowledge import intent_confidence, unanswered_turns, utter_verdict
from actions.my_files import ActionMyFiles
from actions.procedures import STILL_ASKING, start_form, utter_turn

logger = logging.getLogger(__name__)


class RoutedDialogueAct(Action, ABC):
    """Perform `intent`'s act, unless the core finds the message is a question it answers."""

    intent: ClassVar[str]

    def __init__(self, client_factory: Callable[[], CoreClient] | None = None) -> None:
        self._client_factory = client_factory or CoreClient.from_env

    # Abstract, so that rasa-sdk's executor does not register the base classes as actions.
    @abstractmethod
    def name(self) -> str: ...

    @abstractmethod
    async def perform(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
        verdict: KnowledgeAnswer | None,
    ) -> list[EventType]:
        """The act itself; `verdict` is None when the core could not be asked."""

    def routed_intent(self, tracker: Tracker) -> str:
        return self.intent

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        language = reply_language(tracker)
        try:
            verdict = await self._client_factory().answer_question(
                tracker.latest_message.get("text") or "",
                current_portal(tracker),
                language,
                intent=self.routed_intent(tracker),
                intent_confidence=intent_confidence(tracker),
                unanswered_turns=unanswered_turns(tracker),
                session_id=tracker.sender_id,
            )
        except CoreUnavailableError as exc:
            logger.warning("Routing %s without the core: %s", self.routed_intent(tracker), exc)
            return await self.perform(dispatcher, tracker, domain, None)
        if verdict.kind == "act" and verdict.act == "ask_my_files" and self.intent != verdict.act:
            # The message names one of the user's files (a claim's reference).
            return await ActionMyFiles(self._client_factory).run(dispatcher, tracker, domain)
        if verdict.kind == "act":
            return await self.perform(dispatcher, tracker, domain, verdict)
        events = utter_verdict(dispatcher, verdict, language)
        if verdict.then_act:
            events += await self.perform(dispatcher, tracker, domain, verdict)
        return events


class RoutedResponse(RoutedDialogueAct, ABC):
    """An act that is one response of the domain."""

    response: ClassVar[str]

    async def perform(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
        verdict: KnowledgeAnswer | None,
    ) -> list[EventType]:
        dispatcher.utter_message(response=self.response)
        return []


class ActionRouteGoodbye(RoutedResponse):
    intent = "goodbye"
    response = "utter_goodbye"

    def name(self) -> str:
        return "action_route_goodbye"


class ActionRouteThank(RoutedResponse):
    intent = "thank"
    response = "utter_you_are_welcome"

    def name(self) -> str:
        return "action_route_thank"


class ActionRouteAffirm(RoutedResponse):
    intent = "affirm"
    response = "utter_affirm_ack"

    def name(self) -> str:
        return "action_route_affirm"


class ActionRouteDeny(RoutedResponse):
    intent = "deny"
    response = "utter_deny_ack"

    def name(self) -> str:
        return "action_route_deny"


class ActionRouteBotChallenge(RoutedResponse):
    intent = "bot_challenge"
    response = "utter_iamabot"

    def name(self) -> str:
        return "action_route_bot_challenge"


class ActionRouteAskHuman(RoutedDialogueAct):
    """A person is asked for: the core says what will happen (queue position, expected
    wait) and asks for confirmation, or, nobody being available, gives the phone and starts
    the contact form (the procedure form then takes the answers). Without the core: how to
    reach PORTNET support."""

    intent = "ask_human"

    def name(self) -> str:
        return "action_route_ask_human"

    async def perform(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
        verdict: KnowledgeAnswer | None,
    ) -> list[EventType]:
        try:
            turn = await self._client_factory().offer_handoff(
                tracker.sender_id, reason=handoff_reason(tracker)
            )
        except CoreUnavailableError as exc:
            logger.warning("No handoff offer, the core could not be asked: %s", exc)
            dispatcher.utter_message(response="utter_ask_human")
            return []
        utter_turn(dispatcher, turn.messages, act=self.intent)
        if turn.status in STILL_ASKING:
            # The contact form (nobody available): its answers go through the form.
            return start_form()
        return []


# The response that offers an agent after answers that found nothing (actions/knowledge.py).
NO_ANSWER_OFFER = "utter_offer_human"


def handoff_reason(tracker: Tracker) -> str:
    """Why the user asks for a person, from the bot's previous turn: it answered a topic
    only an agent can settle (`agent_only`), it offered one after answers that found
    nothing (`no_answer`), or the user just asked (`asked`)."""
    seen_user = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            if seen_user:
                break
            seen_user = True
        elif event.get("event") == "bot" and seen_user:
            data = event.get("data") or {}
            custom = data.get("custom") if isinstance(data, dict) else None
            if isinstance(custom, dict) and custom.get("agent_only"):
                return "agent_only"
            metadata = event.get("metadata") or {}
            if metadata.get("utter_action") == NO_ANSWER_OFFER:
                return "no_answer"
    return "asked"


class ActionRouteGreet(RoutedDialogueAct):
    intent = "greet"

    def name(self) -> str:
        return "action_route_greet"

    async def perform(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
        verdict: KnowledgeAnswer | None,
    ) -> list[EventType]:
        return await ActionGreet(self._client_factory).run(dispatcher, tracker, domain)


class ActionRouteMyFiles(RoutedDialogueAct):
    intent = "ask_my_files"

    def name(self) -> str:
        return "action_route_my_files"

    async def perform(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
        verdict: KnowledgeAnswer | None,
    ) -> list[EventType]:
        return await ActionMyFiles(self._client_factory).run(dispatcher, tracker, domain)


class ActionDeclineOutOfScope(RoutedDialogueAct):
    """Say politely what TijarIA is for, or offer a human agent when the core's no-answer
    rule says so (declining counts as a turn without an answer)."""

    intent = "out_of_scope"

    def name(self) -> str:
        return "action_decline_out_of_scope"

    async def perform(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
        verdict: KnowledgeAnswer | None,
    ) -> list[EventType]:
        if verdict is None:
            dispatcher.utter_message(response="utter_out_of_scope")
            return []
        dispatcher.utter_message(
            response="utter_offer_human" if verdict.offer_human else "utter_out_of_scope"
        )
        return [SlotSet(SLOT_UNANSWERED_TURNS, float(verdict.unanswered_turns))]


class ActionOutsideProcedure(RoutedDialogueAct):
    """« annuler » / « retour » with no procedure under way: the core's routing tells the
    command (there is nothing to cancel) from a question for the guides (« comment annuler
    mon compte ? »), as for any dialogue act."""

    intent = "cancel_procedure"

    def name(self) -> str:
        return "action_outside_procedure"

    def routed_intent(self, tracker: Tracker) -> str:
        said = (tracker.latest_message.get("intent") or {}).get("name")
        return said if said in ("cancel_procedure", "go_back") else self.intent

    async def perform(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
        verdict: KnowledgeAnswer | None,
    ) -> list[EventType]:
        dispatcher.utter_message(response="utter_no_procedure")
        return []
