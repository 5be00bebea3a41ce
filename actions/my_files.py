""" "Where is my claim?": personal questions need to know who is asking.

Who is asking is the core's answer, asked on every such question
(``CoreClient.get_identity``): the conversation's owner while they are signed in,
else nobody. Never the ``user_role`` / ``user_display_name`` slots or the message
metadata: they say who was talking when they were written, and a forged call to
Rasa or to the action server can put anything there. If the core cannot be
asked, the user counts as anonymous (asked to sign in), never as someone.

An anonymous user gets a "Se connecter" button, which the widget turns into its
sign-in dialog; once signed in, the widget asks the question again.

A signed-in user's files are the core's answer too (``GET /internal/files/lookup``,
which finds the owner from the conversation and reads the message): the claim or portal
file named by its reference (REC-…, a N° DFD, a N° facture…), a kind of file in a status
(« quels titres sont échus ? »), a ship, else their latest files, each a button. A
« Mes factures » button sends the ``file_kind`` entity.
"""

import logging
import re
from collections.abc import Callable
from typing import Final

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.context import reply_language
from actions.core_client import ConversationUser, CoreClient, CoreUnavailableError
from actions.knowledge import ActionAnswerQuestion
from actions.procedures import utter_turn

logger = logging.getLogger(__name__)

ENTITY_CLAIM_REFERENCE: Final = "claim_reference"
ENTITY_FILE_KIND: Final = "file_kind"
# The same pattern as the NLU's regex (data/nlu/personal.yml), for a reference the NLU
# did not tag; the core decides whether it names one of the user's claims.
CLAIM_REFERENCE: Final = re.compile(r"\bREC-[0-9A-Za-z]{4}-[0-9A-Za-z]{4}\b", re.IGNORECASE)


def claim_reference(tracker: Tracker) -> str | None:
    """The claim reference of the message: the NLU's entity, else one found in the text."""
    for value in tracker.get_latest_entity_values(ENTITY_CLAIM_REFERENCE):
        if isinstance(value, str) and CLAIM_REFERENCE.fullmatch(value.strip()):
            return value.strip().upper()
    found = CLAIM_REFERENCE.search(tracker.latest_message.get("text") or "")
    return found.group(0).upper() if found else None


def file_kind(tracker: Tracker) -> str | None:
    """The kind of file a « Mes factures » button asks for (the core checks the value)."""
    value = next(tracker.get_latest_entity_values(ENTITY_FILE_KIND), None)
    return value if isinstance(value, str) and value else None


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
        text = tracker.latest_message.get("text") or ""
        kind = file_kind(tracker)
        if kind is None and claim_reference(tracker) is None and is_bare_topic(text):
            return await self._answer_question.run(dispatcher, tracker, domain)
        client = self._client_factory()
        try:
            turn = await client.my_files(
                tracker.sender_id, text=text, language=reply_language(tracker), kind=kind
            )
        except CoreUnavailableError as exc:
            logger.warning("Files lookup unavailable: %s", exc)
            user = await current_user(client, tracker)
            if user is None:
                dispatcher.utter_message(response="utter_ask_login")
                return []
            dispatcher.utter_message(
                response="utter_my_files_unavailable", user_display_name=user.display_name
            )
            return []
        if turn.status == "login_required":
            # The domain's own sign-in request: the « Se connecter » button the widget knows.
            dispatcher.utter_message(response="utter_ask_login")
            return []
        utter_turn(dispatcher, turn.messages)
        return []
