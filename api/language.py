"""Which language a user wrote in: fr, ar, en, or darija (Moroccan Arabic in Latin letters).

Arabic script is recognised by its alphabet. Darija in Latin letters has no offline
detector, so it is recognised by its own words and by "arabizi" digits standing for
Arabic sounds (3afak, m3a, wa7ed). Everything else is decided between French and
English by lingua, which ships its models inside the wheel and runs offline.
"""

import re
from functools import lru_cache
from typing import Literal

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

DetectedLang = Literal["fr", "ar", "en", "darija"]

_ARABIC_LETTER = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")
_LATIN_LETTER = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ]")
_WORD = re.compile(r"[a-z0-9']+")
# A letter, then a digit used as an Arabic sound, then a letter: m3a, wa7ed, l9it.
_ARABIZI = re.compile(r"^[a-z]*[23579][a-z]+$")

# Words that in a Latin-script message say Darija on their own.
_DARIJA_WORDS = frozenset(
    [
        "salam",
        "slm",
        "salamo",
        "salamu",
        "labas",
        "labass",
        "lbas",
        "bikhir",
        "hamdullah",
        "hamdoulah",
        "hamdolah",
        "bghit",
        "bghina",
        "bghiti",
        "kifach",
        "kifash",
        "kifch",
        "kifache",
        "chno",
        "chnou",
        "chnu",
        "achno",
        "achnou",
        "ashno",
        "wach",
        "wash",
        "3afak",
        "afak",
        "chokran",
        "choukran",
        "chukran",
        "shukran",
        "bslama",
        "besslama",
        "beslama",
        "mzyan",
        "mzian",
        "wakha",
        "waxa",
        "dyal",
        "dyali",
        "diali",
        "ntouma",
        "daba",
        "bzaf",
        "bezaf",
        "chwiya",
        "chwia",
        "khasni",
        "khassni",
        "khass",
        "kayn",
        "kayna",
        "kaynin",
        "makaynch",
        "ma3reftch",
        "3lach",
        "3lash",
        "imta",
        "fach",
        "walakin",
        "yallah",
        "hadchi",
        "hadik",
        "hadak",
        "wahed",
        "wa7ed",
        "nbdel",
        "nbddel",
        "nbeddel",
        "nlqa",
        "nl9a",
        "l9it",
        "lqit",
        "ndir",
        "n9der",
        "nqder",
        "nsift",
        "sift",
        "3tini",
        "3ndi",
        "3andi",
        "andi",
        "bach",
        "bash",
        "mazal",
        "ghadi",
        "ghir",
        "nhder",
        "nhdr",
        "tanhder",
        "ahlan",
        "lah",
        "inchallah",
        "nakhod",
        "nchouf",
        "nchof",
        "chouf",
        "bghit",
        "mnin",
        "feen",
        "fayn",
        "mochkil",
        "mouchkil",
        "machi",
        "ma3lich",
        "tbarkallah",
        "sir",
        "sbah",
        "msa",
        "lkhir",
    ]
)
# Words that are Darija but also exist in French or English: two of them are needed.
_DARIJA_AMBIGUOUS = frozenset(
    [
        "dial",
        "li",
        "ana",
        "wla",
        "hada",
        "hadi",
        "chi",
        "ach",
        "mn",
        "safi",
        "nta",
        "nti",
        "fin",
        "had",
        "sir",
    ]
)

# Words that say nothing about the language on their own.
_NEUTRAL = frozenset(["ok", "okay", "oki", "okey", "k"])
# French chat shorthand, which lingua has never seen.
_FRENCH_SHORTHAND = frozenset(
    ["slt", "bjr", "bsr", "stp", "svp", "mrc", "mrci", "dac", "jsp", "pk", "pq", "cc"]
)

_LINGUA_TO_CODE = {Language.FRENCH: "fr", Language.ENGLISH: "en"}


@lru_cache(maxsize=1)
def _detector() -> LanguageDetector:
    return (
        LanguageDetectorBuilder.from_languages(*_LINGUA_TO_CODE)
        .with_preloaded_language_models()
        .build()
    )


def _looks_like_darija(text: str) -> bool:
    words = _WORD.findall(text.lower())
    strong = sum(1 for word in words if word in _DARIJA_WORDS or _ARABIZI.match(word))
    weak = sum(1 for word in words if word in _DARIJA_AMBIGUOUS)
    return strong >= 1 or weak >= 2


def detect_language(text: str, *, default: DetectedLang = "fr") -> DetectedLang:
    """Best guess for `text`; `default` when the text says nothing (digits, "ok", emoji)."""
    arabic = len(_ARABIC_LETTER.findall(text))
    latin = len(_LATIN_LETTER.findall(text))
    if arabic == 0 and latin == 0:
        return default
    # Arabic-script messages often carry French terms ("نبدل le mot de passe"):
    # a third of the letters in Arabic script is enough to answer in Arabic.
    if arabic * 2 >= latin:
        return "ar"
    if _looks_like_darija(text):
        return "darija"
    words = set(_WORD.findall(text.lower()))
    if words <= _NEUTRAL:
        return default
    if words & _FRENCH_SHORTHAND:
        return "fr"
    confidences = _detector().compute_language_confidence_values(text)
    best = confidences[0] if confidences else None
    if best is None or best.value < 0.6:
        return default
    return _LINGUA_TO_CODE[best.language]  # type: ignore[return-value]


def warm_up() -> None:
    """Load lingua's models now rather than on the first user's turn."""
    _detector()
