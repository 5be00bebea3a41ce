"""Articles quote on-screen labels exactly as the cited guide shows them, and cite real headings.

A user reading an article looks for its labels on a French screen, so a label must be the
guide's French text, verbatim, in every language version (the translation goes after it, in
parentheses). And a `section` must name a heading of the guide the facts come from, so a
reviewer can check the article against it.

Quoted label (the definition this test enforces), in articles of every language:
- the text inside « … », inside **…** and inside *…* (single-star emphasis), in title and body;
- if it contains Arabic script it is not a label quoted as on screen: that is a failure;
- a menu path or breadcrumb inside one quote is split on ` › ` / ` > ` into its labels;
- each label must occur verbatim in the cited guide (`guide`), or in the guide of one of the
  article's `portals` when it covers several: case-sensitive, whitespace-normalised, curly
  apostrophes read as straight ones, markdown/HTML emphasis of the guide ignored, and not
  inside a longer word (« Valid » does not match « Validé »).
"""

import re
import unicodedata
from collections import defaultdict
from functools import cache
from os import environ
from pathlib import Path

import pytest

from knowledge import corpus

GUIDES_DIR = Path(
    environ.get(
        "TIJARIA_GUIDES_DIR",
        Path(__file__).resolve().parents[2].parent / "shared" / "guides",
    )
)
PORTAL_GUIDE = {
    "pmpce": "portail-pmpce-commerce-exterieur",
    "douane": "portail-douane",
    "mic": "portail-mic",
    "banques": "portail-banques",
    "rnoce": "souscription-operateurs-rnoce",
}

# Quoted text that is not a screen label but must stay quoted. Each entry: text -> reason.
# Keep it short: prefer un-bolding emphasis or quoting the French label instead.
_TITLE_FEEDS_NLU = (
    "in an article title, which data/nlu/topics.yml is generated from: changing it retrains "
    "Rasa, so it changes with the NLU data, not with the article bodies"
)
ALLOWED: dict[str, str] = {
    "uniquement modification de mes données auprès de la Douane": _TITLE_FEEDS_NLU,
    "تعديل معطياتي لدى الجمارك فقط": _TITLE_FEEDS_NLU,
    "التجارة الخارجية": _TITLE_FEEDS_NLU,
}

_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_QUOTED = re.compile(
    r"«\s*(?P<guillemets>[^»\n]+?)\s*»"
    r"|\*\*(?P<bold>[^*\n]+?)\*\*"
    r"|(?<![*\w])\*(?P<italic>[^*\s][^*\n]*?)\*(?![*\w])"
)
_PATH_SEPARATOR = re.compile(r"\s+[›>]\s+")
_GUIDE_MARKUP = re.compile(r"</?(?:b|u|i)>|\*\*")


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\u2019", "'").replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text).strip()


@cache
def guide_text(name: str) -> str:
    path = GUIDES_DIR / f"{name}.md"
    if not path.is_file():
        pytest.fail(f"guide {path} not found (set TIJARIA_GUIDES_DIR)")
    return normalise(_GUIDE_MARKUP.sub("", path.read_text(encoding="utf-8")))


def quoted_labels(text: str) -> list[str]:
    """Every label quoted in an article's text, menu paths split into their labels."""
    labels = []
    for match in _QUOTED.finditer(text):
        quoted = next(group for group in match.groups() if group is not None)
        quoted = quoted.replace("**", "").strip()
        if _ARABIC.search(quoted):
            labels.append(quoted)
            continue
        labels += [normalise(part).strip(" :") for part in _PATH_SEPARATOR.split(quoted)]
    return [label for label in labels if label]


def label_in(label: str, texts: list[str]) -> bool:
    if _ARABIC.search(label):
        return False
    pattern = re.compile(r"(?<!\w)" + re.escape(label) + r"(?!\w)")
    return any(pattern.search(text) for text in texts)


def article_guides(article: corpus.Article) -> list[str]:
    names = [article.guide, *(PORTAL_GUIDE[portal] for portal in article.portals)]
    return [guide_text(name) for name in dict.fromkeys(names)]


def missing_labels(article: corpus.Article) -> list[str]:
    texts = article_guides(article)
    return [
        label
        for label in quoted_labels(f"{article.title}\n{article.body}")
        if label not in ALLOWED and not label_in(label, texts)
    ]


