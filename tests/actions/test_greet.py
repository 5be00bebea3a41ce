import asyncio
import socket
from typing import Any

import httpx
import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.core_client import CoreClient
from actions.greet import FALLBACK_PORTAL_NAMES, ActionGreet
from tests.actions.conftest import TrackerFactory

NAMES = {"fr": "portail Douane", "ar": "بوابة الجمارك", "en": "Customs portal"}


def core_answering(seen: list[httpx.Request]) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        lang = request.url.params["lang"]
        return httpx.Response(200, json={"code": "douane", "name": NAMES[lang]})

    return httpx.MockTransport(handler)


def core_down() -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    return httpx.MockTransport(handler)


def greet(action: ActionGreet, tracker: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, {}))
    return events, dispatcher.messages


@pytest.mark.parametrize("lang", ["fr", "ar", "en"])
def test_greets_with_the_portal_name_from_the_core(make_tracker: TrackerFactory, lang: str) -> None:
    seen: list[httpx.Request] = []
    action = ActionGreet(
        lambda: CoreClient("http://core.test", "tok", transport=core_answering(seen))
    )

    events, messages = greet(action, make_tracker(slots={"language": lang, "portal": "douane"}))

    assert events == []
    assert len(messages) == 1
    assert messages[0]["response"] == "utter_greet"
    assert messages[0]["portal_name"] == NAMES[lang]
    assert seen[0].url.path == "/api/v1/internal/portals/douane"
    assert seen[0].url.params["lang"] == lang
    assert seen[0].headers["X-Internal-Token"] == "tok"


@pytest.mark.parametrize("lang", ["fr", "ar", "en"])
def test_greets_with_the_fallback_name_when_the_core_is_down(
    make_tracker: TrackerFactory, lang: str
) -> None:
    action = ActionGreet(lambda: CoreClient("http://core.test", transport=core_down()))

    events, messages = greet(action, make_tracker(slots={"language": lang, "portal": "mic"}))

    assert events == []
    assert [m["response"] for m in messages] == ["utter_greet"]
    assert messages[0]["portal_name"] == FALLBACK_PORTAL_NAMES[lang]
    assert "PORTNET" in messages[0]["portal_name"]


def test_invalid_slots_fall_back_to_pmpce_in_french(make_tracker: TrackerFactory) -> None:
    seen: list[httpx.Request] = []
    action = ActionGreet(lambda: CoreClient("http://core.test", transport=core_answering(seen)))

    greet(action, make_tracker(slots={"language": "de", "portal": "amazon"}))

    assert seen[0].url.path == "/api/v1/internal/portals/pmpce"
    assert seen[0].url.params["lang"] == "fr"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_default_client_reads_the_environment_and_survives_a_closed_port(
    make_tracker: TrackerFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TIJARIA_CORE_URL", f"http://127.0.0.1:{free_port()}")
    monkeypatch.delenv("TIJARIA_INTERNAL_TOKEN", raising=False)

    _, messages = greet(ActionGreet(), make_tracker(slots={"language": "en"}))

    assert messages[0]["portal_name"] == "PORTNET portal"
