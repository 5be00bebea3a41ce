"""What gets embedded: several short passages per article instead of one long blob.

A short question is closer to a short text than to a 400-character mix of topics, so
each article is embedded as its title, its title with its tags, each tag on its own
(tags carry the ways users name the topic, in any language), and each body line (a
step, a bullet, a paragraph) after the title. The article's dense
score is built from the best passage of each kind (see Retriever).
"""

import re
from dataclasses import dataclass

from knowledge.corpus import Article

# Kinds of passage and how much each kind's best match counts in the article's dense score.
# Measured on tests/knowledge/dev_questions.yaml with bench/retrieval.py.
# (A 400-character "title + tags + body" blob was measured too: it added nothing once the
# others were there.)
KIND_WEIGHTS: dict[str, float] = {"title": 1.0, "tagline": 0.5, "line": 1.0, "tag": 1.0}
KINDS = tuple(KIND_WEIGHTS)

_LIST_MARKER = re.compile(r"^\s*(?:[-*]|\d+\.)\s*")
_MIN_LINE = 4


@dataclass(frozen=True)
class Passage:
    article_id: str
    kind: str
    text: str


def body_lines(body: str) -> list[str]:
    """The body's steps, bullets and paragraphs as plain text."""
    lines = []
    for line in body.splitlines():
        text = _LIST_MARKER.sub("", line).replace("**", "").strip()
        if len(text) >= _MIN_LINE:
            lines.append(text)
    return lines


def article_passages(article: Article) -> list[Passage]:
    tags = " ; ".join(article.tags)
    texts = [
        ("title", article.title),
        ("tagline", f"{article.title}. {tags}"),
        *(("tag", tag) for tag in article.tags),
        *(("line", f"{article.title} : {line}") for line in body_lines(article.body)),
    ]
    return [Passage(article.id, kind, text) for kind, text in texts]


def corpus_passages(articles: list[Article]) -> list[Passage]:
    """Every article version's passages, each distinct one once (tags repeat across languages)."""
    seen: set[Passage] = set()
    result = []
    for article in articles:
        for passage in article_passages(article):
            if passage not in seen:
                seen.add(passage)
                result.append(passage)
    return result