# Guide headings: markdown headings, and (for guides converted without markdown headings)
# the section title lines « I. … », « A. … », « B) … », « 2.1. … ». Table-of-contents lines
# (tab or dot leaders) are not headings.
_HEADING_LINE = re.compile(r"^(?:#{1,6}\s|(?:[IVX]+|[A-H])\.\s+\S|[A-H]\)\s|\d+(?:\.\d+)*\.\s+\S)")


def clean_heading(line: str) -> str:
    text = _GUIDE_MARKUP.sub("", line)
    text = re.sub(r"^#+\s*", "", text.strip())
    text = re.sub(r"^(?:[•*\-]|\\\*)\s+", "", text.strip())
    return re.sub(r"\s*:$", "", normalise(text))


@cache
def guide_headings(name: str) -> list[str]:
    guide_text(name)  # fails clearly when the guide is missing
    lines = (GUIDES_DIR / f"{name}.md").read_text(encoding="utf-8").splitlines()
    return [
        clean_heading(line)
        for line in lines
        if "\t" not in line and "....." not in line and _HEADING_LINE.match(line.strip())
    ]


def section_found(section: str, headings: list[str]) -> bool:
    """Each part of « A > B > C » is a heading of the guide, in the guide's order."""
    position = -1
    for part in (normalise(p) for p in section.split(" > ")):
        later = [i for i, heading in enumerate(headings) if heading == part and i > position]
        if not later:
            return False
        position = later[0]
    return True


@pytest.fixture(scope="module")
def articles() -> list[corpus.Article]:
    return corpus.load()


def test_every_quoted_label_is_in_the_cited_guide(articles: list[corpus.Article]) -> None:
    missing = {
        str(a.path.relative_to(corpus.ARTICLES_DIR)): found
        for a in articles
        if (found := missing_labels(a))
    }
    assert not missing


def test_no_label_is_quoted_in_translation(articles: list[corpus.Article]) -> None:
    # « بوابة الجمارك » or « Dashboard » cannot be found on a French screen.
    translated = {
        str(a.path.relative_to(corpus.ARTICLES_DIR)): [
            label for label in quoted_labels(a.body) if _ARABIC.search(label)
        ]
        for a in articles
    }
    assert not {path: labels for path, labels in translated.items() if labels}


def test_each_section_names_headings_of_its_guide(articles: list[corpus.Article]) -> None:
    wrong = {
        str(a.path.relative_to(corpus.ARTICLES_DIR)): a.section
        for a in articles
        if not section_found(a.section, guide_headings(a.guide))
    }
    assert not wrong


def test_the_three_languages_cite_the_same_guide_and_section(
    articles: list[corpus.Article],
) -> None:
    citations = defaultdict(set)
    for article in articles:
        citations[article.id].add((article.guide, article.section))
    assert not {i: c for i, c in citations.items() if len(c) > 1}


def test_the_allow_list_is_still_needed(articles: list[corpus.Article]) -> None:
    used = {label for a in articles for label in quoted_labels(f"{a.title}\n{a.body}")}
    assert set(ALLOWED) <= used


def test_label_rules_on_examples() -> None:
    guide = [normalise("Cliquez sur « **Se connecter** ». Statut : Validé. Tableau de bord")]
    body = "Ouvrez « Tableau de bord › Se connecter » puis **Dashboard** et *Valid*."
    assert quoted_labels(body) == ["Tableau de bord", "Se connecter", "Dashboard", "Valid"]
    assert [label for label in quoted_labels(body) if not label_in(label, guide)] == [
        "Dashboard",
        "Valid",
    ]
    assert quoted_labels("« بوابة الجمارك » (Portail Douanes)") == ["بوابة الجمارك"]
    assert not label_in("بوابة الجمارك", guide)
    assert not label_in("se connecter", guide)  # case-sensitive


def test_section_rules_on_examples() -> None:
    headings = ["I. PRISE EN MAIN", "A. Accéder", "II. TABLEAU DE BORD", "A. Indicateurs clés"]
    assert section_found("II. TABLEAU DE BORD > A. Indicateurs clés", headings)
    assert not section_found("II. TABLEAU DE BORD > A. Accéder", headings)  # order
    assert not section_found("II. Tableau de bord", headings)
    assert clean_heading("#### • <u>Si l'opérateur</u> <u>« DOUANE »</u> :") == (
        "Si l'opérateur « DOUANE »"
    )
    assert clean_heading("#### \\* <u>Sous étape 1 : Ajout utilisateurs</u>") == (
        "Sous étape 1 : Ajout utilisateurs"
    )
