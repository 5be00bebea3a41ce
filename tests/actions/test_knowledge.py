import asyncio
import json
from typing import Any

import httpx
import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.core_client import CoreClient
from actions.knowledge import ActionAnswerQuestion, answer_text, choose_article_payload
from tests.actions.conftest import build_tracker

SOURCE = {
    "title": "Compte bancaire",
    "guide": "Guide RNOCE",
    "section": "Compte bancaire",
    "url": "/a",
}
ARTICLE = {
    "id": "rnoce-bank-account",
    "lang": "fr",
    "title": "Compte bancaire",
    "body": "Le RIB a 24 chiffres.",
    "source": SOURCE,
}


def tracker(text: str = "RIB ?", *, unanswered: float = 0, entities: list | None = None) -> Tracker:
    built = build_tracker(slots={"portal": "rnoce", "unanswered_turns": unanswered}, text=text)
    built.latest_message["entities"] = entities or []
    return built


def run(action: Any, tracker: Tracker) -> tuple[list[dict], list[dict]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, {}))
    return events, dispatcher.messages


def answering(verdict: dict, seen: list[httpx.Request] | None = None) -> ActionAnswerQuestion:
    def handler(request: httpx.Request) -> httpx.Response:
        if seen is not None:
            seen.append(request)
        if request.url.path.startswith("/api/v1/knowledge/articles/"):
            return httpx.Response(200, json=ARTICLE)
        return httpx.Response(200, json=verdict)

    return ActionAnswerQuestion(
        lambda: CoreClient("http://core.test", "tok", transport=httpx.MockTransport(handler))
    )


def test_an_answer_carries_the_article_its_reference_and_its_source() -> None:
    seen: list[httpx.Request] = []

    events, [message] = run(
        answering({"kind": "answer", "article": ARTICLE}, seen), tracker(unanswered=1)
    )

    assert message["custom"] == {"text": answer_text(build_article()), "sources": [SOURCE]}
    assert message["custom"]["text"].endswith("Source : Guide RNOCE › Compte bancaire")
    assert events == [
        {"event": "slot", "timestamp": None, "name": "unanswered_turns", "value": 0.0}
    ]
    assert json.loads(seen[0].content) == {
        "question": "RIB ?",
        "portal": "rnoce",
        "lang": "fr",
        "unanswered_turns": 1,
        "session_id": "test-session",
    }
    assert seen[0].headers["X-Internal-Token"] == "tok"


def build_article():  # type: ignore[no-untyped-def]
    from actions.core_client import Article

    return Article.model_validate(ARTICLE)


def test_a_clarification_offers_the_candidates_as_buttons() -> None:
    verdict = {
        "kind": "clarify",
        "candidates": [{"id": "a-1", "title": "Un"}, {"id": "b-2", "title": "Deux"}],
    }

    events, [message] = run(answering(verdict), tracker("mot de passe"))

    assert message["response"] == "utter_ask_which_topic"
    assert message["buttons"] == [
        {"title": "Un", "payload": '/choose_article{"article_id":"a-1"}'},
        {"title": "Deux", "payload": '/choose_article{"article_id":"b-2"}'},
    ]
    assert events == [
        {"event": "slot", "timestamp": None, "name": "unanswered_turns", "value": 0.0}
    ]


def test_an_answer_gives_every_part_then_see_also_buttons() -> None:
    second = {**ARTICLE, "id": "rnoce-documents", "title": "Documents", "body": "PDF."}
    verdict = {
        "kind": "answer",
        "article": ARTICLE,
        "more": [second],
        "see_also": [{"id": "rnoce-contract", "title": "Contrat"}],
        "act": "ask_human",
    }

    events, messages = run(answering(verdict), tracker("RIB et documents ?"))

    assert [m["custom"]["text"].split("\n")[0] for m in messages[:2]] == [
        "**Compte bancaire**",
        "**Documents**",
    ]
    assert messages[2]["response"] == "utter_see_also"
    assert messages[2]["buttons"] == [
        {"title": "Contrat", "payload": '/choose_article{"article_id":"rnoce-contract"}'},
        {"title": "Parler à un agent", "payload": "/ask_human"},
    ]
    assert events[0]["value"] == 0.0


def test_an_answer_without_alternatives_has_no_see_also() -> None:
    _, messages = run(answering({"kind": "answer", "article": ARTICLE}), tracker())

    assert len(messages) == 1 and "custom" in messages[0]


def test_a_chosen_article_is_fetched_by_id() -> None:
    seen: list[httpx.Request] = []
    chosen = tracker(
        "/choose_article", entities=[{"entity": "article_id", "value": "rnoce-bank-account"}]
    )

    _, [message] = run(answering({"kind": "none"}, seen), chosen)

    assert seen[0].url.path == "/api/v1/knowledge/articles/rnoce-bank-account"
    assert "24 chiffres" in message["custom"]["text"]


@pytest.mark.parametrize(
    ("verdict", "response", "after"),
    [
        ({"kind": "none", "unanswered_turns": 1}, "utter_no_answer", 1.0),
        ({"kind": "none", "unanswered_turns": 0, "offer_human": True}, "utter_offer_human", 0.0),
    ],
)
def test_the_core_decides_when_to_offer_a_human(verdict: dict, response: str, after: float) -> None:
    """The no-answer rule is the core's: the action sends its count and obeys the verdict."""
    seen: list[httpx.Request] = []

    events, [message] = run(answering(verdict, seen), tracker(unanswered=1))

    assert json.loads(seen[0].content)["unanswered_turns"] == 1
    assert message["response"] == response
    assert events[0]["value"] == after


def test_core_down_says_the_knowledge_base_is_unavailable() -> None:
    def down(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    action = ActionAnswerQuestion(
        lambda: CoreClient("http://core.test", transport=httpx.MockTransport(down))
    )

    events, [message] = run(action, tracker())

    assert message["response"] == "utter_knowledge_unavailable"
    assert events == []


def test_choose_article_payload_is_a_rasa_intent_with_entity() -> None:
    assert choose_article_payload("x-1") == '/choose_article{"article_id":"x-1"}'
