"""The widget in a real browser (Debian's chromium), against the core with a scripted Rasa.

Screenshots go to tests/artifacts/widget-*.png.
"""

import json
import re
import time
from typing import Any

import pytest
from playwright.sync_api import Page, WebSocketRoute, expect

from tests.pdf_samples import make_pdf
from tests.widget.conftest import LiveCore

pytestmark = pytest.mark.e2e

XSS = "<img src=x onerror=alert(1)>"

FRENCH_ANSWER = (
    "Pour changer votre mot de passe sur le **portail Douane** :\n"
    "1. Cliquez sur l'icône utilisateur en haut à droite.\n"
    "2. Choisissez **Modifier le mot de passe**.\n"
    "3. Saisissez l'ancien puis le nouveau mot de passe.\n"
    "\n"
    "Plus de détails dans le [guide du portail](https://www.portnet.ma/guides/douane)."
)
ARABIC_ANSWER = (
    "لتغيير كلمة المرور، انقر على أيقونة المستخدم في أعلى يمين الصفحة ثم اختر «تغيير كلمة المرور»."
)


def scripted_reply(body: dict[str, Any]) -> list[dict[str, Any]]:
    """What the scripted Rasa answers, by message."""
    message, lang = body["message"], body["metadata"]["language"]
    sender = body["sender"]
    if message == "/choisir_douane":
        return [{"recipient_id": sender, "text": "Très bien : parlons du **portail Douane**."}]
    if "mot de passe" in message:
        return [
            {
                "recipient_id": sender,
                "text": FRENCH_ANSWER,
                "buttons": [
                    {"title": "Portail Douane", "payload": "/choisir_douane"},
                    {"title": "Parler à un conseiller", "payload": "/human_handoff"},
                ],
                "custom": {
                    "sources": [
                        {
                            "title": "Modifier le mot de passe",
                            "guide": "Guide utilisateur Portail Douane",
                            "section": "III.A",
                            "url": "/portals/douane/modifier-le-mot-de-passe",
                        }
                    ]
                },
            }
        ]
    if "html" in message:
        return [
            {
                "recipient_id": sender,
                "text": f"Voici du HTML : {XSS} et [un lien](javascript:alert%282%29)",
            }
        ]
    if "lentement" in message:
        time.sleep(1.5)
        return [{"recipient_id": sender, "text": "Réponse après réflexion."}]
    if lang == "ar":
        return [{"recipient_id": sender, "text": ARABIC_ANSWER}]
    return [
        {"recipient_id": sender, "text": {"fr": "Bonjour !", "en": "Hello!"}.get(lang, "Bonjour !")}
    ]


@pytest.fixture
def core(live_core: LiveCore) -> LiveCore:
    live_core.rasa.reply = scripted_reply
    return live_core


W = "#tijaria-widget"  # the widget's host element; Playwright's CSS pierces its open shadow root


def open_widget(page: Page) -> None:
    page.locator(f"{W} .launcher").click()
    expect(page.locator(f"{W} .panel")).to_be_visible()


def ask(page: Page, text: str) -> None:
    field = page.locator(f"{W} textarea")
    field.fill(text)
    field.press("Enter")


def bot_bubbles(page: Page):  # type: ignore[no-untyped-def]
    return page.locator(f"{W} .log .msg.bot:not(.intro) .bubble")


def user_bubbles(page: Page):  # type: ignore[no-untyped-def]
    return page.locator(f"{W} .log .msg.user .bubble")


