"""Issue 14 end to end, everything real (Rasa, action server, SQLite, Debian's chromium):
a user asks for an agent in Arabic; an agent accepts in /console; they exchange messages
while Rasa's tracker is paused; the agent hands back; the bot answers the next question."""

import re

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from api.accounts.seed import DEMO_PASSWORD
from api.conversations.models import Conversation
from api.database import make_engine, make_session_factory
from tests.e2e.conftest import RunningTijaria, fresh_code

pytestmark = pytest.mark.e2e

W = "#tijaria-widget"


def rasa_paused(tijaria: RunningTijaria, session_id: str) -> bool:
    tracker = httpx.get(
        f"{tijaria.settings.rasa_url}/conversations/{session_id}/tracker",
        params={"token": tijaria.settings.rasa_token},
        timeout=30,
    )
    tracker.raise_for_status()
    return bool(tracker.json()["paused"])


def session_in(tijaria: RunningTijaria, state: str) -> str:
    engine = make_engine(tijaria.settings.database_url)
    with make_session_factory(engine)() as db:
        found = db.scalars(select(Conversation.session_id).where(Conversation.state == state))
        sessions = list(found)
    engine.dispose()
    assert len(sessions) == 1, sessions
    return sessions[0]


def console(browser: Browser, tijaria: RunningTijaria, secret: str) -> Page:
    agent = browser.new_page(viewport={"width": 1300, "height": 900})
    agent.goto(f"{tijaria.api_url}/console")
    form = agent.locator("#console-signin")
    form.get_by_label("Identifiant ou adresse e-mail").fill("demo.agent")
    form.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    form.get_by_role("button", name="Se connecter").click()
    form.get_by_label("Code de vérification (6 chiffres)").fill(fresh_code(secret))
    form.get_by_role("button", name="Valider").click()
    agent.get_by_role("tab", name=re.compile("^Conversations")).click()
    return agent


def test_an_arabic_user_and_an_agent_then_the_bot_again(
    tijaria: RunningTijaria, demo_secrets: dict[str, str], browser: Browser
) -> None:
    agent = console(browser, tijaria, demo_secrets["demo.agent"])
    desk = agent.locator("#panel-conversations")
    desk.get_by_label("Disponible").check()
    expect(desk.get_by_text("Personne n'attend un conseiller.")).to_be_visible()

    user = browser.new_page()
    user.goto(f"{tijaria.api_url}/portals/douane")
    user.locator(f"{W} .launcher").click()
    box = user.locator(f"{W} textarea")
    box.fill("أريد التحدث مع موظف")
    box.press("Enter")
    offer = user.locator(f"{W} .log .msg.bot:not(.intro)").last
    # The place the user would have in the queue (the first turn may load models: 30 s).
    expect(offer).to_contain_text("1", timeout=30_000)
    offer.get_by_role("button").first.click()  # « نعم، أنتظر عونا »

    bar = user.locator(f"{W} .handoff-bar")
    expect(bar).to_contain_text("1")
    session_id = session_in(tijaria, "queued")
    assert rasa_paused(tijaria, session_id)

    desk.get_by_role("button", name=re.compile("^Accepter")).first.click()
    pane = desk.locator("section.conversation")
    expect(pane.locator("ol.chat > li").first).to_contain_text("أريد التحدث مع موظف")
    # The clicked confirmation reads as the button the user saw, not its payload.
    expect(pane.locator("ol.chat")).not_to_contain_text("/handoff_confirm")
    expect(bar).to_contain_text("Agent PORTNET")

    reply = pane.get_by_label("Votre réponse à l'usager")
    reply.fill("مرحبا، كيف يمكنني مساعدتك؟")
    reply.press("Enter")
    expect(user.locator(f"{W} .log .msg.agent .bubble")).to_have_text("مرحبا، كيف يمكنني مساعدتك؟")
    # The widget acknowledged it: the agent sees it delivered.
    expect(pane.locator("ol.chat > li.m-agent .delivered").last).to_have_text("· remis")

    box.fill("لا أستطيع الدخول إلى حسابي")
    box.press("Enter")
    expect(pane.locator("ol.chat > li").last).to_contain_text("لا أستطيع الدخول إلى حسابي")
    assert rasa_paused(tijaria, session_id)  # the agent answers, not the bot

    pane.get_by_role("button", name="Rendre la main à TijarIA").click()
    expect(bar).to_be_hidden()
    assert not rasa_paused(tijaria, session_id)

    box.fill("كيف أغير كلمة المرور؟")
    box.press("Enter")
    expect(user.locator(f"{W} .log .msg.bot .sources").last).to_contain_text(
        "كلمة المرور", timeout=30_000
    )
