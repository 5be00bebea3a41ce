"""The action server registers exactly the custom actions the domain declares.

A renamed action, or one declared in domain.yml but never written, would only show
up at run time as Rasa's "no registered action found"; this catches it first.
"""

from pathlib import Path

import yaml
from rasa_sdk.executor import ActionExecutor

DOMAIN = Path(__file__).resolve().parents[2] / "domain.yml"


def declared_custom_actions() -> set[str]:
    domain = yaml.safe_load(DOMAIN.read_text(encoding="utf-8"))
    # validate_<form> actions are custom too; utter_ responses are Rasa's own.
    return {name for name in domain.get("actions", []) if not name.startswith("utter_")}


def registered_actions() -> set[str]:
    executor = ActionExecutor()
    executor.register_package("actions")
    return set(executor.actions)


def test_every_declared_action_is_registered() -> None:
    missing = declared_custom_actions() - registered_actions()
    assert not missing, f"declared in domain.yml but not registered: {sorted(missing)}"


def test_every_registered_action_is_declared() -> None:
    undeclared = registered_actions() - declared_custom_actions()
    assert not undeclared, f"registered but missing from domain.yml: {sorted(undeclared)}"