def test_a_user_asks_in_french_and_arabic_clicks_a_quick_reply_and_reloads(
    page: Page, core: LiveCore, shot
) -> None:
    page.goto(f"{core.url}/portals/douane")
    launcher = page.locator(f"{W} .launcher")
    expect(launcher).to_have_text("Besoin d'aide ?")
    box = launcher.bounding_box()
    assert box and abs(box["x"] + box["width"] - 1280) <= 1, (
        f"launcher not on the right edge: {box}"
    )
    shot("1-launcher")

    open_widget(page)
    field = page.locator(f"{W} textarea")
    expect(field).to_have_attribute("placeholder", "Comment je peux vous aider ?")
    expect(field).to_be_focused()

    # French: Markdown rendered as elements, sources and quick replies under the answer.
    ask(page, "Comment changer mon mot de passe ?")
    expect(bot_bubbles(page)).to_have_count(1)
    answer = bot_bubbles(page).first
    expect(answer.locator("strong").first).to_have_text("portail Douane")
    expect(answer.locator("ol > li")).to_have_count(3)
    link = answer.locator("a")
    expect(link).to_have_attribute("href", "https://www.portnet.ma/guides/douane")
    expect(link).to_have_attribute("rel", "noopener noreferrer")
    expect(page.locator(f"{W} .sources li")).to_contain_text("Modifier le mot de passe")
    expect(page.locator(f"{W} .msg.bot time").last).to_have_text(re.compile(r"\d\d:\d\d"))
    expect(page.locator(f"{W} .panel")).to_have_attribute("dir", "ltr")
    shot("2-french-answer")

    # A quick reply shows its title and sends its payload.
    page.locator(f"{W} .qr", has_text="Portail Douane").click()
    expect(user_bubbles(page).last).to_have_text("Portail Douane")
    expect(bot_bubbles(page)).to_have_count(2)
    expect(bot_bubbles(page).last).to_contain_text("parlons du portail Douane")
    assert core.sent_to_rasa()[-1] == "/choisir_douane"
    expect(page.locator(f"{W} .qr")).to_have_count(0)  # answered: the suggestions go away

    # Arabic: the conversation turns right-to-left, and so do the widget's own strings.
    ask(page, "كيف أغير كلمة المرور؟")
    expect(bot_bubbles(page)).to_have_count(3)
    expect(bot_bubbles(page).last).to_have_text(ARABIC_ANSWER)
    panel = page.locator(f"{W} .panel")
    expect(panel).to_have_attribute("dir", "rtl")
    expect(panel).to_have_attribute("lang", "ar")
    expect(field).to_have_attribute("placeholder", "كيف يمكنني مساعدتك؟")
    assert bot_bubbles(page).last.evaluate("e => getComputedStyle(e).direction") == "rtl"
    # User bubbles sit at the end of the line: on the left in right-to-left.
    user_box = user_bubbles(page).last.bounding_box()
    panel_box = panel.bounding_box()
    assert user_box and panel_box and user_box["x"] - panel_box["x"] < 40
    shot("3-arabic-rtl")

    before = page.locator(f"{W} .log .msg").all_inner_texts()
    assert core.user_texts() == [
        "Comment changer mon mot de passe ?",
        "/choisir_douane",
        "كيف أغير كلمة المرور؟",
    ]

    # Reload: same session, transcript reloaded from the server, panel still open.
    page.reload()
    expect(page.locator(f"{W} .panel")).to_be_visible()
    expect(bot_bubbles(page)).to_have_count(3)
    expect(page.locator(f"{W} .panel")).to_have_attribute("dir", "rtl")
    after = page.locator(f"{W} .log .msg").all_inner_texts()
    assert [t.split("\n")[-1] for t in after] == [t.split("\n")[-1] for t in before]
    shot("4-after-reload")

    # Another page of the same portal: same conversation.
    page.goto(f"{core.url}/portals/douane/consultation-des-manifestes")
    expect(bot_bubbles(page)).to_have_count(3)
    assert core.user_texts() == [
        "Comment changer mon mot de passe ?",
        "/choisir_douane",
        "كيف أغير كلمة المرور؟",
    ]


def test_bot_html_is_shown_as_text_never_run(page: Page, core: LiveCore, shot) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{core.url}/portals/pmpce")
    open_widget(page)

    ask(page, "montre-moi du html")

    bubble = bot_bubbles(page).last
    expect(bubble).to_contain_text(XSS)
    assert page.locator(f"{W} .log img").count() == 0
    assert bubble.locator("a").count() == 0  # a javascript: link stays plain text
    expect(bubble).to_contain_text("un lien")
    page.wait_for_timeout(300)
    assert dialogs == []
    shot("xss-as-text")


