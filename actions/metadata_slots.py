"""Fill the context slots from the REST message metadata on every user turn.

The core sends, with each message::

    {"portal": "douane", "language": "fr", "detected_language": "darija",
     "user": null | {"role": "...", "display_name": "...", ...},
     "support_phone": "+212 …"}

``language`` is the reply language (fr/ar/en). Missing or invalid values keep
the slot's previous value; ``"user": null`` clears ``user_role`` and
``user_display_name`` (signed out). This action is the custom slot mapping of
the ``language``, ``portal``, ``user_role`` and ``user_display_name`` slots
(domain.yml), run by ``action_extract_slots``.

The user slots are a record of what the core said with a message, nothing more:
no action decides who is talking from them (or from metadata). Actions that need
to know ask the core (``CoreClient.get_identity``), which knows who owns the
conversation now.
"""

from collections.abc import Mapping
from typing import Any, Final

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.constants import SLOT_LANGUAGE, SLOT_PORTAL, SLOT_USER_DISPLAY_NAME, SLOT_USER_ROLE
from actions.context import normalize_language, normalize_portal

MAX_ROLE_LENGTH: Final = 64
MAX_DISPLAY_NAME_LENGTH: Final = 200
# The core's TIJARIA_SUPPORT_PHONE, shown by the responses as {support_phone}.
SLOT_SUPPORT_PHONE: Final = "support_phone"
MAX_SUPPORT_PHONE_LENGTH: Final = 40

_MISSING: Final = object()


def _role_from_user(user: Any) -> object:
    """The role to store, None to clear it, or ``_MISSING`` to keep the slot."""
    if user is None:
        return None
    if not isinstance(user, Mapping):
        return _MISSING
    role = user.get("role")
    if role is None:
        return None
    if isinstance(role, str) and 0 < len(role.strip()) <= MAX_ROLE_LENGTH:
        return role.strip()
    return _MISSING


def _display_name_from_user(user: Mapping[str, Any]) -> str | None:
    name = user.get("display_name")
    if isinstance(name, str) and 0 < len(name.strip()) <= MAX_DISPLAY_NAME_LENGTH:
        return name.strip()
    return None


def slot_values_from_metadata(metadata: Any) -> dict[str, Any]:
    """The slot values the metadata validly provides (absent keys are left alone)."""
    if not isinstance(metadata, Mapping):
        return {}
    values: dict[str, Any] = {}
    language = normalize_language(metadata.get("language"))
    if language is not None:
        values[SLOT_LANGUAGE] = language
    portal = normalize_portal(metadata.get("portal"))
    if portal is not None:
        values[SLOT_PORTAL] = portal
    phone = metadata.get("support_phone")
    if isinstance(phone, str) and 0 < len(phone.strip()) <= MAX_SUPPORT_PHONE_LENGTH:
        values[SLOT_SUPPORT_PHONE] = phone.strip()
    if "user" in metadata:
        role = _role_from_user(metadata["user"])
        if role is not _MISSING:
            values[SLOT_USER_ROLE] = role
            # A name only means something for a signed-in user (one with a role).
            values[SLOT_USER_DISPLAY_NAME] = (
                _display_name_from_user(metadata["user"]) if role is not None else None
            )
    return values


class ActionExtractMetadataSlots(Action):
    """Custom slot mapping: language, portal and the signed-in user from metadata."""

    def name(self) -> str:
        return "action_extract_metadata_slots"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[EventType]:
        metadata = (tracker.latest_message or {}).get("metadata")
        return [
            SlotSet(slot, value)
            for slot, value in slot_values_from_metadata(metadata).items()
            if tracker.get_slot(slot) != value
        ]
