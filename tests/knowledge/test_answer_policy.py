"""The core's answer policy: routing dialogue acts vs questions, « Voir aussi », multi-part,
and the no-answer rule. Tuned on tests/nlu/routing_dev.yaml and dev_two_part.yaml only."""

import os
from pathlib import Path

import pytest
import yaml

from api.knowledge import routing, service
from knowledge import questions
from knowledge.embedder import DEFAULT_MODEL, load_embedder
from knowledge.questions import parts, reads_as_question, residual_terms
from knowledge.retriever import Retriever, load_or_build

HERE = Path(__file__).resolve().parent
ROUTING_DEV = yaml.safe_load((HERE.parent / "nlu" / "routing_dev.yaml").read_text("utf-8"))
TWO_PART_DEV = yaml.safe_load((HERE / "dev_two_part.yaml").read_text("utf-8"))
REPLY_LANG = {"fr": "fr", "ar": "ar", "en": "en", "darija": "fr"}
QUESTIONS = [m for m in ROUTING_DEV if m["intent"] == "ask_question"]
ACTS = [m for m in ROUTING_DEV if m["intent"] != "ask_question"]
# Acts Rasa's NLU was seen to pick, at confidence 1.0, for questions about the portals.
WRONG_ACTS = ("goodbye", "thank", "greet", "ask_human", "ask_my_files", "bot_challenge", "deny")


@pytest.fixture(scope="module")
def retriever() -> Retriever:
    return load_or_build(load_embedder(os.environ.get("TIJARIA_EMBEDDING_MODEL", DEFAULT_MODEL)))


@pytest.mark.parametrize(
    "text",
    [
        "Je peux parler au lieu d'écrire",
        "comment changer mon mot de passe",
        "je veux déposer une réclamation",
        "I want to file a complaint",
        "which browsers work",
        "هل يمكنني تغيير كلمة المرور",
        "kifach nbeddel mot de passe",
        "bghit ndir réclamation",
        "ça marche ?",
    ],
)
def test_questions_and_requests_read_as_questions(text: str) -> None:
    assert reads_as_question(text)


@pytest.mark.parametrize(
    "text", ["merci beaucoup", "au revoir", "bonne journée", "شكرا جزيلا", "bslama", "thank you"]
)
def test_courtesies_do_not_read_as_questions(text: str) -> None:
    assert not reads_as_question(text)


def test_what_a_message_says_beyond_its_act() -> None:
    assert residual_terms("au revoir, merci pour votre aide", "goodbye") == []
    assert residual_terms("est-ce que je peux parler à un conseiller humain ?", "ask_human") == []
    assert len(residual_terms("Je peux parler au lieu d'écrire ?", "goodbye")) >= 2
    assert len(residual_terms("Combien de caractères pour le numéro ICE ?", "ask_human")) >= 2


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Comment annuler mon compte et comment le restaurer ?", 2),
        ("How do I file a claim and where can I follow its status?", 2),
        ("كيف أقدم شكاية؟ وأين أتابع حالتها؟", 2),
        ("quel est le nom et prénom du gérant à saisir ?", 1),
        ("documents et fichiers acceptés", 1),
    ],
)
def test_parts_split_only_before_a_new_question(question: str, expected: int) -> None:
    assert len(parts(question)) == expected


@pytest.mark.parametrize("message", ["quels titres sont échus ?", "status of my import licence"])
def test_files_named_by_kind_come_after_the_guides_answer_when_there_is_one(message: str) -> None:
    def way(kind: str) -> str:
        return routing.route(
            intent="ask_my_files", confidence=1.0, message=message, kind=kind, strong=True
        )

    assert way("answer") == "answer_then_act"
    assert way("clarify") == way("none") == "act"
    # Another intent never turns such a message into a look in the user's files.
    assert (
        routing.route(
            intent="ask_question", confidence=1.0, message=message, kind="answer", strong=True
        )
        == "knowledge"
    )


def test_a_payload_act_is_always_performed() -> None:
    assert (
        routing.route(
            intent="ask_human", confidence=1.0, message="/ask_human", kind="answer", strong=True
        )
        == "act"
    )