def test_a_5_mb_file_is_refused_and_a_small_pdf_is_uploaded(
    page: Page, core: LiveCore, shot
) -> None:
    page.goto(f"{core.url}/portals/rnoce")
    open_widget(page)
    file_input = page.locator(f"{W} input[type=file]")

    file_input.set_input_files(
        {
            "name": "statuts.pdf",
            "mimeType": "application/pdf",
            "buffer": b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024),
        }
    )
    refusal = page.locator(f"{W} .msg.notice.error")
    expect(refusal).to_contain_text(
        "« statuts.pdf » fait 5,0 Mo : la taille maximale est de 3,0 Mo"
    )
    shot("refused-5mb")

    file_input.set_input_files(
        {"name": "setup.exe", "mimeType": "application/x-msdownload", "buffer": b"MZ...."}
    )
    expect(refusal.last).to_contain_text("« setup.exe » n'est pas accepté")

    with core.app.state.session_factory() as db:
        from api.uploads.models import Upload

        assert db.query(Upload).count() == 0  # nothing was sent

    held: list[Any] = []
    page.route("**/api/v1/uploads", lambda route: held.append(route))
    file_input.set_input_files(
        {
            "name": "registre-commerce.pdf",
            "mimeType": "application/pdf",
            # A real PDF (the core parses it): 200,009 bytes, as before.
            "buffer": make_pdf(size=200_009),
        }
    )
    progress = page.locator(f"{W} .progress")
    expect(progress).to_be_visible()
    expect(progress).to_contain_text("Envoi de « registre-commerce.pdf »")
    shot("upload-progress")
    for _ in range(200):  # the route handler runs as Playwright pumps events
        if held:
            break
        page.wait_for_timeout(50)
    held[0].continue_()
    expect(progress).to_be_hidden()
    expect(user_bubbles(page).last).to_contain_text("Pièce jointe : registre-commerce.pdf (195 Ko)")
    expect(bot_bubbles(page)).to_have_count(1)
    with core.app.state.session_factory() as db:
        upload = db.query(Upload).one()
        assert upload.filename == "registre-commerce.pdf" and upload.size == 200_009
    shot("uploaded")


def test_keyboard_only_and_labelled_controls(page: Page, core: LiveCore) -> None:
    page.goto(f"{core.url}/portals/mic")
    launcher = page.locator(f"{W} .launcher")
    launcher.focus()
    page.keyboard.press("Enter")
    field = page.locator(f"{W} textarea")
    expect(field).to_be_focused()
    page.keyboard.type("bonjour")
    page.keyboard.press("Enter")
    expect(bot_bubbles(page)).to_have_text(["Bonjour !"])

    log = page.locator(f"{W} .log")
    expect(log).to_have_attribute("role", "log")
    expect(log).to_have_attribute("aria-live", "polite")
    panel = page.locator(f"{W} .panel")
    expect(panel).to_have_attribute("role", "dialog")
    for control in page.locator(f"{W} button:visible, {W} textarea").all():
        label = control.get_attribute("aria-label") or control.inner_text().strip()
        assert label, control.evaluate("e => e.outerHTML")

    # Tab reaches the controls, focus is visible, Escape closes and gives focus back.
    page.keyboard.press("Shift+Tab")
    outline = page.evaluate(
        "() => { const a = document.querySelector('#tijaria-widget').shadowRoot.activeElement;"
        " return getComputedStyle(a).outlineStyle; }"
    )
    assert outline == "solid"
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    expect(launcher).to_be_focused()


