"""Text normalisation shared by indexing and querying, for French, English, Arabic and Darija."""

import re
import unicodedata

_TOKEN = re.compile(r"[\w]+", re.UNICODE)
_ARABIC_DIACRITICS = re.compile(r"[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]")
_ARABIC_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي"})
# Function words that match everything and say nothing.
_STOPWORDS = (
    """
    le la les un une des du de d l et ou a à au aux en dans sur pour par avec sans ce cet cette ces
    mon ma mes ton ta tes son sa ses notre nos votre vos leur leurs je tu il elle on nous vous ils
    elles me te se qui que quoi quel quelle quels quelles est sont être ai as avez ont faire fait
    comment où ou quand pourquoi combien puis peut peux pouvez dois doit faut ne pas plus y c s n
    qu j m t svp stp merci bonjour
    the a an of to in on for by with without is are be do does did how what where when why which
    who can could should i my me you your it its this that these those and or at from please
    في من على الى إلى عن مع هل ما ماذا كيف اين أين متى لماذا هو هي انا أنا انت أنت هذا هذه ذلك التي الذي او أو و
    wach ach chno chnou kifach fin li dyal dial l ana bghit 3afak afak
    """.split()
)


def fold(text: str) -> str:
    """Lower case, no French accents, Arabic letters folded to their common form."""
    text = _ARABIC_DIACRITICS.sub("", text.lower()).translate(_ARABIC_FOLD)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _stem(token: str) -> str:
    # Plural and feminine endings; enough to match "factures"/"facture", "operators"/"operator".
    if token.isascii() and len(token) > 4:
        for suffix in ("es", "s", "e"):
            if token.endswith(suffix):
                return token[: -len(suffix)]
    if not token.isascii() and token.startswith("ال") and len(token) > 4:
        return token[2:]
    return token


STOPWORDS = frozenset(fold(word) for word in _STOPWORDS)


def tokens(text: str) -> list[str]:
    return [_stem(tok) for tok in _TOKEN.findall(fold(text)) if tok not in STOPWORDS]
