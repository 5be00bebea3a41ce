"""Text normalisation shared by indexing and querying, for French, English, Arabic and Darija.

`tokens()` turns any text into the terms BM25 counts: folded (case, accents, Arabic
letter variants), function words dropped, and lightly stemmed so that inflected forms
meet ("factures"/"facture", "changed"/"changer", "والجمارك"/"الجمارك"). Stemming is
applied identically to articles and questions, so a crude stem is harmless as long
as it does not merge unrelated words.
"""

import re
import unicodedata

_WORD = re.compile(r"\w+", re.UNICODE)
_ARABIC_DIACRITICS = re.compile(r"[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]")
_ARABIC_FOLD = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي"}
)
_REPEATED_LETTER = re.compile(r"([a-z])\1+")

# Function words that match everything and say nothing (French, English, Arabic, Darija).
_STOPWORDS = [
    "le",
    "la",
    "les",
    "un",
    "une",
    "des",
    "du",
    "de",
    "d",
    "l",
    "et",
    "ou",
    "a",
    "à",
    "au",
    "aux",
    "en",
    "dans",
    "sur",
    "pour",
    "par",
    "avec",
    "sans",
    "ce",
    "cet",
    "cette",
    "ces",
    "mon",
    "ma",
    "mes",
    "ton",
    "ta",
    "tes",
    "son",
    "sa",
    "ses",
    "notre",
    "nos",
    "votre",
    "vos",
    "leur",
    "leurs",
    "je",
    "tu",
    "il",
    "elle",
    "on",
    "nous",
    "vous",
    "ils",
    "elles",
    "me",
    "te",
    "se",
    "qui",
    "que",
    "quoi",
    "quel",
    "quelle",
    "quels",
    "quelles",
    "est",
    "sont",
    "être",
    "ai",
    "as",
    "avez",
    "ont",
    "faire",
    "fait",
    "comment",
    "où",
    "ou",
    "quand",
    "pourquoi",
    "combien",
    "puis",
    "peut",
    "peux",
    "pouvez",
    "dois",
    "doit",
    "faut",
    "ne",
    "pas",
    "plus",
    "y",
    "c",
    "s",
    "n",
    "qu",
    "j",
    "m",
    "t",
    "svp",
    "stp",
    "merci",
    "bonjour",
    "moi",
    "lui",
    "ça",
    "cela",
    "ceci",
    "si",
    "alors",
    "donc",
    "est-ce",
    "the",
    "a",
    "an",
    "of",
    "to",
    "in",
    "on",
    "for",
    "by",
    "with",
    "without",
    "is",
    "are",
    "be",
    "do",
    "does",
    "did",
    "how",
    "what",
    "where",
    "when",
    "why",
    "which",
    "who",
    "can",
    "could",
    "should",
    "would",
    "will",
    "i",
    "my",
    "me",
    "you",
    "your",
    "it",
    "its",
    "this",
    "that",
    "these",
    "those",
    "and",
    "or",
    "at",
    "from",
    "please",
    "there",
    "have",
    "has",
    "am",
    "was",
    "any",
    "some",
    "if",
    "في",
    "من",
    "على",
    "الى",
    "إلى",
    "عن",
    "مع",
    "هل",
    "ما",
    "ماذا",
    "كيف",
    "اين",
    "أين",
    "متى",
    "لماذا",
    "هو",
    "هي",
    "انا",
    "أنا",
    "انت",
    "أنت",
    "هذا",
    "هذه",
    "ذلك",
    "التي",
    "الذي",
    "او",
    "أو",
    "و",
    "لي",
    "لم",
    "لا",
    "ان",
    "أن",
    "كم",
    "يمكن",
    "يمكنني",
    "اريد",
    "أريد",
    "wach",
    "wash",
    "ach",
    "chno",
    "chnou",
    "chnu",
    "achno",
    "kifach",
    "kifash",
    "kifech",
    "fin",
    "fen",
    "li",
    "lli",
    "dyal",
    "dial",
    "dyali",
    "diali",
    "dyalk",
    "l",
    "f",
    "fi",
    "b",
    "w",
    "mn",
    "men",
    "3la",
    "m3a",
    "had",
    "hadi",
    "hada",
    "hadchi",
    "chi",
    "bach",
    "ila",
    "ana",
    "nta",
    "nti",
    "howa",
    "hiya",
    "kayn",
    "kayna",
    "bghit",
    "khass",
    "khassni",
    "khasni",
    "khesni",
    "nqder",
    "nqdr",
    "n9der",
    "n9dr",
    "yqdr",
    "tqdr",
    "3afak",
    "afak",
    "ghadi",
    "daba",
]


