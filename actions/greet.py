"""Greet the user with the localized name of the portal they chat from."""

import logging
from collections.abc import Callable, Mapping
from typing import Final

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.context import current_portal, reply_language
from actions.core_client import CoreClient, CoreUnavailableError

logger = logging.getLogger(__name__)

# Used when the core cannot tell the portal's name.
FALLBACK_PORTAL_NAMES: Final[Mapping[str, str]] = {
    "fr": "portail PORTNET",
    "ar": "بوابة PORTNET",
    "en": "PORTNET portal",
}


class ActionGreet(Action):
    """``utter_greet`` with ``portal_name`` asked from the core (fallback: PORTNET)."""

    def __init__(self, client_factory: Callable[[], CoreClient] | None = None) -> None:
        self._client_factory = client_factory or CoreClient.from_env

    def name(self) -> str:
        return "action_greet"

    async def portal_name(self, portal: str, language: str) -> str:
        try:
            info = await self._client_factory().get_portal(portal, language)
        except CoreUnavailableError as exc:
            logger.warning("Greeting with the fallback portal name: %s", exc)
            return FALLBACK_PORTAL_NAMES[language]
        return info.name

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[EventType]:
        language = reply_language(tracker)
        name = await self.portal_name(current_portal(tracker), language)
        dispatcher.utter_message(response="utter_greet", portal_name=name)
        return []
