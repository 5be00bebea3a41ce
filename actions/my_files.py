""" "Where is my claim?": personal questions need to know who is asking.

The core puts the signed-in user's role and display name in the message metadata
(never the token); ``action_extract_metadata_slots`` copies them into slots. An
anonymous user gets a "Se connecter" button, which the widget turns into its
sign-in dialog; once signed in, the widget asks the question again.
"""

from collections.abc import Callable

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.constants import SLOT_USER_DISPLAY_NAME, SLOT_USER_ROLE
from actions.core_client import CoreClient
from actions.knowledge import ActionAnswerQuestion


def is_bare_topic(text: str) -> bool:
    """One word (« réclamation ») names a topic, not the user's own file: the guides'
    clarifying choice serves it better than a request to sign in."""
    return len(text.split()) <= 1


class ActionMyFiles(Action):
    def __init__(self, client_factory: Callable[[], CoreClient] | None = None) -> None:
        # Answering from the guides here, not by a follow-up action, keeps the rules simple.
        self._answer_question = ActionAnswerQuestion(client_factory)

    def name(self) -> str:
        return "action_my_files"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[EventType]:
        if is_bare_topic(tracker.latest_message.get("text") or ""):
            return await self._answer_question.run(dispatcher, tracker, domain)
        if not tracker.get_slot(SLOT_USER_ROLE):
            dispatcher.utter_message(response="utter_ask_login")
            return []
        # Claims and subscriptions are not yet reachable from the chat: say so
        # plainly rather than pretend there is nothing.
        dispatcher.utter_message(
            response="utter_my_files_not_yet",
            user_display_name=tracker.get_slot(SLOT_USER_DISPLAY_NAME) or "",
        )
        return []
