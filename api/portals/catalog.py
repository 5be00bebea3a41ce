"""The five PORTNET portals TijarIA lives in, with their names in each reply language.

This is the one list of portals: the chat contract, the error messages, the voice form,
the demo pages and the widget's config (GET /api/v1/widget/config) read it from here.
Three copies live where this module cannot be imported, and tests/api/test_portals.py
checks they match it: domain.yml (Rasa's `portal` slot), actions/constants.py (the action
server asks the core nothing for it) and knowledge/portals.py (knowledge/ imports no api/).
"""

from typing import Literal, get_args

PortalCode = Literal["pmpce", "douane", "mic", "banques", "rnoce"]
PORTAL_CODES: tuple[PortalCode, ...] = get_args(PortalCode)
DEFAULT_PORTAL: PortalCode = "pmpce"

PORTAL_NAMES: dict[str, dict[str, str]] = {
    "pmpce": {
        "fr": "portail Commerce Extérieur (PMPCE)",
        "ar": "بوابة التجارة الخارجية (PMPCE)",
        "en": "Foreign Trade portal (PMPCE)",
    },
    "douane": {"fr": "portail Douane", "ar": "بوابة الجمارك", "en": "Customs portal"},
    "mic": {
        "fr": "portail MIC",
        "ar": "بوابة وزارة الصناعة والتجارة (MIC)",
        "en": "MIC portal",
    },
    "banques": {"fr": "portail Banques", "ar": "بوابة البنوك", "en": "Banks portal"},
    "rnoce": {
        "fr": "portail RNOCE de souscription des opérateurs",
        "ar": "بوابة RNOCE لاكتتاب المتعاملين",
        "en": "RNOCE operator subscription portal",
    },
}


def portal_name(code: str, lang: str) -> str:
    names = PORTAL_NAMES[code]
    return names.get(lang, names["fr"])
