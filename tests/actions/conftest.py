"""Helpers for the action tests: build rasa-sdk trackers without a Rasa server."""

from collections.abc import Callable
from typing import Any

import pytest
from rasa_sdk import Tracker

DEFAULT_SLOTS: dict[str, Any] = {"language": "fr", "portal": "pmpce", "user_role": None}

TrackerFactory = Callable[..., Tracker]


def build_tracker(
    slots: dict[str, Any] | None = None,
    metadata: Any = None,
    text: str = "bonjour",
) -> Tracker:
    """A tracker whose latest user message carries ``metadata``."""
    latest_message: dict[str, Any] = {
        "text": text,
        "intent": {"name": "greet", "confidence": 0.99},
        "entities": [],
    }
    if metadata is not None:
        latest_message["metadata"] = metadata
    return Tracker(
        sender_id="test-session",
        slots={**DEFAULT_SLOTS, **(slots or {})},
        latest_message=latest_message,
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


@pytest.fixture
def make_tracker() -> TrackerFactory:
    return build_tracker
