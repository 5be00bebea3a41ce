""" "Where is my claim?": personal questions need to know who is asking.

Who is asking is the core's answer, asked on every such question
(``CoreClient.get_identity``): the conversation's owner while they are signed in,
else nobody. Never the ``user_role`` / ``user_display_name`` slots or the message
metadata: they say who was talking when they were written, and a forged call to
Rasa or to the action server can put anything there. If the core cannot be
asked, the user counts as anonymous (asked to sign in), never as someone.

An anonymous user gets a "Se connecter" button, which the widget turns into its
sign-in dialog; once signed in, the widget asks the question again.
"""

import logging
from collections.abc import Callable

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.core_client import ConversationUser, CoreClient, CoreUnavailableError
from actions.knowledge import ActionAnswerQuestion

logger = logging.getLogger(__name__)


def is_bare_topic(text: str) -> bool:
    """One word (« réclamation ») names a topic, not the user's own file: the guides'
    clarifying choice serves it better than a request to sign in."""
    return len(text.split()) <= 1


async def current_user(client: CoreClient, tracker: Tracker) -> ConversationUser | None:
    """The signed-in owner of this conversation according to the core, or None."""
    try:
        return (await client.get_identity(tracker.sender_id)).user
    except CoreUnavailableError as exc:
        logger.warning("Treating the user as anonymous, the core could not say who: %s", exc)
        return None


class ActionMyFiles(Action):
    def __init__(self, client_factory: Callable[[], CoreClient] | None = None) -> None:
        self._client_factory = client_factory or CoreClient.from_env
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
        user = await current_user(self._client_factory(), tracker)
        if user is None:
            dispatcher.utter_message(response="utter_ask_login")
            return []
        # Claims and subscriptions are not yet reachable from the chat: say so
        # plainly rather than pretend there is nothing.
        dispatcher.utter_message(
            response="utter_my_files_not_yet",
            user_display_name=user.display_name,
        )
        return []
