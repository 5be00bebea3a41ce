"""`python -m knowledge build`: (re)build the search index when the corpus or the model changed.
`python -m knowledge nlu-topics`: rewrite data/nlu/topics.yml from the article titles."""

import argparse
import os

from knowledge import nlu_topics
from knowledge.embedder import DEFAULT_MODEL, load_embedder
from knowledge.retriever import index_dir, index_key, load_or_build


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m knowledge", description=__doc__)
    parser.add_argument("command", choices=["build", "nlu-topics"])
    if parser.parse_args().command == "nlu-topics":
        print(f"[knowledge] wrote {nlu_topics.write()}")
        return
    embedder = load_embedder(os.environ.get("TIJARIA_EMBEDDING_MODEL", DEFAULT_MODEL))
    path = index_dir() / f"{index_key(embedder)}.faiss"
    if path.exists():
        print(f"[knowledge] index up to date: {path}")
        return
    retriever = load_or_build(embedder, progress=True)
    print(
        f"[knowledge] {len({a.id for a in retriever.articles})} articles, "
        f"{len(retriever.articles)} language versions, {len(retriever.passages)} passages indexed"
    )


if __name__ == "__main__":
    main()
