import asyncio
import json
from typing import Any

import httpx
from rasa_sdk.executor import CollectingDispatcher

from actions.core_client import CoreClient
from actions.my_files import ActionMyFiles
from tests.actions.conftest import TrackerFactory


def run_action(tracker: Any) -> list[dict[str, Any]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionMyFiles().run(dispatcher, tracker, {}))
    assert events == []
    return dispatcher.messages


def test_a_bare_topic_gets_the_guides_clarifying_choice(make_tracker: TrackerFactory) -> None:
    asked: list[dict[str, Any]] = []

    def core(request: httpx.Request) -> httpx.Response:
        asked.append(json.loads(request.content))
        return httpx.Response(200, json={"kind": "none"})

    action = ActionMyFiles(
        lambda: CoreClient("http://core.test", "tok", transport=httpx.MockTransport(core))
    )
    dispatcher = CollectingDispatcher()

    asyncio.run(
        action.run(dispatcher, make_tracker(text="réclamation", slots={"user_role": None}), {})
    )

    assert [a["question"] for a in asked] == ["réclamation"]
    assert "utter_ask_login" not in [m.get("response") for m in dispatcher.messages]


def test_name_matches_the_domain() -> None:
    assert ActionMyFiles().name() == "action_my_files"


def test_anonymous_user_is_asked_to_sign_in(make_tracker: TrackerFactory) -> None:
    messages = run_action(
        make_tracker(text="où en est ma réclamation ?", slots={"user_role": None})
    )

    assert [m["response"] for m in messages] == ["utter_ask_login"]


def test_signed_in_user_is_told_by_name(make_tracker: TrackerFactory) -> None:
    messages = run_action(
        make_tracker(
            text="où en est ma réclamation ?",
            slots={"user_role": "operator", "user_display_name": "Opérateur Démo"},
        )
    )

    assert [m["response"] for m in messages] == ["utter_my_files_not_yet"]
    assert messages[0]["user_display_name"] == "Opérateur Démo"
