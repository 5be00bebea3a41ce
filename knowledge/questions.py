"""Is a message a question, what does it say beyond a greeting, and what are its parts?

Three text-level readings the core's routing needs (api/knowledge/routing.py), for French,
English, Arabic and Darija in Latin letters:

- `reads_as_question`: a question mark, an interrogative word, or a request for help
  ("je veux…", "I need to…", "bghit…", "أريد…") anywhere in the message;
- `residual_terms`: the content words left once the words of a dialogue act (greeting,
  thanks, goodbye, "talk to a human", "my file", "are you a bot") and the question words
  are taken out; "avant de dire au revoir, comment me déconnecter ?" keeps "déconnecter",
  "au revoir, merci pour votre aide" keeps next to nothing;
- `parts`: the clauses of a two-part question ("…, et combien… ?", "… and how…").

The word lists were written from the guides' vocabulary and everyday usage, never from
an evaluation set.
"""

import re
from collections.abc import Iterable
from typing import Final

from knowledge.text import fold, stem, tokens

_QUESTION_MARKS: Final = ("?", "؟")

# Interrogative words and requests for help, folded (no accents, Arabic letters folded).
_FR_QUESTION = (
    "comment combien pourquoi quand quel quelle quels quelles qui quoi ou lequel laquelle "
    "est-ce qu'est-ce c'est-quoi puis-je peut-on peux-je dois-je faut-il doit-on "
    "pourrais-je pourriez-vous pouvez-vous sait-on existe-t-il y-a-t-il"
)
_EN_QUESTION = (
    "how what why where when which who whom whose can could do does did is are should "
    "may must will would shall am"
)
_AR_QUESTION = "كيف كيفية لماذا لما متى اين ما ماذا ماهي ماهو هل كم من اي لمن"
_DARIJA_QUESTION = (
    "kifach kifash kifch kif chno chnou chnu achno achnou ach ash wach wash wesh fin fayn "
    "fine fach 3lach alach 3lah imta emta ch7al chhal che7al chehal mnin chkon chkoun "
    "chkun ina inahowa ina-howa"
)
# Requests for help read as questions: "je veux déposer…", "I need to…", "bghit nbeddel…".
_REQUESTS = (
    "je veux",
    "je voudrais",
    "j'aimerais",
    "je souhaite",
    "je cherche",
    "je dois",
    "je n'arrive pas",
    "j'arrive pas",
    "je ne trouve pas",
    "je trouve pas",
    "je ne peux pas",
    "je peux",
    "on peut",
    "impossible de",
    "besoin de",
    "i want",
    "i'd like",
    "i would like",
    "i need",
    "i have to",
    "i can't",
    "i cannot",
    "i can",
    "i'm trying",
    "i am trying",
    "help me",
    "أريد",
    "اريد",
    "أود",
    "اود",
    "أحتاج",
    "احتاج",
    "لا أستطيع",
    "لا استطيع",
    "لا يمكنني",
    "يمكنني",
    "bghit",
    "bghyt",
    "baghi",
    "khassni",
    "khasni",
    "n9der",
    "nqder",
    "ma9dertch",
    "ma9darch",
    "mab9itch",
)

