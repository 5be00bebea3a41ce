"""A live handoff against the real routes (api/handoff), in Debian's chromium: an agent in
/console goes available, sees the user's conversation arrive in the queue, accepts it,
answers, sees the user type and write, and hands back to the bot; the user's widget shows
the queue position, the agent's name and messages live, and the bot again afterwards. And
a user leaves the queue from the widget. Skipped while the handoff package is not in the
tree."""

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from api.conversations import service as conversations
from tests.api.accounts_helpers import create_user_in
from tests.widget.conftest import ARTIFACTS, LiveCore
from tests.widget.test_console_browser import sign_in

pytestmark = pytest.mark.e2e

W = "#tijaria-widget"


def queue(core: LiveCore, session_id: str) -> str:
    """The user confirmed « Oui, attendre un agent »: the conversation is queued."""
    handoffs = pytest.importorskip("api.handoff.service")
    with core.app.state.session_factory() as db:
        conversation = conversations.get(db=db, session_id=session_id)
        assert conversation is not None
        handoff = handoffs.request(
            db=db, settings=core.app.state.settings, conversation=conversation
        )
        db.commit()
        return str(handoff.id)


def open_and_ask(page: Page, core: LiveCore, text: str) -> str:
    page.goto(f"{core.url}/portals/douane")
    page.locator(f"{W} .launcher").click()
    say(page, text)
    expect(page.locator(f"{W} .log .msg.bot:not(.intro) .bubble")).to_have_count(1)
    return str(page.evaluate("() => window.TijarIA.widget.sessionId"))


def say(page: Page, text: str) -> None:
    field = page.locator(f"{W} textarea")
    field.fill(text)
    field.press("Enter")


def sent_to_rasa(core: LiveCore) -> list[str]:
    return [body["message"] for body in core.rasa.received if "message" in body]


