import pytest

from actions.context import current_portal, normalize_language, normalize_portal, reply_language
from tests.actions.conftest import TrackerFactory


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("fr", "fr"),
        ("AR", "ar"),
        (" en ", "en"),
        ("en-GB", "en"),
        ("ar_MA", "ar"),
        ("darija", None),
        ("de", None),
        ("", None),
        (None, None),
        (3, None),
    ],
)
def test_normalize_language(value: object, expected: str | None) -> None:
    assert normalize_language(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("douane", "douane"),
        ("RNOCE", "rnoce"),
        (" mic ", "mic"),
        ("amazon", None),
        ("", None),
        (None, None),
        (["douane"], None),
    ],
)
def test_normalize_portal(value: object, expected: str | None) -> None:
    assert normalize_portal(value) == expected


def test_context_reads_the_slots(make_tracker: TrackerFactory) -> None:
    tracker = make_tracker(slots={"language": "ar", "portal": "banques"})

    assert reply_language(tracker) == "ar"
    assert current_portal(tracker) == "banques"


def test_context_defaults_when_slots_are_unset_or_invalid(make_tracker: TrackerFactory) -> None:
    tracker = make_tracker(slots={"language": "xx", "portal": None})

    assert reply_language(tracker) == "fr"
    assert current_portal(tracker) == "pmpce"
