"""The widget on a demo portal page, against the real Rasa, action server and API."""

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import RunningTijaria
from tests.widget.test_widget_browser import W, ask, bot_bubbles, open_widget, user_bubbles

pytestmark = pytest.mark.e2e

REAL_TURN_MS = 30_000


def test_greetings_in_french_then_arabic_on_the_douane_portal(
    page: Page,
    tijaria: RunningTijaria,
    shot,
) -> None:
    page.goto(f"{tijaria.api_url}/portals/douane")
    open_widget(page)

    ask(page, "bonjour")
    french = bot_bubbles(page).filter(has_text="TijarIA").first
    expect(french).to_contain_text("Bonjour", timeout=REAL_TURN_MS)
    expect(french).to_contain_text("portail Douane")
    expect(page.locator(f"{W} .panel")).to_have_attribute("dir", "ltr")
    shot("1-french")

    ask(page, "مرحبا")
    arabic = bot_bubbles(page).filter(has_text="مرحبا")
    expect(arabic.first).to_contain_text("TijarIA", timeout=REAL_TURN_MS)
    expect(page.locator(f"{W} .panel")).to_have_attribute("dir", "rtl")
    assert arabic.first.evaluate("e => getComputedStyle(e).direction") == "rtl"
    shot("2-arabic")

    count = bot_bubbles(page).count()
    page.reload()
    expect(bot_bubbles(page)).to_have_count(count)
    expect(user_bubbles(page)).to_have_text(["bonjour", "مرحبا"])
    shot("3-reloaded")
