"""A transcript for agents reads as the user saw it: a clicked button is its title."""

from typing import Any

from api.conversations.models import as_said


def said(sender: str, text: str, buttons: list[dict[str, str]] | None = None) -> dict[str, Any]:
    return {"sender": sender, "text": text, "buttons": buttons or []}


def test_a_clicked_button_shows_its_title_and_typed_text_stays() -> None:
    confirm = '/handoff_confirm{"reason":"asked"}'
    transcript = [
        said("user", "أريد التحدث مع موظف"),
        said("bot", "هل تريدون انتظار عون؟", [{"title": "نعم، أنتظر عونا", "payload": confirm}]),
        said("user", confirm),
        said("user", "/something_never_offered"),
    ]

    assert [m["text"] for m in as_said(transcript)] == [
        "أريد التحدث مع موظف",
        "هل تريدون انتظار عون؟",
        "نعم، أنتظر عونا",
        "/something_never_offered",
    ]
    assert transcript[2]["text"] == confirm  # the stored messages are left as they are


def test_a_payload_typed_before_its_button_was_offered_stays_as_typed() -> None:
    transcript = [
        said("user", "/ask_human"),
        said("bot", "…", [{"title": "Parler à un agent", "payload": "/ask_human"}]),
    ]

    assert as_said(transcript)[0]["text"] == "/ask_human"
