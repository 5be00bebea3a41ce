"""Values shared by the actions: slot names, languages and portals."""

from typing import Final

SLOT_LANGUAGE: Final = "language"
SLOT_PORTAL: Final = "portal"
SLOT_USER_ROLE: Final = "user_role"
SLOT_USER_DISPLAY_NAME: Final = "user_display_name"
# Turns in a row TijarIA could not answer; a human agent is offered after two.
SLOT_UNANSWERED_TURNS: Final = "unanswered_turns"

# Languages TijarIA replies in (Darija is understood, answered in French).
SUPPORTED_LANGUAGES: Final[frozenset[str]] = frozenset({"fr", "ar", "en"})
DEFAULT_LANGUAGE: Final = "fr"

SUPPORTED_PORTALS: Final[frozenset[str]] = frozenset({"pmpce", "douane", "mic", "banques", "rnoce"})
DEFAULT_PORTAL: Final = "pmpce"
