"""knowledge.text: folding, stemming and the terms BM25 counts."""

from knowledge.text import STOPWORDS, fold, stem, tokens, words


def test_fold_removes_case_and_french_accents() -> None:
    assert fold("Réclamation ÉTAPE çà") == "reclamation etape ca"


def test_fold_unifies_arabic_letter_variants_and_drops_diacritics() -> None:
    assert fold("أإآ") == "ااا"
    assert fold("فاتورة") == "فاتوره"
    assert fold("مُسْتَخْدِم") == "مستخدم"


def test_stem_joins_french_and_english_inflections() -> None:
    assert stem("factures") == stem("facture")
    assert stem("modification") == stem("modifier") == stem("modifiez")
    assert stem("changed") == stem("changing") == stem("change")
    assert stem("annulation") == stem("annulee") == stem("annuler")


def test_stem_collapses_doubled_letters_of_darija_spellings() -> None:
    assert stem("nbddel") == stem("nbdel")


def test_stem_strips_arabic_article_pronoun_and_plural() -> None:
    assert stem(fold("الجمارك")) == stem(fold("والجمارك"))
    assert stem(fold("طلباتي")) == stem(fold("طلبات")) == stem(fold("طلب"))
    assert stem(fold("حسابك")) == stem(fold("حساب"))


def test_stem_keeps_short_words_and_numbers() -> None:
    assert stem("rib") == "rib"
    assert stem("2024") == "2024"


def test_tokens_drop_function_words_in_every_language() -> None:
    assert tokens("Comment changer le mot de passe ?") == [stem("changer"), "mot", stem("passe")]
    assert tokens("how do I find my invoices") == [stem("find"), stem("invoices")]
    assert tokens("كيف أجد الفواتير") == [stem(fold("أجد")), stem(fold("الفواتير"))]
    assert "kifach" in STOPWORDS and tokens("kifach") == []


def test_tokens_keep_acronyms_written_in_capitals() -> None:
    # "IF" (identifiant fiscal) is a term; "if" is an English function word.
    assert tokens("What if I lose it") == [stem("lose")]
    assert tokens("le document IF") == [stem("document"), "if"]


def test_words_keeps_order_and_function_words() -> None:
    assert words("Où est le RIB ?") == ["ou", "est", "le", "rib"]