@pytest.fixture
def agent_page(browser: Browser) -> Iterator[Page]:
    """The agent's own browser profile (the user's is `page`); JS errors fail the test."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors in the console: {errors}"


def test_a_user_and_an_agent_meet_live_then_the_bot_answers_again(
    page: Page, agent_page: Page, live_core: LiveCore, shot: Any
) -> None:
    pytest.importorskip("api.handoff.service")
    secret = create_user_in(live_core.app, "agent.samira", role="agent")
    agent_page.goto(f"{live_core.url}/console")
    sign_in(agent_page, "agent.samira", secret)
    agent_page.get_by_role("tab", name=re.compile("^Conversations")).click()
    desk = agent_page.locator("#panel-conversations")
    expect(desk.locator(".mode")).to_have_text("Mises à jour en direct.")
    desk.get_by_label("Disponible").check()
    expect(desk.locator(".presence-note")).to_have_text(
        "Vous êtes disponible : des conversations peuvent vous être confiées."
    )
    expect(desk.get_by_text("Personne n'attend un conseiller.")).to_be_visible()

    # The user asks, then is queued: position in the widget, a new row in the console.
    session_id = open_and_ask(page, live_core, "je veux parler à un conseiller")
    queue(live_core, session_id)
    bar = page.locator(f"{W} .handoff-bar")
    expect(bar.locator("[role=status]")).to_have_text("Vous êtes n° 1 dans la file d'attente.")
    expect(bar.get_by_role("button", name="Quitter la file")).to_be_visible()
    row = desk.locator(".hq-table tbody tr")
    expect(row).to_have_count(1)
    expect(row.locator(".position")).to_have_text("1")
    expect(agent_page.get_by_role("tab", name=re.compile("^Conversations"))).to_contain_text(
        "1 en attente"
    )

    # Accepted: the user sees the agent's name.
    desk.get_by_role("button", name="Accepter la conversation de Usager anonyme").click()
    pane = desk.locator("section.conversation")
    expect(pane.locator(".feedback")).to_have_text(
        "Conversation acceptée : l'usager voit maintenant votre nom."
    )
    expect(pane.locator("ol.chat > li").first).to_contain_text("je veux parler à un conseiller")
    expect(bar.locator("[role=status]")).to_have_text(
        "En relation avec Name of agent.samira, conseiller PORTNET"
    )
    expect(bar.get_by_role("button", name="Quitter la file")).to_be_hidden()

    # The agent answers: live in the widget, with the agent's name.
    reply = pane.get_by_label("Votre réponse à l'usager")
    reply.fill("Bonjour, je suis Samira. Que puis-je faire pour vous ?")
    reply.press("Enter")
    agent_msg = page.locator(f"{W} .log .msg.agent")
    expect(agent_msg.locator(".bubble")).to_have_text(
        ["Bonjour, je suis Samira. Que puis-je faire pour vous ?"]
    )
    expect(agent_msg.locator(".who")).to_have_text("Name of agent.samira · Conseiller PORTNET")

    # The user types (the agent sees it), then writes: to the agent, not to Rasa.
    page.locator(f"{W} textarea").press_sequentially("Mon manifeste")
    expect(pane.locator(".typing-indicator")).to_have_text("L'usager écrit…")
    page.locator(f"{W} textarea").fill("Mon manifeste 2024/118 est introuvable")
    page.locator(f"{W} textarea").press("Enter")
    expect(pane.locator("ol.chat > li").last).to_contain_text(
        "Mon manifeste 2024/118 est introuvable"
    )
    assert "Mon manifeste 2024/118 est introuvable" not in sent_to_rasa(live_core)
    shot("user-with-agent")
    agent_page.screenshot(path=str(ARTIFACTS / "widget-handoff-live-console.png"))

    # Handed back: the bar goes, the bot answers the next question.
    pane.get_by_role("button", name="Rendre la main à TijarIA").click()
    expect(pane.locator(".feedback")).to_have_text(
        "Conversation rendue à TijarIA : le bot répondra au prochain message."
    )
    expect(bar).to_be_hidden()
    bot = page.locator(f"{W} .log .msg.bot:not(.intro) .bubble")
    before = bot.count()
    say(page, "bonjour")
    expect(bot).to_have_count(before + 1)
    assert sent_to_rasa(live_core)[-1] == "bonjour"


def test_a_user_leaves_the_queue_from_the_widget(page: Page, live_core: LiveCore) -> None:
    pytest.importorskip("api.handoff.service")
    session_id = open_and_ask(page, live_core, "un conseiller svp")
    handoff_id = queue(live_core, session_id)
    bar = page.locator(f"{W} .handoff-bar")
    expect(bar.locator("[role=status]")).to_have_text("Vous êtes n° 1 dans la file d'attente.")
    bar.get_by_role("button", name="Quitter la file").click()
    expect(bar).to_be_hidden()
    expect(page.locator(f"{W} .log .msg.system .bubble").last).to_contain_text(
        "Vous avez quitté la file d'attente."
    )
    # The server said it: the widget adds nothing of its own.
    page.wait_for_timeout(1000)
    expect(page.locator(f"{W} .log").get_by_text("Vous avez quitté la file")).to_have_count(1)

    from api.handoff import service as handoffs

    with live_core.app.state.session_factory() as db:
        conversation = conversations.get(db=db, session_id=session_id)
        assert conversation is not None and conversation.state == "bot"
        assert handoffs.get_or_raise(db=db, handoff_id=handoff_id).state == "closed"


def conversation_in(core: LiveCore, session_id: str, text: str) -> None:
    """A user's conversation with one question, stored as the chat route stores it."""
    with core.app.state.session_factory() as db:
        conversation = conversations.get_or_create(
            db=db, session_id=session_id, portal="douane", lang="fr"
        )
        conversations.add_message(
            db=db, conversation=conversation, sender="user", text=text, lang="fr"
        )
        db.commit()


