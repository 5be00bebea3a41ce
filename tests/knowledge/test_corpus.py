"""The article corpus: complete, well-formed, and consistent with the dev questions."""

from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from knowledge import corpus
from knowledge.corpus import FIELDS, LANGS, CorpusError, fingerprint, parse
from knowledge.passages import article_passages, body_lines
from knowledge.portals import PORTALS

DEV_QUESTIONS = Path(__file__).with_name("dev_questions.yaml")


@pytest.fixture(scope="module")
def articles() -> list[corpus.Article]:
    return corpus.load()


def test_every_id_exists_in_the_three_languages(articles: list[corpus.Article]) -> None:
    langs = defaultdict(set)
    for article in articles:
        langs[article.id].add(article.lang)
    incomplete = {
        article_id: sorted(found) for article_id, found in langs.items() if found != set(LANGS)
    }
    assert not incomplete


def test_ids_are_unique_per_language_and_match_the_file_name(
    articles: list[corpus.Article],
) -> None:
    keys = [(a.id, a.lang) for a in articles]
    assert len(keys) == len(set(keys))
    for article in articles:
        assert article.path.name == f"{article.id}.{article.lang}.md"


def test_front_matter_is_complete_and_in_order(articles: list[corpus.Article]) -> None:
    for article in articles:
        header = article.path.read_text(encoding="utf-8").split("---", 2)[1]
        keys = [line.split(":", 1)[0] for line in header.strip().splitlines()]
        # The required fields in order, then the optional ones (`procedure:` TijarIA runs,
        # `agent_only:` a topic only a PORTNET agent can settle).
        assert keys[: len(FIELDS)] == list(FIELDS), article.path
        assert set(keys[len(FIELDS) :]) <= {"procedure", "agent_only"}, article.path
        assert article.title and article.body and article.tags and article.section and article.guide


def test_portals_are_valid_and_shared_by_the_language_versions(
    articles: list[corpus.Article],
) -> None:
    by_id = defaultdict(set)
    for article in articles:
        assert article.portals and set(article.portals) <= set(PORTALS), article.path
        by_id[article.id].add(article.portals)
    assert all(len(variants) == 1 for variants in by_id.values())


def test_guides_exist_as_source_files(articles: list[corpus.Article]) -> None:
    guides = {a.guide for a in articles}
    assert guides <= {
        "portail-pmpce-commerce-exterieur",
        "portail-douane",
        "portail-mic",
        "portail-banques",
        "souscription-operateurs-rnoce",
    }


def test_missing_front_matter_field_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.fr.md"
    path.write_text("---\nid: x\nlang: fr\ntitle: T\n---\nbody\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="portals"):
        parse(path)


def test_fingerprint_changes_with_the_content(tmp_path: Path) -> None:
    path = tmp_path / "x.fr.md"
    path.write_text("a", encoding="utf-8")
    before = fingerprint(tmp_path)
    path.write_text("b", encoding="utf-8")
    assert fingerprint(tmp_path) != before


def test_every_article_gives_short_passages(articles: list[corpus.Article]) -> None:
    for article in articles:
        kinds = {p.kind for p in article_passages(article)}
        assert {"title", "tagline", "tag", "line"} <= kinds, article.path
    assert body_lines("1. **Un** pas\n\n- puce\n") == ["Un pas", "puce"]


def test_dev_questions_point_at_existing_articles(articles: list[corpus.Article]) -> None:
    ids = {a.id for a in articles}
    for question in yaml.safe_load(DEV_QUESTIONS.read_text(encoding="utf-8")):
        assert question["lang"] in {"fr", "ar", "en", "darija"}
        assert question["portal"] in PORTALS
        assert {question["expect"], *question.get("also", [])} <= ids, question


def test_agent_only_topics_are_marked_in_every_language(articles: list[corpus.Article]) -> None:
    marked = {(a.id, a.lang) for a in articles if a.agent_only}
    assert {("pmpce-my-space", lang) for lang in LANGS} <= marked
    assert {article_id for article_id, _ in marked} == {"pmpce-my-space"}