def test_microphone_hidden_when_the_server_has_no_voice(page: Page, core: LiveCore) -> None:
    core.app.state.settings.voice_enabled = False
    page.goto(f"{core.url}/portals/banques")
    open_widget(page)
    page.wait_for_function("() => window.TijarIA && window.TijarIA.widget")
    page.wait_for_timeout(200)  # the config request
    expect(page.locator(f"{W} .mic-btn")).to_be_hidden()
    expect(page.locator(f"{W} .attach-btn")).to_be_visible()


def test_typing_indicator_while_the_bot_thinks(page: Page, core: LiveCore) -> None:
    page.goto(f"{core.url}/portals/pmpce")
    open_widget(page)
    ask(page, "réponds lentement")
    expect(page.locator(f"{W} .typing")).to_be_visible()
    expect(bot_bubbles(page)).to_have_text(["Réponse après réflexion."])
    expect(page.locator(f"{W} .typing")).to_be_hidden()


def test_a_lost_reply_is_recovered_after_reconnect_without_duplicates(
    page: Page, core: LiveCore
) -> None:
    """The first socket delivers the message, then dies before the reply: the widget
    reconnects, sends the message again with the same id, and the core answers it once."""
    sockets: list[WebSocketRoute] = []

    def handler(ws: WebSocketRoute) -> None:
        sockets.append(ws)
        server = ws.connect_to_server()
        first = len(sockets) == 1

        def to_server(message: str | bytes) -> None:
            server.send(message)

        def to_page(message: str | bytes) -> None:
            if first:
                ws.close()  # reply lost with the connection
            else:
                ws.send(message)

        ws.on_message(to_server)
        server.on_message(to_page)

    page.route_web_socket(re.compile(r".*/api/v1/chat/ws.*"), handler)
    page.goto(f"{core.url}/portals/douane")
    open_widget(page)
    ask(page, "bonjour")

    expect(bot_bubbles(page)).to_have_text(["Bonjour !"], timeout=15_000)
    assert len(sockets) >= 2
    assert core.user_texts() == ["bonjour"]
    assert core.sent_to_rasa() == ["bonjour"]
    expect(user_bubbles(page)).to_have_text(["bonjour"])
    page.reload()
    expect(bot_bubbles(page)).to_have_text(["Bonjour !"])
    expect(user_bubbles(page)).to_have_text(["bonjour"])


def test_falls_back_to_http_when_the_socket_cannot_open(page: Page, core: LiveCore) -> None:
    page.add_init_script(
        """
        window.WebSocket = class {
          constructor() { setTimeout(() => { this.onerror && this.onerror({}); this.onclose && this.onclose({}); }, 10); }
          send() { throw new Error("closed"); }
          close() {}
        };
        """
    )
    posts: list[dict] = []
    page.on(
        "request",
        lambda r: (
            posts.append(json.loads(r.post_data or "{}"))
            if r.url.endswith("/api/v1/chat")
            else None
        ),
    )
    page.goto(f"{core.url}/portals/douane")
    open_widget(page)
    ask(page, "bonjour")
    expect(bot_bubbles(page)).to_have_text(["Bonjour !"])
    assert len(posts) == 1
    assert posts[0]["portal"] == "douane" and posts[0]["metadata"]["client_message_id"].startswith(
        "m-"
    )
    assert core.user_texts() == ["bonjour"]


def test_history_lists_this_browsers_conversations(page: Page, core: LiveCore, shot) -> None:
    page.goto(f"{core.url}/portals/douane")
    open_widget(page)
    ask(page, "bonjour")
    expect(bot_bubbles(page)).to_have_count(1)

    page.locator(f"{W} .history-btn").click()
    page.locator(f"{W} .history .new").click()
    ask(page, "Comment changer mon mot de passe ?")
    expect(bot_bubbles(page)).to_have_count(1)

    # The side menu's "Historique TijarIA" entry opens the same view.
    page.locator("a[data-tijaria=showHistory]").click()
    items = page.locator(f"{W} .history-item")
    expect(items).to_have_count(2)
    expect(items.first).to_contain_text("Comment changer mon mot de passe ?")
    expect(items.first).to_contain_text("conversation en cours")
    expect(items.last).to_contain_text("bonjour")
    expect(items.last).to_contain_text("2 messages")
    shot("history")

    items.last.click()
    expect(user_bubbles(page)).to_have_text(["bonjour"])
    expect(bot_bubbles(page)).to_have_text(["Bonjour !"])