# The words that make up each dialogue act: a message made only of them (plus function
# and question words) means the act; anything more is content the guides may answer.
_ACT_WORDS: Final[dict[str, str]] = {
    "greet": (
        "bonjour bonsoir salut coucou hello hi hey salam slm salamo alaykom alaikoum "
        "assalamu alaikum marhaba ahlan السلام عليكم مرحبا اهلا صباح مساء الخير النور "
        "ca va vas allez bien comment how are you doing labas labass bikhir "
        "cv tijaria assistant morning evening afternoon good حال حالك "
        # Asking for help in general is part of a greeting ("bonjour, pouvez-vous m'aider ?").
        "aider aidez aide help assist assistance pouvez pourriez pouvoir question questions "
        "besoin renseignement information svp stp plait please nsowel swal so2al 3andi wa7d "
        "anyone there quelqu'un la present chi wa7ed kayn "
        "سؤال مساعدة ساعدني تساعدني عندي لدي"
    ),
    "goodbye": (
        "au revoir bye goodbye bslama beslama m3a salama مع السلامة وداعا الى اللقاء "
        "bonne journee soiree fin a plus tard bientot see you later take care "
        "nhar nharek mabrok leave quitter partir je pars yallah nice day have a"
    ),
    "thank": (
        "merci beaucoup thanks thank you thx choukran chokran shukran barak allah fik "
        "شكرا جزيلا بارك الله فيك الف top super parfait great perfect nice cool "
        "aide help helpful ton votre pour for your so much bzaf bezzaf lot"
    ),
    "affirm": "oui ok okay d'accord yes yep sure absolument exact wakha iyeh ah نعم اجل حسنا",
    "deny": "non no nope pas la lla لا ابدا jamais never",
    "ask_human": (
        "parler humain humaine agent agents conseiller conseillere personne quelqu'un "
        "operateur vrai vraie reel reelle talk speak human person someone real "
        "representative chat nhder hder m3a chi wa7ed wahed bnadem insan mowadaf "
        "التحدث اتحدث تحدث موظف عون انسان شخص مستشار حقيقي passer mettre relation "
        "contact contacter joindre please stp svp s'il plait appeler rappeler call back"
    ),
    "ask_my_files": (
        "mon ma mes my dyali dyal dossier dossiers fichier demande demandes reclamation "
        "reclamations souscription titre titres facture factures file files claim claims "
        "request requests application subscription status statut etat suivi suivre "
        "track where en est ou wslat fin wsal ملفي طلبي شكايتي اشتراكي حالة وضعية ملف "
        "طلب شكاية اين وصل"
    ),
    "bot_challenge": (
        "robot bot machine ia ai humain human real vrai vraie personne person programme "
        "program chatbot tu es t'es vous etes are you nta nti انت روبوت الة انسان حقيقي "
        "aaa wach talking speaking chatting parle parler discute discuter suis-je am i "
        "automatique automated intelligence artificielle or ou كنهضر kanhder tathdath اتحدث"
    ),
    "out_of_scope": "",
    # Procedure commands said with no procedure under way.
    "cancel_procedure": (
        "annuler annule annulez tout cancel abort everything it this that please stop "
        "la demarche procedure reclamation claim إلغاء الغاء ألغ الإجراء العملية كل شيء "
        "annuli nannuli lghi nlghi lghiha kolchi safi"
    ),
    "go_back": (
        "retour revenir reviens revenons retourne arriere etape question precedente precedent "
        "d'avant back go previous step return undo last answer رجوع ارجع العودة الخلف "
        "السابق السابقة الخطوة السؤال عد الوراء rje3 nrje3 nrj3o lor lour l'etape fatt li"
    ),
}

_SPLIT_CONNECTORS = (
    # A connector followed by a new question or clause ("…, et combien…", "… and how…").
    r"(?:,\s*|\s+)(?:et|ou bien|puis|aussi|also|and also|and|plus|ainsi que|w|wa|و)\s+"
    r"(?=(?:comment|combien|pourquoi|quand|quel(?:le)?s?|o[uù]|est-ce|qu'est-ce|que|qui|"
    r"faut-il|dois-je|puis-je|peut-on|je|j'|on|si|how|what|why|where|when|which|who|"
    r"do|does|can|should|must|is|are|i|kifach|kifash|chno|wach|fin|3lach|ch7al|imta|"
    r"كيف|ماذا|ما|هل|كم|متى|أين|اين|لماذا)\b)"
)
_CLAUSE_SPLIT = re.compile(
    rf"(?<=[?؟!.;])\s+|{_SPLIT_CONNECTORS}|\s+و(?=(?:كيف|ماذا|ما|هل|كم|متى|أين|اين|لماذا))",
    re.IGNORECASE,
)


def _folded_words(text: str) -> list[str]:
    return re.findall(r"[\w'-]+", fold(text))


def _word_set(words: str) -> frozenset[str]:
    return frozenset(fold(word) for word in words.split())


_QUESTION_WORDS: Final = (
    _word_set(_FR_QUESTION)
    | _word_set(_EN_QUESTION)
    | _word_set(_AR_QUESTION)
    | _word_set(_DARIJA_QUESTION)
)
# The first word of an English yes/no question only: "is" or "can" inside a sentence asks nothing.
_LEADING_ONLY: Final = _word_set(
    "can could do does did is are should may must will would shall am ou qui من"
)
_REQUEST_PATTERNS: Final = tuple(fold(request) for request in _REQUESTS)
_ACT_STEMS: Final[dict[str, frozenset[str]]] = {
    act: frozenset(stem(word) for word in _folded_words(words)) for act, words in _ACT_WORDS.items()
}
# Courtesies mix ("merci, au revoir", "bonjour, ça va ?"): each explains the others' words.
_COURTESIES: Final = ("greet", "goodbye", "thank", "affirm", "deny")
_COURTESY_STEMS: Final = frozenset().union(*(_ACT_STEMS[act] for act in _COURTESIES))
_QUESTION_STEMS: Final = frozenset(stem(word) for word in _QUESTION_WORDS)
# "Je peux", "bghit": the request words themselves are not content either.
_REQUEST_STEMS: Final = frozenset(
    stem(word) for request in _REQUEST_PATTERNS for word in _folded_words(request)
)