def fold(text: str) -> str:
    """Lower case, no French accents, Arabic letters folded to their common form."""
    text = _ARABIC_DIACRITICS.sub("", text.lower()).translate(_ARABIC_FOLD)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


STOPWORDS = frozenset(fold(word) for word in _STOPWORDS)

# Light stemming, longest suffix first; the replacement keeps French and English
# derivations together ("modification"/"modifier" -> "modifi", "cancelled"/"cancel").
_LATIN_SUFFIXES = (
    ("ications", "i"),
    ("ication", "i"),
    ("ations", ""),
    ("ation", ""),
    ("ements", ""),
    ("ement", ""),
    ("ments", ""),
    ("ment", ""),
    ("ings", ""),
    ("ing", ""),
    ("ies", "y"),
    ("ees", ""),
    ("ee", ""),
    ("es", ""),
    ("er", ""),
    ("ez", ""),
    ("ed", ""),
    ("s", ""),
    ("e", ""),
)
# Arabic light stemming after Larkey's "light10": article and conjunction prefixes, then a
# possessive pronoun ("حسابك", "شكايتي"), then a plural or feminine ending ("طلبات"),
# then the relative-adjective "ي".
_ARABIC_PREFIXES = ("وال", "بال", "كال", "فال", "لل", "ال")
_ARABIC_PRONOUNS = (
    ("اتي", "ات"),
    ("تي", "ه"),
    ("كم", ""),
    ("هم", ""),
    ("ها", ""),
    ("نا", ""),
    ("ي", ""),
    ("ك", ""),
)
_ARABIC_ENDINGS = ("ات", "ان", "ون", "ين", "ه")


def _stem_latin(token: str) -> str:
    # Doubled letters are collapsed: Darija spellings vary ("nbddel"/"nbdel"), so do typos.
    token = _REPEATED_LETTER.sub(r"\1", token)
    for _ in range(2):  # "registered" -> "register" -> "regist", like "registration"
        for suffix, replacement in _LATIN_SUFFIXES:
            if token.endswith(suffix) and len(token) - len(suffix) + len(replacement) >= 4:
                token = token[: -len(suffix)] + replacement
                break
        else:
            break
    return token


def _stem_arabic(token: str) -> str:
    if len(token) > 3 and token.startswith("و"):
        token = token[1:]
    for prefix in _ARABIC_PREFIXES:
        if token.startswith(prefix) and len(token) - len(prefix) >= 2:
            token = token[len(prefix) :]
            break
    for suffix, replacement in _ARABIC_PRONOUNS:
        if token.endswith(suffix) and len(token) - len(suffix) >= 3:
            token = token[: -len(suffix)] + replacement
            break
    for suffix in _ARABIC_ENDINGS:
        if token.endswith(suffix) and len(token) - len(suffix) >= (3 if len(suffix) == 1 else 2):
            token = token[: -len(suffix)]
            break
    if (
        token.endswith("ي") and len(token) > 3 or token.endswith("ا") and len(token) > 3
    ):  # relative adjective: "جمركية" / "جمركي" -> "جمرك"
        token = token[:-1]
    return token


def stem(token: str) -> str:
    """The stem of one folded word."""
    if token.isdigit():
        return token
    if token.isascii():
        return _stem_latin(token) if token.isalpha() and len(token) > 3 else token
    return _stem_arabic(token)


def is_acronym(word: str) -> bool:
    # "IF", "RC", "GU" written in capitals are names, not the English or French function words.
    return len(word) >= 2 and word.isupper() and word.isascii()


def words(text: str) -> list[str]:
    """The folded words of a text, in order, function words included."""
    return _WORD.findall(fold(text))


def tokens(text: str) -> list[str]:
    """The stemmed content words of a text, in order (what BM25 and the lexicon see)."""
    result = []
    for raw in _WORD.findall(unicodedata.normalize("NFKC", text)):
        word = fold(raw)
        if word in STOPWORDS and not is_acronym(raw):
            continue
        result.append(stem(word))
    return result
