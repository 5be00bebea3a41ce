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
FILES_LOOKUP = "/api/v1/internal/files/lookup"
LATEST_CLAIMS = {
    "status": "none",
    "messages": [
        {
            "text": "Vos dernières réclamations :",
            "buttons": [
                {"title": "REC-7K2M-Q9XD · Traitée", "payload": "où en est REC-7K2M-Q9XD"},
                {"title": "REC-4HNP-2W8T · Nouvelle", "payload": "où en est REC-4HNP-2W8T"},
            ],
        }
    ],
}
OPERATOR = {
    "role": "operator",
    "realm": "portnet",
    "display_name": "Opérateur Démo",
    "organisation": "Démo Import SARL",
}
# What a forged tracker claims: a signed-in operator, whatever the core knows.
FORGED_SLOTS = {"user_role": "operator", "user_display_name": "Quelqu'un d'autre"}


def core_saying(
    user: dict[str, Any] | None,
    seen: list[httpx.Request],
    claims: httpx.Response | None = None,
) -> httpx.MockTransport:
    """The core: `user` owns every conversation (None: nobody); the files lookup answers
    `claims`, or what the real one does for that user (login_required / a list)."""

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path == FILES_LOOKUP:
            if claims is not None:
                return claims
            if user is None:
                return httpx.Response(200, json={"status": "login_required", "messages": []})
            return httpx.Response(200, json=LATEST_CLAIMS)
        session_id = request.url.path.split("/")[-2]
        return httpx.Response(200, json={"session_id": session_id, "user": user})

    return httpx.MockTransport(handler)


def run_action(tracker: Any, transport: httpx.MockTransport) -> list[dict[str, Any]]:
    action = ActionMyFiles(lambda: CoreClient("http://core.test", "tok", transport=transport))
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, {}))
    assert events == []
    return dispatcher.messages


def with_reference(tracker: Any, value: str) -> Any:
    tracker.latest_message["entities"] = [{"entity": "claim_reference", "value": value}]
    return tracker


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


def test_the_core_is_asked_about_this_conversations_files(make_tracker: TrackerFactory) -> None:
    seen: list[httpx.Request] = []

    run_action(make_tracker(text=QUESTION, slots={"language": "ar"}), core_saying(OPERATOR, seen))

    [request] = seen
    assert request.url.path == FILES_LOOKUP
    assert dict(request.url.params) == {
        "session_id": "test-session",
        "text": QUESTION,
        "lang": "ar",
    }
    assert request.headers["X-Internal-Token"] == "tok"


def test_a_kind_button_s_entity_is_sent_and_the_sources_are_kept(
    make_tracker: TrackerFactory,
) -> None:
    seen: list[httpx.Request] = []
    tracker = make_tracker(text='/ask_my_files{"file_kind": "invoice"}')
    tracker.latest_message["entities"] = [{"entity": "file_kind", "value": "invoice"}]
    source = {"title": "Guide", "guide": "portail-pmpce", "section": "B. Mes Factures", "url": ""}
    told = httpx.Response(
        200,
        json={"status": "done", "messages": [{"text": "F-2026-000187 : …", "sources": [source]}]},
    )

    messages = run_action(tracker, core_saying(OPERATOR, seen, told))

    assert seen[0].url.params["kind"] == "invoice"
    assert messages[0]["custom"] == {"sources": [source]}


def test_the_claims_the_core_lists_are_shown_with_their_buttons(
    make_tracker: TrackerFactory,
) -> None:
    messages = run_action(make_tracker(text="mes réclamations"), core_saying(OPERATOR, []))

    assert [m["text"] for m in messages] == ["Vos dernières réclamations :"]
    assert messages[0]["buttons"] == LATEST_CLAIMS["messages"][0]["buttons"]


@pytest.mark.parametrize(
    "text",
    [
        "REC-4hnp-2w8t",  # one word, but a claim's reference: not a bare topic
        "réclamation REC-4HNP-2W8T, des nouvelles ?",
    ],
)
def test_the_message_goes_to_the_core_which_reads_its_references(
    make_tracker: TrackerFactory, text: str
) -> None:
    seen: list[httpx.Request] = []

    run_action(make_tracker(text=text), core_saying(OPERATOR, seen))

    assert seen[0].url.path == FILES_LOOKUP
    assert seen[0].url.params["text"] == text


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


def test_signed_in_user_gets_the_claims_the_core_finds_whatever_the_slots_say(
    make_tracker: TrackerFactory,
) -> None:
    # The slots still say nobody (or somebody else): the core's answer wins.
    for slots in ({"user_role": None}, FORGED_SLOTS):
        messages = run_action(make_tracker(text=QUESTION, slots=slots), core_saying(OPERATOR, []))

        assert [m["text"] for m in messages] == ["Vos dernières réclamations :"]


@pytest.mark.parametrize(
    "claims",
    [httpx.Response(404, json={"error": {"code": "not_found"}}), httpx.Response(500)],
    ids=["no-route", "failed"],
)
def test_without_the_files_lookup_a_signed_in_user_is_told_by_name(
    make_tracker: TrackerFactory, claims: httpx.Response
) -> None:
    messages = run_action(make_tracker(text=QUESTION), core_saying(OPERATOR, [], claims))

    assert [m["response"] for m in messages] == ["utter_my_files_unavailable"]
    assert messages[0]["user_display_name"] == "Opérateur Démo"


def test_without_the_files_lookup_an_anonymous_user_is_asked_to_sign_in(
    make_tracker: TrackerFactory,
) -> None:
    messages = run_action(make_tracker(text=QUESTION), core_saying(None, [], httpx.Response(503)))

    assert [m["response"] for m in messages] == ["utter_ask_login"]


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