@pytest.mark.parametrize(
    "message",
    [
        "Où en est ma réclamation REC-7K2M-Q9XD ?",
        "How is my claim rec-4hnp-2w8t doing?",
        "Où en est ma DFD 20263000000123 ?",
        "my invoice F-2026-000123?",
    ],
)
def test_my_files_naming_a_reference_is_always_the_users_own(message: str) -> None:
    for kind, strong in (("answer", True), ("clarify", False), ("none", False)):
        assert (
            routing.route(
                intent="ask_my_files", confidence=0.7, message=message, kind=kind, strong=strong
            )
            == "act"
        )
    # Without a reference, the same words ask how the portal works.
    assert (
        routing.route(
            intent="ask_my_files",
            confidence=0.7,
            message="Comment suivre l'état de mes réclamations sur le portail ?",
            kind="answer",
            strong=True,
        )
        == "knowledge"
    )


@pytest.mark.parametrize(
    "message",
    [
        "Quels sont les statuts d'une réclamation ?",
        "What are the possible statuses of a claim?",
        "ما هي حالات الشكاية؟",
        "chno homa les statuts dyal reclamation?",
    ],
)
def test_my_files_naming_no_file_of_the_user_is_a_question(message: str) -> None:
    assert not questions.names_own_file(message)
    assert (
        routing.route(
            intent="ask_my_files", confidence=1.0, message=message, kind="answer", strong=True
        )
        == "knowledge"
    )


@pytest.mark.parametrize(
    "message",
    [
        "Où en est ma réclamation ?",
        "What's the status of my claim?",
        "ما هي حالة شكايتي؟",
        "fin wslat la réclamation dyali?",
    ],
)
def test_my_files_in_the_first_person_is_the_users_own(message: str) -> None:
    assert questions.names_own_file(message)
    assert (
        routing.route(
            intent="ask_my_files", confidence=1.0, message=message, kind="answer", strong=True
        )
        == "act"
    )


@pytest.mark.parametrize(
    "message",
    [
        "أين وصل طلب الاشتراك الخاص بي؟",
        "the claim I filed yesterday, any news?",
        "hal demande dyali",
    ],
)
def test_the_first_person_in_other_words(message: str) -> None:
    assert questions.names_own_file(message)


@pytest.mark.parametrize(
    "message",
    [
        "Comment être mis en relation avec un agent ?",
        "How can I talk to a person?",
        "كيف أتواصل مع موظف؟",
    ],
)
def test_how_to_reach_an_agent_is_answered_then_offered(message: str) -> None:
    for strong in (True, False):
        assert (
            routing.route(
                intent="ask_human", confidence=1.0, message=message, kind="answer", strong=strong
            )
            == "answer_then_act"
        )
    # When the guides only hesitate, the agent is offered the usual way.
    assert (
        routing.route(
            intent="ask_human", confidence=1.0, message=message, kind="none", strong=False
        )
        == "act"
    )
    assert (
        routing.route(
            intent="ask_human",
            confidence=1.0,
            message="je veux parler à un humain",
            kind="answer",
            strong=True,
        )
        == "act"
    )


@pytest.mark.parametrize(
    ("message", "intent", "expected"),
    [
        ("annuler", "cancel_procedure", "act"),
        ("annule tout s'il vous plaît", "cancel_procedure", "act"),
        ("go back", "go_back", "act"),
        ("رجوع إلى الخلف", "go_back", "act"),
        ("Comment annuler une demande de titre d'importation ?", "cancel_procedure", "knowledge"),
        ("كيف أعود إلى الصفحة الرئيسية للبوابة؟", "go_back", "knowledge"),
        ("how do I cancel a payment order?", "cancel_procedure", "knowledge"),
    ],
)
def test_procedure_commands_outside_a_procedure_yield_to_questions(
    message: str, intent: str, expected: str
) -> None:
    assert (
        routing.route(intent=intent, confidence=1.0, message=message, kind="answer", strong=True)
        == expected
    )


@pytest.mark.parametrize("message", QUESTIONS, ids=lambda m: m["text"][:40])
def test_a_question_reaches_the_guides_whatever_act_the_nlu_says(
    retriever: Retriever, message: dict
) -> None:
    for act in WRONG_ACTS:
        verdict = service.answer(
            retriever=retriever,
            question=message["text"],
            portal="pmpce",
            lang=REPLY_LANG[message["lang"]],
            intent=act,
            intent_confidence=1.0,
        )
        assert verdict.kind != "act", (act, message["text"])


