import asyncio
from typing import Any

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.metadata_slots import ActionExtractMetadataSlots, slot_values_from_metadata
from tests.actions.conftest import TrackerFactory


def run_action(tracker: Any) -> list[dict[str, Any]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionExtractMetadataSlots().run(dispatcher, tracker, {}))
    assert dispatcher.messages == []
    return events


def test_valid_metadata_sets_every_slot(make_tracker: TrackerFactory) -> None:
    tracker = make_tracker(
        metadata={
            "portal": "douane",
            "language": "ar",
            "detected_language": "ar",
            "user": {"role": "operator", "display_name": "Test User"},
        }
    )

    events = run_action(tracker)

    assert events == [
        SlotSet("language", "ar"),
        SlotSet("portal", "douane"),
        SlotSet("user_role", "operator"),
        SlotSet("user_display_name", "Test User"),
    ]


def test_values_are_normalized() -> None:
    values = slot_values_from_metadata({"portal": " RNOCE ", "language": "EN-us"})

    assert values == {"language": "en", "portal": "rnoce"}


def test_darija_is_answered_in_the_language_field(make_tracker: TrackerFactory) -> None:
    tracker = make_tracker(
        slots={"language": "en"},
        metadata={"language": "fr", "detected_language": "darija", "portal": "pmpce"},
    )

    assert run_action(tracker) == [SlotSet("language", "fr")]


def test_unchanged_values_emit_no_event(make_tracker: TrackerFactory) -> None:
    tracker = make_tracker(
        slots={"language": "fr", "portal": "mic", "user_role": None},
        metadata={"language": "fr", "portal": "mic", "user": None},
    )

    assert run_action(tracker) == []


@pytest.mark.parametrize(
    "metadata",
    [
        {"language": "de", "portal": "amazon"},
        {"language": "", "portal": ""},
        {"language": None, "portal": None},
        {"language": 7, "portal": ["douane"]},
        {"language": "darija"},
        {"user": "admin"},
        {"user": {"role": ""}},
        {"user": {"role": 42}},
        {"user": {"role": "x" * 65}},
        {},
    ],
)
def test_invalid_values_keep_the_previous_slots(
    make_tracker: TrackerFactory, metadata: dict[str, Any]
) -> None:
    tracker = make_tracker(
        slots={"language": "en", "portal": "banques", "user_role": "bank_agent"},
        metadata=metadata,
    )

    assert run_action(tracker) == []


@pytest.mark.parametrize("metadata", [None, "douane", ["fr"], 3])
def test_missing_or_malformed_metadata_keeps_the_slots(
    make_tracker: TrackerFactory, metadata: Any
) -> None:
    tracker = make_tracker(slots={"language": "ar", "portal": "douane"}, metadata=metadata)

    assert run_action(tracker) == []


def test_no_latest_message_at_all(make_tracker: TrackerFactory) -> None:
    tracker = make_tracker()
    tracker.latest_message = None  # type: ignore[assignment]

    assert run_action(tracker) == []


@pytest.mark.parametrize("user", [None, {"display_name": "Anonymous"}])
def test_logged_out_or_roleless_user_clears_the_role(
    make_tracker: TrackerFactory, user: Any
) -> None:
    tracker = make_tracker(slots={"user_role": "operator"}, metadata={"user": user})

    assert run_action(tracker) == [SlotSet("user_role", None)]


def test_role_is_stripped() -> None:
    assert slot_values_from_metadata(
        {"user": {"role": " operator ", "display_name": " Test User "}}
    ) == {
        "user_role": "operator",
        "user_display_name": "Test User",
    }
