"""Which wins when Rasa's NLU says "goodbye" and the message asks something: the routing policy.

A wrong dialogue act is worse than a clarifying question: « Je peux parler au lieu
d'écrire ? » answered « Au revoir ! » ends a conversation the user wanted to have. Rasa's
DIET is sure of itself even when wrong (confidence 1.0 on such messages), so its
confidence alone cannot tell a meant act from a swallowed question. The core decides
with what it knows better: whether the message reads as a question, what it says beyond
the act's own words, and how well the guides answer it.

- Acts without content (greet, goodbye, thank, affirm, deny, and « annuler » or
  « retour » outside a procedure): a message that asks
  something with words of its own is a question; goodbye ends nothing when it asks.
- Acts with a meaning of their own (talk to a human, my files, are you a bot, out of
  scope): answered from the guides only when the guides answer it well and the message
  says more than the act; the act stays one click away (a button), so the user confirms it.
- An act the user confirmed (a button's payload, "/ask_human") is always performed.
- "How do I talk to an agent?" asks both how and for an agent: the guides answer, and the
  agent is offered at once. So does « quels titres sont échus ? »: the guides' answer, then
  the user's expired titles.
- "My files" naming a file's reference (a claim's REC-…, a N° DFD…), or a kind of file in a
  status (« quels titres sont échus ? »), is always the user's own file;
  "my files" naming no file of the user's (no « ma », « my », « dyali », « طلبي ») is a
  question about how files work.

The thresholds were tuned on tests/nlu/routing_dev.yaml and the dev questions only.
"""

from typing import Final, Literal

from api.portal_files.chat import asks_for_files, names_a_file
from knowledge.questions import (
    asks_how,
    names_own_file,
    opens_with_how,
    reads_as_question,
    residual_terms,
)

# "answer_then_act": answer from the guides, then perform the act ("How do I reach a
# person?" gets the guides' answer and the offer of one).
Route = Literal["knowledge", "act", "answer_then_act"]

# « annuler » / « retour » with no procedure under way say nothing more than a courtesy:
# « comment annuler une demande de titre ? » is a question.
CONTENTLESS_ACTS: Final = frozenset(
    {"greet", "goodbye", "thank", "affirm", "deny", "cancel_procedure", "go_back"}
)
MEANINGFUL_ACTS: Final = frozenset({"ask_human", "ask_my_files", "bot_challenge", "out_of_scope"})
DIALOGUE_ACTS: Final = CONTENTLESS_ACTS | MEANINGFUL_ACTS
# Acts offered as a button when their message is answered from the guides instead.
CONFIRMABLE_ACTS: Final = frozenset({"ask_human", "ask_my_files"})

# Content words beyond a meaningful act's own words: one can be chance, two say what the
# question is about.
MIN_RESIDUAL_TERMS: Final = 2
# Below this NLU confidence, a message that reads as a question goes to the guides whatever
# the act (the FallbackClassifier catches the lowest ones first).
LOW_CONFIDENCE: Final = 0.9


def route(
    *,
    intent: str | None,
    confidence: float | None,
    message: str,
    kind: str,
    strong: bool,
) -> Route:
    """`kind` is the guides' verdict on the message (answer/clarify/none), `strong` whether
    its top article scores as a sure answer."""
    if intent not in DIALOGUE_ACTS or message.startswith("/"):
        return "knowledge" if intent not in DIALOGUE_ACTS else "act"
    if intent == "ask_my_files" and names_a_file(message):
        # « Où en est ma réclamation REC-7K2M-Q9XD ? » names the user's own file: no guide
        # article answers that, however well its words match one.
        return "act"
    if intent == "ask_my_files" and asks_for_files(message):
        # « quels titres sont échus ? », "status of my import licence" name no file: when the
        # guides have an answer, it comes first (the message may be a question about the
        # portal after all), then the user's files.
        return "answer_then_act" if kind == "answer" else "act"
    if intent == "ask_human" and kind == "answer" and opens_with_how(message):
        return "answer_then_act"
    asks = reads_as_question(message)
    residual = len(residual_terms(message, intent))
    if kind == "none":
        # Nothing in the guides: a content-less act that asks something is still a question
        # (the user gets "no answer, rephrase", not a goodbye).
        return "knowledge" if intent in CONTENTLESS_ACTS and asks and residual >= 2 else "act"
    unsure = confidence is not None and confidence < LOW_CONFIDENCE
    if intent in CONTENTLESS_ACTS:
        # The guides found something for what the message says beyond its courtesies: one
        # word is enough ("Where do I see my bills?" is no goodbye), none when the NLU
        # itself hesitates ("C'est quoi TijarIA ?" taken for a greeting at 0.72).
        return "knowledge" if asks and (residual >= 1 or unsure) else "act"
    if intent == "out_of_scope":
        # A question the guides answer surely is no off-topic one (the NLU is sure of itself
        # on Darija it reads badly); tried stricter (only when the NLU hesitates): 7 more
        # dev questions lost, 2 of 25 off-topic questions won back.
        return "knowledge" if kind == "answer" and asks and (strong or unsure) else "act"
    # "How do I follow my claim?" asks how the portal works, not for the user's own file;
    # so does a message that names no file of the user's ("what are a claim's statuses?").
    says_more = residual >= MIN_RESIDUAL_TERMS or (
        intent == "ask_my_files" and (asks_how(message) or not names_own_file(message))
    )
    if kind != "answer":
        # A clarifying question (with the act as one of its buttons) beats a wrong act.
        return "knowledge" if asks and says_more else "act"
    return "knowledge" if (asks or strong) and (says_more or unsure) else "act"
