"""Validated conversation context (reply language, portal) read from the tracker."""

from typing import Any

from rasa_sdk import Tracker

from actions.constants import (
    DEFAULT_LANGUAGE,
    DEFAULT_PORTAL,
    SLOT_LANGUAGE,
    SLOT_PORTAL,
    SUPPORTED_LANGUAGES,
    SUPPORTED_PORTALS,
)


def normalize_language(value: Any) -> str | None:
    """Return a supported reply language code (``fr``/``ar``/``en``) or None.

    Accepts case and region variants (``"FR"``, ``"en-GB"``, ``"ar_MA"``).
    """
    if not isinstance(value, str):
        return None
    code = value.strip().lower().replace("_", "-").split("-", 1)[0]
    return code if code in SUPPORTED_LANGUAGES else None


def normalize_portal(value: Any) -> str | None:
    """Return a known portal code or None."""
    if not isinstance(value, str):
        return None
    code = value.strip().lower()
    return code if code in SUPPORTED_PORTALS else None


def reply_language(tracker: Tracker) -> str:
    """The language to answer in: the ``language`` slot, French if unset or invalid."""
    return normalize_language(tracker.get_slot(SLOT_LANGUAGE)) or DEFAULT_LANGUAGE


def current_portal(tracker: Tracker) -> str:
    """The portal the user chats from: the ``portal`` slot, PMPCE if unset or invalid."""
    return normalize_portal(tracker.get_slot(SLOT_PORTAL)) or DEFAULT_PORTAL