def _mentions(text: str, patterns: Iterable[str]) -> bool:
    padded = f" {' '.join(_folded_words(text))} "
    return any(f" {' '.join(_folded_words(pattern))} " in padded for pattern in patterns)


def reads_as_question(text: str) -> bool:
    """A question mark, an interrogative word, or a request for help, in any of the four languages."""
    if any(mark in text for mark in _QUESTION_MARKS):
        return True
    # "où" (where) loses its accent when folded, and "ou" (or) asks nothing.
    if re.search(r"(?<!\w)où(?!\w)", text.lower()):
        return True
    words = _folded_words(text)
    if not words:
        return False
    if words[0] in _LEADING_ONLY and len(words) > 2:
        return True
    if any(word in _QUESTION_WORDS and word not in _LEADING_ONLY for word in words):
        return True
    return _mentions(text, _REQUEST_PATTERNS)


# "How do I…", "where can I see…": a question about how the portal works (not "how is my
# claim going?", which asks for the file itself).
_HOW_TO: Final = tuple(
    fold(p)
    for p in (
        "comment faire",
        "comment je",
        "comment on",
        "comment puis-je",
        "comment suivre",
        "comment consulter",
        "comment voir",
        "comment savoir",
        "how do i",
        "how can i",
        "how to",
        "كيف أتابع",
        "كيف أعرف",
        "كيف أطلع",
        "kifach nchouf",
        "kifach ntaba3",
        "fin nchouf",
        "fin nchof",
        "fin nl9a",
        "où voir",
        "où trouver",
        "où consulter",
        "où suivre",
        "where can i",
        "where do i",
        "أين أجد",
        "أين أتابع",
        "fin nchouf",
        "fin nchof",
        "fin nl9a",
        # Whether, and where, something can be seen asks how the portal shows it.
        "je peux voir",
        "puis-je voir",
        "peut-on voir",
        "can i see",
        "n9der nchouf",
        "nqder nchouf",
        "fin kayban",
        "kayban fin",
        "dans quelle colonne",
        "أين أرى",
        "أين يظهر",
        "هل يمكنني رؤية",
    )
)


# A message that opens on "how" asks how something is done (« Comment déposer une
# réclamation ? », « كيف أتواصل مع موظف؟ »), whatever follows.
_LEADING_HOW: Final = re.compile(
    r"^(comment|how|what are the steps|quelles sont les [ée]tapes|est-ce qu'on peut|"
    r"kifach|kifash|kif ndir|kif n|كيف|ما هي خطوات|ما هي مراحل)\b",
    re.IGNORECASE,
)


def opens_with_how(text: str) -> bool:
    return _LEADING_HOW.match(text.strip()) is not None


def asks_how(text: str) -> bool:
    """A how-to question: "comment suivre…", "where can I see…", "كيف أتابع…", "kifach…"."""
    return _mentions(text, _HOW_TO)


# The user's own files are named in the first person: « ma réclamation », « my request »,
# « la demande dyali », « طلبي », « الخاص بي », « j'ai déposé ».
_OWN_WORDS: Final = _word_set(
    "mon ma mes moi my mine i've dyali dyawli dyalna diali drt sift 3mlt nos notre our "
    "filed submitted lodged sent"
)
_OWN_ARABIC: Final = re.compile(
    r"(?:ملف|طلب|شكاي|شكو|اشتراك|تسجيل|ملفات|طلبات|شكايات|حساب)(?:ي|تي|اتي|نا)(?!\w)"
    r"|الخاص(?:ة)? بي|الخاصة بي|قدمت|أرسلت|ارسلت|أودعت|اودعت"
)


def names_own_file(text: str) -> bool:
    """Whether the message speaks of the user's own file (or names one by its reference)."""
    if _OWN_ARABIC.search(fold(text)) or _OWN_ARABIC.search(text):
        return True
    return any(word in _OWN_WORDS or word.startswith(("m'", "j'")) for word in _folded_words(text))


def residual_terms(text: str, act: str) -> list[str]:
    """The content words of `text` that neither the dialogue act nor a question word explains."""
    own = _COURTESY_STEMS if act in _COURTESIES else _ACT_STEMS.get(act, frozenset())
    explained = own | _QUESTION_STEMS | _REQUEST_STEMS
    return [term for term in tokens(text) if term not in explained and len(term) > 1]


def parts(question: str) -> list[str]:
    """The clauses of a question: split at sentence ends and at "and"/"et"/"و" before a new
    question. A single-clause question gives one part."""
    pieces = [p.strip(" ,;:-") for p in _CLAUSE_SPLIT.split(question) if p and p.strip(" ,;:-")]
    return pieces or [question]
