"""Portals named in a question ("sur le portail Banques", "customs portal", "بوابة الجمارك").

A named portal says *where* the user is asking about, not *what*: the retriever boosts
that portal's articles (it wins over the page the widget is on) and matches the topic on
the question without the portal's name, which otherwise pulls every question towards
the portal's overview article.
"""

import re

from knowledge.text import fold

PORTALS = ("pmpce", "douane", "mic", "banques", "rnoce")

# "le portail des", "the portal of", "بوابة", "lportail dyal"… before a portal's name.
_PORTAL_WORD = (
    r"(?:(?:le |du |au |sur le |dans le |on the |in the |to the |the )?"
    r"(?:portail|portal|site|plateforme|platform|بوابه|البوابه|لبوابه|ببوابه|منصه|المنصه|lportail|portay)s?\s*"
    r"(?:de la |de l'|des |du |de |d'|of the |of |dyal |d )?)"
)

# Each pattern is matched on folded text (lower case, no accents, Arabic letters folded).
_MENTIONS: dict[str, tuple[str, ...]] = {
    "pmpce": (
        rf"{_PORTAL_WORD}?\bpmpce\b",
        rf"{_PORTAL_WORD}?\bcommerce exterieur\b",
        rf"{_PORTAL_WORD}?\b(?:foreign|external) trade\b(?: portal)?",
        rf"{_PORTAL_WORD}?(?:ال)?تجاره (?:ال)?خارجيه",
        rf"{_PORTAL_WORD}?\btijara (?:l ?)?kharij\w*",
    ),
    "douane": (
        rf"{_PORTAL_WORD}(?:douanes?|douanier|customs|(?:ال)?جمارك|diwana|dwana|douana)\b",
        r"\bcustoms portal\b",
        r"\bportail douane\b",
    ),
    "mic": (
        rf"{_PORTAL_WORD}mic\b",
        r"\bmic portal\b",
    ),
    "banques": (
        rf"{_PORTAL_WORD}(?:banques?|bancaire|banks?|(?:ال)?ابناك|(?:ال)?بنوك|lbanka|labanque)\b",
        r"\bbanks? portal\b",
    ),
    "rnoce": (
        r"\brnoce\b",
        r"\bsouscription\.portnet\.ma\b",
        rf"{_PORTAL_WORD}(?:de |d')?(?:souscription|inscription)(?: des operateurs)?\b",
        r"\b(?:subscription|registration) (?:platform|portal|site|website)\b",
        r"منصه (?:ال)?(?:اشتراك|تسجيل)",
    ),
}
_COMPILED = {portal: [re.compile(p) for p in patterns] for portal, patterns in _MENTIONS.items()}
# "MIC" alone names the portal only in capitals ("mic" is also a microphone).
_MIC_ACRONYM = re.compile(r"\bMIC\b")


def mentioned(text: str) -> list[str]:
    """The portals a question names, in the order of PORTALS."""
    folded = fold(text)
    found = [
        portal for portal, patterns in _COMPILED.items() if any(p.search(folded) for p in patterns)
    ]
    if "mic" not in found and _MIC_ACRONYM.search(text):
        found.append("mic")
    return [portal for portal in PORTALS if portal in found]


def without_mentions(text: str) -> str:
    """The question with the portal names taken out (folded), for matching the topic alone."""
    folded = fold(text)
    for patterns in _COMPILED.values():
        for pattern in patterns:
            folded = pattern.sub(" ", folded)
    folded = re.sub(r"\bmic\b", " ", folded) if _MIC_ACRONYM.search(text) else folded
    return " ".join(folded.split())
