"""« Je veux parler à quelqu'un »: action_route_ask_human asks the core for its handoff
offer (queue position, wait, « Oui / Non »), starts the contact form when nobody is
there, and says how to reach support when the core cannot be asked."""

import asyncio
import json
from typing import Any

import httpx
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.core_client import CoreClient
from actions.routing import ActionRouteAskHuman, handoff_reason
from tests.actions.conftest import build_tracker

OFFER = "/api/v1/internal/handoff/offer"
ACT = {"kind": "act", "act": "ask_human"}


def tracker(events: list[dict[str, Any]] | None = None) -> Tracker:
    built = build_tracker(text="je veux parler à un agent")
    built.latest_message["intent"] = {"name": "ask_human", "confidence": 1.0}
    built.events = events or []
    return built


def core(offer: dict[str, Any] | int, seen: list[httpx.Request]) -> Any:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path == OFFER:
            if isinstance(offer, int):
                return httpx.Response(offer)
            return httpx.Response(200, json=offer)
        return httpx.Response(200, json=ACT)

    return lambda: CoreClient("http://core.test", "tok", transport=httpx.MockTransport(handler))


def run(action: Any, tracker: Tracker) -> tuple[list[dict], list[dict]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, {}))
    return events, dispatcher.messages


def test_the_core_s_offer_is_said_with_its_buttons() -> None:
    seen: list[httpx.Request] = []
    offer = {
        "status": "human",
        "messages": [
            {
                "text": "Vous seriez n° 2 dans la file…",
                "buttons": [{"title": "Oui", "payload": '/handoff_confirm{"reason":"asked"}'}],
            }
        ],
    }

    events, [message] = run(ActionRouteAskHuman(core(offer, seen)), tracker())

    assert json.loads(seen[-1].content) == {"session_id": "test-session", "reason": "asked"}
    assert message["text"] == "Vous seriez n° 2 dans la file…"
    assert message["buttons"][0]["payload"].startswith("/handoff_confirm")
    assert message["act"] == "ask_human"  # the tracker's bot event says which act it is
    assert events == []


def test_nobody_available_starts_the_contact_form() -> None:
    seen: list[httpx.Request] = []
    offer = {
        "status": "asking",
        "messages": [
            {"text": "Aucun agent n'est disponible… +212 520 47 31 00"},
            {"text": "Vos coordonnées", "form": {"id": "d:contact", "fields": []}},
        ],
    }

    events, messages = run(ActionRouteAskHuman(core(offer, seen)), tracker())

    assert "+212" in messages[0]["text"]
    assert {m["act"] for m in messages} == {"ask_human"}
    assert messages[1]["custom"]["form"]["id"] == "d:contact"
    assert {"event": "active_loop", "name": "procedure_form"} in [
        {k: e.get(k) for k in ("event", "name")} for e in events
    ]


def test_without_the_core_support_is_pointed_to() -> None:
    events, [message] = run(ActionRouteAskHuman(core(502, [])), tracker())

    assert message["response"] == "utter_ask_human"
    assert events == []


def test_the_reason_is_no_answer_after_the_no_answer_offer() -> None:
    offered = [
        {"event": "user", "text": "blabla"},
        {
            "event": "bot",
            "text": "Je n'arrive pas…",
            "metadata": {"utter_action": "utter_offer_human"},
        },
        {"event": "user", "text": "/ask_human"},
    ]
    asked = [{"event": "user", "text": "un agent"}]

    assert handoff_reason(tracker(offered)) == "no_answer"
    assert handoff_reason(tracker(asked)) == "asked"


def test_the_reason_is_agent_only_after_an_answer_only_an_agent_can_settle() -> None:
    answered = [
        {"event": "user", "text": "modifier ma raison sociale"},
        {"event": "bot", "text": None, "data": {"custom": {"text": "…", "agent_only": True}}},
        {"event": "bot", "text": "Voir aussi :", "metadata": {"utter_action": "utter_see_also"}},
        {"event": "user", "text": "/ask_human"},
    ]

    assert handoff_reason(tracker(answered)) == "agent_only"


def test_an_agent_only_article_is_uttered_with_its_mark() -> None:
    from actions.core_client import Article
    from actions.knowledge import utter_article

    dispatcher = CollectingDispatcher()
    article = Article.model_validate(
        {
            "id": "pmpce-my-space",
            "lang": "fr",
            "title": "Mon Espace",
            "body": "En lecture seule.",
            "source": {"title": "Mon Espace", "guide": "g", "section": "s"},
            "agent_only": True,
        }
    )

    utter_article(dispatcher, article)

    assert dispatcher.messages[0]["custom"]["agent_only"] is True