def test_the_console_against_the_real_routes_refusals_article_transfer_close_tickets(
    page: Page, live_core: LiveCore, shot: Any
) -> None:
    handoffs = pytest.importorskip("api.handoff.service")
    from api.accounts import service as accounts

    secret = create_user_in(live_core.app, "agent.nour", role="agent")
    create_user_in(live_core.app, "agent.karim", role="agent")
    for n, text in ((1, "Comment consulter un manifeste ?"), (2, "Mon BAD est bloqué")):
        conversation_in(live_core, f"tj-real-{n}", text)
    first = queue(live_core, "tj-real-1")
    second = queue(live_core, "tj-real-2")
    with live_core.app.state.session_factory() as db:
        karim = accounts.get_by_login(db=db, realm="portnet", login="agent.karim")
        assert karim is not None
        handoffs.set_presence(db=db, agent=karim, status="available")
        db.commit()

    # The socket is played and says nothing: the queue on screen is the first one read.
    page.route_web_socket(re.compile(r".*/api/v1/agent/ws.*"), lambda ws: None)
    page.goto(f"{live_core.url}/console")
    sign_in(page, "agent.nour", secret)
    page.get_by_role("tab", name=re.compile("^Conversations")).click()
    desk = page.locator("#panel-conversations")
    rows = desk.locator(".hq-table tbody tr")
    expect(rows).to_have_count(2)

    # Karim takes the first one meanwhile: Nour's accept is refused, plainly.
    with live_core.app.state.session_factory() as db:
        handoffs.accept(db=db, handoff=handoffs.get_or_raise(db=db, handoff_id=first), agent=karim)
        db.commit()
    desk.locator(f"tr[data-handoff='{first}']").get_by_role(
        "button", name=re.compile("^Accepter")
    ).click()
    expect(desk.locator(".accept-error")).to_have_text(
        "Trop tard : un autre conseiller a déjà accepté cette conversation."
    )
    expect(rows).to_have_count(1)

    desk.locator(f"tr[data-handoff='{second}']").get_by_role(
        "button", name=re.compile("^Accepter")
    ).click()
    pane = desk.locator("section.conversation")
    expect(pane.locator(".context ol.questions li")).to_contain_text(["Mon BAD est bloqué"])

    # A real article of the knowledge base, found with the public search.
    pane.get_by_label("Envoyer un article de la base de connaissances").fill("manifeste")
    pane.get_by_role("button", name="Rechercher").click()
    send = pane.locator(".article-results li button").first
    expect(send).to_be_visible()
    send.click()
    expect(pane.locator(".feedback")).to_have_text("Article envoyé à l'usager.")
    expect(pane.locator("ol.chat > li.m-agent")).to_have_count(1)

    # The reply, the resolution; then the transfer to Karim of another one.
    reply = pane.get_by_label("Votre réponse à l'usager")
    reply.fill("Voici le guide, bonne journée.")
    reply.press("Enter")
    expect(pane.locator("ol.chat > li.m-agent")).to_have_count(2)
    pane.get_by_label("Note de résolution").fill("Guide envoyé.")
    pane.get_by_role("button", name="Clôturer la conversation").click()
    expect(pane.locator(".feedback")).to_have_text("Conversation clôturée.")
    expect(pane.locator(".conv-facts")).to_contain_text("Guide envoyé.")

    conversation_in(live_core, "tj-real-3", "Je veux un conseiller")
    third = queue(live_core, "tj-real-3")
    page.reload()
    page.get_by_role("tab", name=re.compile("^Conversations")).click()
    desk.locator(f"tr[data-handoff='{third}']").get_by_role(
        "button", name=re.compile("^Accepter")
    ).click()
    pane.get_by_label("Transférer à un autre conseiller").select_option(label="Name of agent.karim")
    pane.get_by_role("button", name="Transférer").click()
    expect(pane.locator(".feedback")).to_have_text("Conversation transférée à Name of agent.karim.")
    expect(
        pane.get_by_text("Cette conversation est suivie par Name of agent.karim.")
    ).to_be_visible()

    # A contact request left while nobody was there.
    with live_core.app.state.session_factory() as db:
        handoffs.create_ticket(
            db=db,
            full_name="Youssef Alaoui",
            email="y.alaoui@example.ma",
            request="Rappelez-moi au sujet de ma franchise.",
            portal="mic",
            language="fr",
            session_id=None,
        )
        db.commit()
    page.get_by_role("tab", name="Demandes de contact").click()
    tickets = page.locator("#panel-tickets tbody tr")
    expect(tickets).to_have_count(1)
    expect(tickets).to_contain_text("Rappelez-moi au sujet de ma franchise.")
    shot("real-tickets")


def test_an_arabic_user_sees_the_queue_and_the_agent_in_arabic(
    page: Page, live_core: LiveCore
) -> None:
    handoffs = pytest.importorskip("api.handoff.service")
    from api.accounts import service as accounts

    create_user_in(live_core.app, "agent.salma", role="agent")
    session_id = open_and_ask(page, live_core, "بغيت نتكلم مع شي مستشار من فضلك")
    handoff_id = queue(live_core, session_id)
    bar = page.locator(f"{W} .handoff-bar")
    expect(page.locator(f"{W} .panel")).to_have_attribute("dir", "rtl")
    expect(bar.locator("[role=status]")).to_have_text("ترتيبك 1 في قائمة الانتظار.")
    expect(bar.get_by_role("button", name="مغادرة قائمة الانتظار")).to_be_visible()

    with live_core.app.state.session_factory() as db:
        salma = accounts.get_by_login(db=db, realm="portnet", login="agent.salma")
        assert salma is not None
        handoff = handoffs.get_or_raise(db=db, handoff_id=handoff_id)
        handoffs.accept(db=db, handoff=handoff, agent=salma)
        db.commit()
        handoffs.reply(db=db, handoff=handoff, agent=salma, text="مرحبا، كيف يمكنني مساعدتك؟")
        db.commit()
    expect(bar.locator("[role=status]")).to_have_text(
        "على تواصل مع Name of agent.salma، مستشار PORTNET"
    )
    agent = page.locator(f"{W} .log .msg.agent")
    expect(agent.locator(".bubble")).to_have_text(["مرحبا، كيف يمكنني مساعدتك؟"])
    expect(agent.locator(".who")).to_have_text("Name of agent.salma · مستشار PORTNET")
