"""The NLU data and domain of procedures, read as files (no Rasa needed).

The model's quality is measured by test_nlu_quality.py (F1 gate) and the held-out routing
evaluation; this checks what the files must say for the procedures to work at all.
"""

import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
import yaml

from actions.my_files import CLAIM_REFERENCE

REPO = Path(__file__).resolve().parents[2]
NLU_DIR = REPO / "data" / "nlu"
DOMAIN = yaml.safe_load((REPO / "domain.yml").read_text(encoding="utf-8"))
RULES = yaml.safe_load((REPO / "data" / "rules.yml").read_text(encoding="utf-8"))["rules"]
PROCEDURE_INTENTS = ("file_claim", "resume_procedure", "cancel_procedure", "go_back")
ANNOTATION = re.compile(r"\[([^\]]+)\]\((\w+)\)")
ARABIC = re.compile(r"[\u0600-\u06FF]")


def blocks() -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for path in sorted(NLU_DIR.glob("*.yml")):
        found += yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", [])
    return found


def examples(block: dict[str, Any]) -> list[str]:
    return [
        line[2:].strip()
        for line in block.get("examples", "").splitlines()
        if line.strip().startswith("- ")
    ]


def plain(example: str) -> str:
    return ANNOTATION.sub(r"\1", example)


def by_intent() -> dict[str, list[list[str]]]:
    grouped: dict[str, list[list[str]]] = defaultdict(list)
    for block in blocks():
        if "intent" in block:
            grouped[block["intent"]].append([plain(e) for e in examples(block)])
    return grouped


INTENTS = by_intent()


def intent_of(text: str) -> list[str]:
    return [intent for intent, groups in INTENTS.items() if any(text in group for group in groups)]


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("je veux déposer une réclamation", "file_claim"),
        ("j'ai un problème avec ma DFD, je veux réclamer", "file_claim"),
        ("I want to file a complaint", "file_claim"),
        ("بغيت ندير شكاية", "file_claim"),
        ("bghit ndir reclamation", "file_claim"),
        ("reprendre ma réclamation", "resume_procedure"),
        ("annuler", "cancel_procedure"),
        ("retour", "go_back"),
        ("revenir en arrière", "go_back"),
        ("où en est ma réclamation ?", "ask_my_files"),
        ("mes réclamations", "ask_my_files"),
        ("comment déposer une réclamation", "ask_question"),
    ],
)
def test_the_issues_phrasings_are_examples_of_their_intent(text: str, intent: str) -> None:
    assert intent_of(text) == [intent]


@pytest.mark.parametrize("intent", PROCEDURE_INTENTS)
def test_each_procedure_intent_speaks_the_four_languages(intent: str) -> None:
    groups = INTENTS[intent]
    arabic = [g for g in groups if all(ARABIC.search(e) for e in g)]
    latin = [g for g in groups if not any(ARABIC.search(e) for e in g)]
    # fr, en and Darija in Latin letters, then Arabic: each with enough phrasings to learn.
    assert len(arabic) >= 1 and len(latin) >= 3, intent
    assert all(len(g) >= 7 for g in groups), [len(g) for g in groups]
    darija = {"bghit", "lghi", "rje3", "nkemmel", "kemmel", "3awni", "nlghi"}
    assert any(darija & set(e.lower().split()) for g in latin for e in g), intent


def test_no_example_belongs_to_two_intents() -> None:
    seen: dict[str, str] = {}
    clashes = []
    for intent, groups in INTENTS.items():
        for example in (e.lower() for g in groups for e in g):
            if seen.setdefault(example, intent) != intent:
                clashes.append((example, seen[example], intent))
    assert not clashes


def test_the_claim_reference_regex_is_the_actions_pattern() -> None:
    [regex] = [b for b in blocks() if b.get("regex") == "claim_reference"]
    [pattern] = examples(regex)

    assert pattern == "REC-[0-9A-Za-z]{4}-[0-9A-Za-z]{4}"
    assert CLAIM_REFERENCE.pattern == rf"\b{pattern}\b"


def test_every_annotated_reference_is_one_and_asks_about_files() -> None:
    annotated = [
        (block["intent"], value)
        for block in blocks()
        if "intent" in block
        for example in examples(block)
        for value, entity in ANNOTATION.findall(example)
        if entity == "claim_reference"
    ]

    assert len(annotated) >= 8
    assert {intent for intent, _ in annotated} == {"ask_my_files"}
    assert all(CLAIM_REFERENCE.fullmatch(value) for _, value in annotated)
    assert "claim_reference" in DOMAIN["entities"]


def test_the_form_takes_any_text_while_it_asks() -> None:
    """No intent filter: the core decides what the text is (an answer, a command, a question)."""
    slot = DOMAIN["slots"]["procedure_answer"]

    assert DOMAIN["forms"]["procedure_form"]["required_slots"] == ["procedure_answer"]
    assert slot["influence_conversation"] is False
    [mapping] = slot["mappings"]
    assert mapping["type"] == "from_text"
    assert "intent" not in mapping and "not_intent" not in mapping
    assert mapping["conditions"] == [
        {"active_loop": "procedure_form", "requested_slot": "procedure_answer"}
    ]
    for action in ("action_ask_procedure_answer", "validate_procedure_form"):
        assert action in DOMAIN["actions"]


def steps_of(rule_name: str) -> list[dict[str, Any]]:
    [rule] = [r for r in RULES if r["rule"] == rule_name]
    return rule["steps"]


@pytest.mark.parametrize("intent", ["file_claim", "resume_procedure"])
def test_asking_for_a_procedure_starts_it(intent: str) -> None:
    starts = [r for r in RULES if r["steps"][0] == {"intent": intent}]

    assert [r["steps"][1:] for r in starts] == [[{"action": "action_start_procedure"}]]


def test_the_slot_is_reset_after_the_form() -> None:
    [rule] = [r for r in RULES if {"action": "procedure_form"} in r["steps"]]

    assert rule["condition"] == [{"active_loop": "procedure_form"}]
    assert rule["steps"][-1] == {"action": "action_reset_procedure"}
    assert {"active_loop": None} in rule["steps"]


@pytest.mark.parametrize("intent", ["cancel_procedure", "go_back"])
def test_commands_outside_a_procedure_have_their_rule(intent: str) -> None:
    [rule] = [r for r in RULES if r["steps"][0] == {"intent": intent}]

    assert rule["condition"] == [{"active_loop": None}]
    assert rule["steps"][1] == {"action": "action_outside_procedure"}
