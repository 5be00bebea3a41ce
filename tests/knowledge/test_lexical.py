"""knowledge.lexical (BM25) and knowledge.lexicon (cross-lingual terms, Darija gloss)."""

import numpy as np

from knowledge.lexical import BM25
from knowledge.lexicon import Lexicon, default_lexicon
from knowledge.text import stem

DOCS = [
    "Le RIB compte exactement 24 chiffres et se saisit à l'étape compte bancaire.",
    "Le tableau de bord affiche huit indicateurs et les notifications récentes.",
    "Déposer une réclamation depuis le centre d'aide en trois étapes.",
]


def test_bm25_ranks_the_document_with_the_exact_term_first() -> None:
    scores = BM25(DOCS).scores("où saisir mon RIB ?")
    assert int(np.argmax(scores)) == 0
    assert scores[1] == scores[2] == 0


def test_bm25_scores_nothing_for_unknown_or_function_words() -> None:
    assert not BM25(DOCS).scores("le la les de").any()
    assert not BM25(DOCS).scores("football").any()


def test_bm25_rare_terms_weigh_more_than_common_ones() -> None:
    bm25 = BM25(["badr compte", "compte", "compte profil"])
    assert bm25.idf("badr") > bm25.idf("compte")


def test_bm25_accepts_pre_analysed_documents() -> None:
    bm25 = BM25([["rib", "rib"], ["menu"]], analyze=str.split)
    assert int(np.argmax(bm25.scores("rib"))) == 0


def test_lexicon_gives_one_term_for_a_notion_in_every_language() -> None:
    lexicon = default_lexicon()
    french = set(lexicon.terms("mot de passe oublié"))
    assert len(french) == 2
    assert set(lexicon.terms("forgot password")) == set(lexicon.terms("نسيت كلمة المرور")) == french
    assert set(lexicon.terms("nsit lmdp")) == french


def test_lexicon_recognises_arabic_phrases_with_an_attached_preposition() -> None:
    lexicon = default_lexicon()
    assert lexicon.terms("بكلمة المرور") == lexicon.terms("كلمة المرور")


def test_lexicon_prefers_the_longest_phrase() -> None:
    lexicon = default_lexicon()
    assert lexicon.terms("log out") != lexicon.terms("log in")
    assert lexicon.terms("تسجيل الدخول") != lexicon.terms("تسجيل")


def test_lexicon_keeps_unknown_words_as_stems() -> None:
    assert default_lexicon().terms("Tanger MED") == [stem("tanger"), "med"]


def test_gloss_turns_darija_into_french_words() -> None:
    lexicon = default_lexicon()
    gloss = lexicon.gloss_darija("kifach nbddel mot de passe f portail banques")
    assert gloss is not None
    assert gloss.startswith("comment modifier mot de passe")


def test_gloss_leaves_french_english_and_arabic_alone() -> None:
    lexicon = default_lexicon()
    for question in (
        "Comment déposer une réclamation ?",
        "Where are my invoices?",
        "أين أجد الفواتير؟",
        "Quel dossier joindre au formulaire ?",
    ):
        assert not lexicon.is_darija(question)
        assert lexicon.gloss_darija(question) is None


def test_lexicon_rejects_a_malformed_line() -> None:
    try:
        Lexicon("mot de passe | password")
    except ValueError as error:
        assert "4 columns" in str(error)
    else:  # pragma: no cover
        raise AssertionError("a line without 4 columns must be refused")
