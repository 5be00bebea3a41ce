"""The five PORTNET portals TijarIA lives in, with their names in each reply language."""

from typing import Literal

PortalCode = Literal["pmpce", "douane", "mic", "banques", "rnoce"]
PORTAL_CODES: tuple[PortalCode, ...] = ("pmpce", "douane", "mic", "banques", "rnoce")

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