@pytest.mark.parametrize("intent", [None, "out_of_scope", "greet", "ask_human"])
def test_a_claim_reference_asks_for_that_claim_whatever_the_nlu_read(
    retriever: Retriever, intent: str | None
) -> None:
    verdict = service.answer(
        retriever=retriever,
        question="ما هي حالة شكايتي REC-9992-HDND؟",
        portal="douane",
        lang="ar",
        intent=intent,
        intent_confidence=1.0,
    )
    assert (verdict.kind, verdict.act) == ("act", "ask_my_files")


@pytest.mark.parametrize("message", ACTS, ids=lambda m: m["text"][:40])
def test_a_meant_dialogue_act_is_performed(retriever: Retriever, message: dict) -> None:
    verdict = service.answer(
        retriever=retriever,
        question=message["text"],
        portal="pmpce",
        lang=REPLY_LANG[message["lang"]],
        intent=message["intent"],
        intent_confidence=1.0,
    )
    assert verdict.kind == "act"
    assert verdict.act == message["intent"]


def test_questions_of_the_routing_dev_set_get_the_right_article(retriever: Retriever) -> None:
    right = sum(
        (
            verdict := service.answer(
                retriever=retriever,
                question=m["text"],
                portal="pmpce",
                lang=REPLY_LANG[m["lang"]],
            )
        ).kind
        == "answer"
        and verdict.article is not None
        and verdict.article.id in m["expect"]
        for m in QUESTIONS
    )
    assert right >= len(QUESTIONS) - 1


def test_two_part_questions_get_both_articles(retriever: Retriever) -> None:
    covered = 0
    for question in TWO_PART_DEV:
        verdict = service.answer(
            retriever=retriever,
            question=question["q"],
            portal=question["portal"],
            lang=REPLY_LANG[question["lang"]],
        )
        assert verdict.kind == "answer" and verdict.article is not None
        answered = {verdict.article.id, *(a.id for a in verdict.more)}
        covered += {question["expect"], question["second"]} <= answered
    # 13 of 15 when tuned; 12 once the articles were corrected (labels quoted as on screen).
    assert covered >= 12, f"{covered}/{len(TWO_PART_DEV)} two-part questions fully answered"


def test_a_close_alternative_is_offered_as_see_also(retriever: Retriever) -> None:
    verdict = service.answer(
        retriever=retriever,
        question="How do I change my password on the customs portal? Also, how do I log out?",
        portal="douane",
        lang="en",
    )
    assert verdict.kind == "answer"
    assert verdict.see_also, "a close alternative is offered, not hidden"
    shown = {verdict.article.id if verdict.article else "", *(a.id for a in verdict.more)}
    assert not shown & {hit.id for hit in verdict.see_also}


@pytest.mark.parametrize(
    ("turns", "answered", "expected"),
    [(0, True, (0, False)), (3, True, (0, False)), (0, False, (1, False)), (1, False, (0, True))],
)
def test_the_no_answer_rule_offers_a_human_after_two_turns(
    turns: int, answered: bool, expected: tuple[int, bool]
) -> None:
    assert service.unanswered(turns=turns, answered=answered, limit=2) == expected


def test_the_no_answer_rule_limit_is_a_setting(retriever: Retriever) -> None:
    question = "recette du couscous aux légumes"
    once = service.answer(
        retriever=retriever, question=question, portal=None, lang="fr", turns_before_human=3
    )
    twice = service.answer(
        retriever=retriever,
        question=question,
        portal=None,
        lang="fr",
        unanswered_turns=once.unanswered_turns,
        turns_before_human=3,
    )
    third = service.answer(
        retriever=retriever,
        question=question,
        portal=None,
        lang="fr",
        unanswered_turns=twice.unanswered_turns,
        turns_before_human=3,
    )
    assert [v.offer_human for v in (once, twice, third)] == [False, False, True]
    assert third.unanswered_turns == 0


def test_declining_out_of_scope_counts_as_unanswered(retriever: Retriever) -> None:
    verdict = service.answer(
        retriever=retriever,
        question="who won the football match yesterday?",
        portal=None,
        lang="en",
        intent="out_of_scope",
        intent_confidence=1.0,
        unanswered_turns=1,
    )
    assert (verdict.kind, verdict.offer_human, verdict.unanswered_turns) == ("act", True, 0)
