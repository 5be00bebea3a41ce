"""Routed dialogue acts: they ask the core, then perform the act or answer the question."""

import asyncio
import json
from typing import Any

import httpx
import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import ActionExecutor, CollectingDispatcher

from actions.core_client import CoreClient
from actions.routing import (
    ActionDeclineOutOfScope,
    ActionRouteAskHuman,
    ActionRouteGoodbye,
    ActionRouteGreet,
    ActionRouteMyFiles,
    ActionRouteThank,
    RoutedDialogueAct,
)
from tests.actions.conftest import build_tracker

ARTICLE = {
    "id": "common-tijaria",
    "lang": "fr",
    "title": "TijarIA",
    "body": "Vous pouvez lui parler avec le micro.",
    "source": {"title": "TijarIA", "guide": "Guide", "section": "Aide", "url": "/a"},
}


def tracker(text: str, intent: str, *, unanswered: float = 0) -> Tracker:
    built = build_tracker(slots={"unanswered_turns": unanswered}, text=text)
    built.latest_message["intent"] = {"name": intent, "confidence": 1.0}
    return built


def core(verdict: dict, seen: list[httpx.Request]) -> Any:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path.startswith("/api/v1/internal/portals/"):
            return httpx.Response(200, json={"code": "pmpce", "name": "portail PMPCE"})
        return httpx.Response(200, json=verdict)

    return lambda: CoreClient("http://core.test", "tok", transport=httpx.MockTransport(handler))


def run(action: Any, tracker: Tracker) -> tuple[list[dict], list[dict]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, {}))
    return events, dispatcher.messages


def test_goodbye_that_asks_something_is_answered_from_the_guides() -> None:
    seen: list[httpx.Request] = []
    action = ActionRouteGoodbye(core({"kind": "answer", "article": ARTICLE}, seen))

    events, messages = run(action, tracker("Je peux parler au lieu d'écrire ?", "goodbye"))

    body = json.loads(seen[0].content)
    assert (body["intent"], body["intent_confidence"]) == ("goodbye", 1.0)
    assert [m.get("response") for m in messages] == [None]
    assert "micro" in messages[0]["custom"]["text"]
    assert events[0]["value"] == 0.0


@pytest.mark.parametrize(
    ("action", "intent", "response"),
    [
        (ActionRouteGoodbye, "goodbye", "utter_goodbye"),
        (ActionRouteThank, "thank", "utter_you_are_welcome"),
        (ActionRouteAskHuman, "ask_human", "utter_ask_human"),
    ],
)
def test_a_meant_act_is_performed(
    action: type[RoutedDialogueAct], intent: str, response: str
) -> None:
    seen: list[httpx.Request] = []

    events, [message] = run(
        action(core({"kind": "act", "act": intent}, seen)), tracker("au revoir", intent)
    )

    assert message["response"] == response
    assert events == []


def test_greeting_keeps_the_portal_name() -> None:
    seen: list[httpx.Request] = []

    _, [message] = run(
        ActionRouteGreet(core({"kind": "act", "act": "greet"}, seen)), tracker("bonjour", "greet")
    )

    assert message["response"] == "utter_greet"
    assert message["portal_name"] == "portail PMPCE"


def test_my_files_for_an_anonymous_user_asks_to_sign_in() -> None:
    seen: list[httpx.Request] = []

    _, [message] = run(
        ActionRouteMyFiles(core({"kind": "act", "act": "ask_my_files"}, seen)),
        tracker("où en est ma réclamation ?", "ask_my_files"),
    )

    assert message["response"] == "utter_ask_login"


def test_a_claim_reference_read_as_another_act_asks_for_that_claim() -> None:
    seen: list[httpx.Request] = []

    run(
        ActionDeclineOutOfScope(core({"kind": "act", "act": "ask_my_files"}, seen)),
        tracker("ما هي حالة شكايتي REC-9992-HDND؟", "out_of_scope"),
    )

    [status] = [r for r in seen if r.url.path == "/api/v1/internal/files/lookup"]
    assert status.url.params["text"] == "ما هي حالة شكايتي REC-9992-HDND؟"


def test_a_question_taken_for_ask_human_keeps_the_agent_one_click_away() -> None:
    seen: list[httpx.Request] = []
    verdict = {"kind": "answer", "article": ARTICLE, "act": "ask_human"}

    _, messages = run(
        ActionRouteAskHuman(core(verdict, seen)), tracker("I want to file a complaint", "ask_human")
    )

    assert messages[-1]["response"] == "utter_see_also"
    assert messages[-1]["buttons"] == [{"title": "Parler à un agent", "payload": "/ask_human"}]


def test_how_to_reach_an_agent_is_answered_then_the_agent_is_offered() -> None:
    seen: list[httpx.Request] = []
    verdict = {"kind": "answer", "article": ARTICLE, "act": "ask_human", "then_act": True}

    _, messages = run(
        ActionRouteAskHuman(core(verdict, seen)),
        tracker("Comment être mis en relation avec un agent ?", "ask_human"),
    )

    assert "Vous pouvez lui parler" in messages[0]["custom"]["text"]
    assert messages[-1]["response"] == "utter_ask_human"
    assert not any(m.get("buttons") for m in messages[:-1])


@pytest.mark.parametrize(
    ("verdict", "response", "after"),
    [
        ({"kind": "act", "act": "out_of_scope", "unanswered_turns": 1}, "utter_out_of_scope", 1.0),
        (
            {"kind": "act", "act": "out_of_scope", "offer_human": True},
            "utter_offer_human",
            0.0,
        ),
    ],
)
def test_out_of_scope_follows_the_cores_no_answer_rule(
    verdict: dict, response: str, after: float
) -> None:
    seen: list[httpx.Request] = []

    events, [message] = run(
        ActionDeclineOutOfScope(core(verdict, seen)),
        tracker("la météo ?", "out_of_scope", unanswered=1),
    )

    assert json.loads(seen[0].content)["unanswered_turns"] == 1
    assert message["response"] == response
    assert events[0]["value"] == after


def test_without_the_core_the_act_is_performed() -> None:
    def down(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    action = ActionRouteGoodbye(
        lambda: CoreClient("http://core.test", transport=httpx.MockTransport(down))
    )

    _, [message] = run(action, tracker("au revoir", "goodbye"))

    assert message["response"] == "utter_goodbye"


def test_the_action_server_registers_every_routed_act() -> None:
    """rasa-sdk registers every concrete Action subclass: the base classes must stay abstract."""
    executor = ActionExecutor()
    executor.register_package("actions")

    assert {
        "action_route_greet",
        "action_route_goodbye",
        "action_route_thank",
        "action_route_affirm",
        "action_route_deny",
        "action_route_bot_challenge",
        "action_route_ask_human",
        "action_route_my_files",
        "action_decline_out_of_scope",
        "action_answer_question",
    } <= set(executor.actions)