def test_the_widget_leaks_no_css_and_takes_the_host_theme(page: Page, core: LiveCore) -> None:
    page.goto(f"{core.url}/portals/pmpce")
    page.wait_for_function("() => window.TijarIA && window.TijarIA.widget")
    # Nothing added to the page's own style sheets; everything lives in the shadow root.
    assert page.evaluate("() => document.styleSheets.length") == 1
    assert page.evaluate("() => document.adoptedStyleSheets.length") == 0
    assert page.evaluate("() => !!document.querySelector('#tijaria-widget').shadowRoot")
    # The host page's rules do not reach into the widget, its custom properties do.
    # (A constructed style sheet: the demo page's CSP refuses inline <style>, as it should.)
    page.evaluate(
        """() => {
          const sheet = new CSSStyleSheet();
          sheet.replaceSync("button { background: rgb(255, 0, 0) !important; } :root { --tijaria-primary: rgb(0, 128, 0); }");
          document.adoptedStyleSheets = [sheet];
        }"""
    )
    background = page.locator(f"{W} .launcher").evaluate("e => getComputedStyle(e).backgroundColor")
    assert background == "rgb(0, 128, 0)"


def test_portal_index_links_the_five_demo_pages(page: Page, core: LiveCore, shot) -> None:
    page.goto(core.url + "/")
    links = page.locator("main .cards a")
    expect(links).to_have_count(5)
    for code in ("pmpce", "douane", "mic", "banques", "rnoce"):
        page.goto(f"{core.url}/portals/{code}")
        script = page.locator("script[src='/widget/tijaria.js']")
        expect(script).to_have_attribute("data-portal", code)
        expect(page.locator(f"{W} .launcher")).to_be_visible()
        assert page.locator("nav.side a").count() >= 5
    shot("rnoce-page")


FAKE_MICROPHONE = """
navigator.mediaDevices.getUserMedia = async () => {
  const ctx = new AudioContext();
  const tone = ctx.createOscillator();
  const out = ctx.createMediaStreamDestination();
  tone.connect(out);
  tone.start();
  return out.stream;
};
"""


def test_the_microphone_records_and_posts_to_the_voice_endpoint(page: Page, core: LiveCore) -> None:
    """The voice issue fills the server side; here the config and /voice are stand-ins."""
    page.add_init_script(FAKE_MICROPHONE)
    page.route(
        "**/api/v1/widget/config",
        lambda route: route.fulfill(
            json={"voice": True, "max_upload_bytes": 3145728, "upload_types": ["application/pdf"]}
        ),
    )
    voice_posts: list[bytes] = []

    def voice(route: Any) -> None:
        voice_posts.append(route.request.post_data_buffer or b"")
        route.fulfill(json={"text": "bonjour"})

    page.route("**/api/v1/voice", voice)
    page.goto(f"{core.url}/portals/douane")
    open_widget(page)
    mic = page.locator(f"{W} .mic-btn")
    expect(mic).to_be_visible()
    expect(mic).to_have_attribute("aria-label", "Dicter un message")

    mic.click()
    expect(mic).to_have_attribute("aria-pressed", "true")
    expect(page.locator(f"{W} .rec")).to_contain_text("Enregistrement en cours")
    page.wait_for_timeout(400)
    mic.click()

    expect(user_bubbles(page)).to_have_text(["bonjour"])
    expect(bot_bubbles(page)).to_have_text(["Bonjour !"])
    expect(mic).to_have_attribute("aria-pressed", "false")
    assert len(voice_posts) == 1
    assert b'name="audio"' in voice_posts[0] and b'name="session_id"' in voice_posts[0]
