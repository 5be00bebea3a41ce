"""Reads the articles: Markdown files with YAML front matter, one per topic and language."""

import hashlib
from dataclasses import dataclass
from pathlib import Path

import yaml

ARTICLES_DIR = Path(__file__).resolve().parent / "articles"
LANGS = ("fr", "ar", "en")
FIELDS = ("id", "lang", "title", "portals", "guide", "section", "tags")


@dataclass(frozen=True)
class Article:
    id: str
    lang: str
    title: str
    portals: tuple[str, ...]
    guide: str
    section: str
    tags: tuple[str, ...]
    body: str
    path: Path
    # The procedure TijarIA runs for this topic (front matter `procedure: claim`), if any.
    procedure: str | None = None
    # Only a PORTNET agent can settle it (front matter `agent_only: true`): the answer
    # comes with « Parler à un agent » (issue 14).
    agent_only: bool = False


class CorpusError(ValueError):
    pass


def parse(path: Path) -> Article:
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---"):
        raise CorpusError(f"{path}: no front matter")
    _, header, body = text.split("---", 2)
    meta = yaml.safe_load(header) or {}
    missing = [field for field in FIELDS if field not in meta]
    if missing:
        raise CorpusError(f"{path}: front matter lacks {', '.join(missing)}")
    return Article(
        id=str(meta["id"]),
        lang=str(meta["lang"]),
        title=str(meta["title"]),
        portals=tuple(meta["portals"]),
        guide=str(meta["guide"]),
        section=str(meta["section"]),
        tags=tuple(str(tag) for tag in meta["tags"] or ()),
        body=body.strip(),
        path=path,
        procedure=str(meta["procedure"]) if meta.get("procedure") else None,
        agent_only=meta.get("agent_only") is True,
    )


def article_files(root: Path = ARTICLES_DIR) -> list[Path]:
    return sorted(p for p in root.rglob("*.md") if p.name != "README.md")


def load(root: Path = ARTICLES_DIR) -> list[Article]:
    articles = [parse(path) for path in article_files(root)]
    seen: set[tuple[str, str]] = set()
    for article in articles:
        key = (article.id, article.lang)
        if key in seen:
            raise CorpusError(f"{article.path}: duplicate article {article.id} ({article.lang})")
        seen.add(key)
    return articles


def fingerprint(root: Path = ARTICLES_DIR) -> str:
    digest = hashlib.sha256()
    for path in article_files(root):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
