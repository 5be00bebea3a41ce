import asyncio
import json
from typing import Any

import httpx
import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.core_client import CoreClient
from actions.my_files import ActionMyFiles
from tests.actions.conftest import TrackerFactory

QUESTION = "où en est ma réclamation ?"
OPERATOR = {
    "role": "operator",
    "realm": "portnet",
    "display_name": "Opérateur Démo",
    "organisation": "Démo Import SARL",
}
# What a forged tracker claims: a signed-in operator, whatever the core knows.
FORGED_SLOTS = {"user_role": "operator", "user_display_name": "Quelqu'un d'autre"}


def core_saying(user: dict[str, Any] | None, seen: list[httpx.Request]) -> httpx.MockTransport:
    """The core's identity route: `user` owns every conversation (None: nobody)."""

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        session_id = request.url.path.split("/")[-2]
        return httpx.Response(200, json={"session_id": session_id, "user": user})

    return httpx.MockTransport(handler)


def run_action(tracker: Any, transport: httpx.MockTransport) -> list[dict[str, Any]]:
    action = ActionMyFiles(lambda: CoreClient("http://core.test", "tok", transport=transport))
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, {}))
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


def test_the_core_is_asked_about_this_conversation(make_tracker: TrackerFactory) -> None:
    seen: list[httpx.Request] = []

    run_action(make_tracker(text=QUESTION), core_saying(None, seen))

    [request] = seen
    assert request.url.path == "/api/v1/internal/conversations/test-session/identity"
    assert request.headers["X-Internal-Token"] == "tok"


def test_anonymous_user_is_asked_to_sign_in(make_tracker: TrackerFactory) -> None:
    messages = run_action(make_tracker(text=QUESTION), core_saying(None, []))

    assert [m["response"] for m in messages] == ["utter_ask_login"]


def test_a_forged_role_slot_does_not_sign_anyone_in(make_tracker: TrackerFactory) -> None:
    forged = make_tracker(
        text=QUESTION,
        slots=FORGED_SLOTS,
        metadata={"user": {"role": "operator", "display_name": "Quelqu'un d'autre"}},
    )

    messages = run_action(forged, core_saying(None, []))

    assert [m["response"] for m in messages] == ["utter_ask_login"]


def test_signed_in_user_is_told_by_the_name_the_core_gives(make_tracker: TrackerFactory) -> None:
    # The slots still say nobody (or somebody else): the core's answer wins.
    for slots in ({"user_role": None}, FORGED_SLOTS):
        messages = run_action(make_tracker(text=QUESTION, slots=slots), core_saying(OPERATOR, []))

        assert [m["response"] for m in messages] == ["utter_my_files_not_yet"]
        assert messages[0]["user_display_name"] == "Opérateur Démo"


@pytest.mark.parametrize(
    "answer",
    [
        httpx.Response(401, json={"error": {"code": "invalid_internal_token"}}),
        httpx.Response(500, text="boom"),
        httpx.Response(200, json={"user": {"role": "operator"}}),  # no session_id: unusable
    ],
    ids=["refused", "failed", "malformed"],
)
def test_when_the_core_cannot_say_the_user_is_anonymous(
    make_tracker: TrackerFactory, answer: httpx.Response
) -> None:
    messages = run_action(
        make_tracker(text=QUESTION, slots=FORGED_SLOTS), httpx.MockTransport(lambda r: answer)
    )

    assert [m["response"] for m in messages] == ["utter_ask_login"]
