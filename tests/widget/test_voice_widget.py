"""The widget's microphone in a real Chromium, whose fake capture device plays espeak's speech.

Chromium's --use-file-for-fake-audio-capture loops a WAV as the microphone and
--use-fake-ui-for-media-stream grants the permission: the widget records it with
MediaRecorder (webm/opus) as it would a user, and the real Whisper model transcribes it.
Screenshots go to tests/artifacts/widget-voice-*.png.
"""

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import av
import numpy as np
import pytest
from playwright.sync_api import Page, expect

from api.voice.audio import decode
from api.voice.transcriber import Transcriber
from tests.voice import speech
from tests.voice.conftest import whisper  # noqa: F401 - the real model, loaded once
from tests.widget.conftest import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, LiveCore
from tests.widget.test_widget_browser import W, bot_bubbles, open_widget, user_bubbles

pytestmark = pytest.mark.e2e

# What the fake microphone says, and how long one loop of it lasts.
SPOKEN = speech.UTTERANCES["fr_password"]
LEAD_SECONDS, TAIL_SECONDS = 0.5, 1.5


def microphone_wav(path: Path) -> float:
    """The spoken question with some silence around it, as Chromium's fake device wants it
    (16-bit PCM WAV); returns the loop's duration."""
    raw = speech.speak(SPOKEN.text, SPOKEN.lang, path.with_suffix(".espeak.wav"))
    samples, rate = speech.read_samples(raw)
    padded = np.concatenate(
        [speech.silence(LEAD_SECONDS, rate=rate), samples, speech.silence(TAIL_SECONDS, rate=rate)]
    )
    path.write_bytes(speech.encode(padded, rate, "wav"))
    return len(padded) / rate


@pytest.fixture(scope="module")
def mic_browser(
    playwright: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Any, float]]:
    if not speech.have_espeak():
        pytest.skip("skipped: no espeak-ng (`make browser` installs it)")
    wav = tmp_path_factory.mktemp("microphone") / "question.wav"
    loop_seconds = microphone_wav(wav)
    browser = playwright.chromium.launch(
        executable_path=str(CHROMIUM),
        headless=True,
        args=[
            *CHROMIUM_ARGS,
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-audio-capture={wav}",
        ],
    )
    yield browser, loop_seconds
    browser.close()


@pytest.fixture
def mic_page(mic_browser: tuple[Any, float]) -> Iterator[Page]:
    """A fresh profile with the speaking microphone; JS errors fail the test."""
    browser, _ = mic_browser
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def shoot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"widget-voice-{name}.png"))


def audio_part(body: bytes) -> tuple[str, bytes]:
    """(Content-Type, bytes) of the multipart "audio" field the widget posted."""
    match = re.search(rb'name="audio"; filename="[^"]*"\r\nContent-Type: ([^\r]*)\r\n\r\n', body)
    assert match, body[:300]
    boundary = body.split(b"\r\n", 1)[0]
    content = body[match.end() : body.index(b"\r\n" + boundary, match.end())]
    return match.group(1).decode(), content


def form_field(body: bytes, name: str) -> str:
    match = re.search(rb'name="' + name.encode() + rb'"\r\n\r\n([^\r]*)\r\n', body)
    assert match, body[:300]
    return match.group(1).decode()


def voice_requests(page: Page) -> list[bytes]:
    """The bodies POSTed to /api/v1/voice (then passed on: to a stub, else to the server)."""
    posted: list[bytes] = []

    def capture(route: Any) -> None:
        posted.append(route.request.post_data_buffer or b"")
        route.fallback()

    page.route("**/api/v1/voice", capture)
    return posted


def stub_voice(page: Page, *, status: int = 200, body: dict[str, Any] | None = None) -> None:
    answer = body or {
        "session_id": "stub",
        "lang": "fr",
        "transcript": "je voudrais changer mon mot de passe",
        "messages": [{"id": "r-1", "text": "Voici comment faire.", "buttons": [], "sources": []}],
        "handoff": {"state": "none"},
    }
    page.route("**/api/v1/voice", lambda route: route.fulfill(status=status, json=answer))


def test_click_to_talk_shows_what_whisper_heard_then_the_answer(
    mic_page: Page, mic_browser: tuple[Any, float], live_core: LiveCore, whisper: Transcriber
) -> None:
    page = mic_page
    posted = voice_requests(page)
    page.goto(f"{live_core.url}/portals/douane")
    open_widget(page)
    mic = page.locator(f"{W} .mic-btn")
    expect(mic).to_be_visible()

    mic.click()
    bar = page.locator(f"{W} .rec")
    expect(bar).to_be_visible()
    expect(mic).to_have_attribute("aria-pressed", "true")
    expect(mic).to_have_attribute("aria-label", "Arrêter l'enregistrement et envoyer")
    expect(bar).to_contain_text("Enregistrement en cours")
    expect(page.locator(f"{W} .rec-cancel")).to_have_text("Annuler")
    clock = page.locator(f"{W} .rec-clock")
    expect(clock).to_have_text(re.compile(r"^00:0[0-2] / 01:00$"))
    # Let the microphone say its whole sentence once.
    loop_seconds = mic_browser[1]
    expect(clock).to_have_text(f"00:0{int(loop_seconds) - 1} / 01:00", timeout=15_000)
    shoot(page, "1-recording")
    mic.click()

    expect(bar).to_be_hidden()
    expect(mic).to_have_attribute("aria-pressed", "false")
    heard = user_bubbles(page)
    expect(heard).to_have_count(1, timeout=60_000)
    expect(heard.first).to_contain_text("mot de passe", timeout=60_000)
    expect(bot_bubbles(page).last).to_have_text("Bonjour !")
    shoot(page, "2-answered")
    # What the user sees is what was stored and sent to Rasa.
    transcript = heard.first.inner_text()
    assert live_core.user_texts() == [transcript]
    assert live_core.sent_to_rasa() == [transcript]
    # Chromium recorded webm/opus, and that is what went up.
    assert len(posted) == 1
    content_type, clip = audio_part(posted[0])
    assert content_type.startswith("audio/webm") and clip.startswith(b"\x1a\x45\xdf\xa3")
    with av.open(io.BytesIO(clip)) as container:
        assert container.streams.audio[0].codec_context.name == "opus"


def test_hold_to_talk_sends_when_released(mic_page: Page, live_core: LiveCore) -> None:
    page = mic_page
    stub_voice(page)
    posted = voice_requests(page)
    page.goto(f"{live_core.url}/portals/douane")
    open_widget(page)
    mic = page.locator(f"{W} .mic-btn")
    expect(mic).to_be_visible()

    mic.hover()
    page.mouse.down()
    expect(page.locator(f"{W} .rec")).to_be_visible()
    page.wait_for_timeout(1500)
    page.mouse.up()

    expect(page.locator(f"{W} .rec")).to_be_hidden()
    expect(user_bubbles(page)).to_have_text(["je voudrais changer mon mot de passe"])
    expect(bot_bubbles(page).last).to_have_text("Voici comment faire.")
    assert len(posted) == 1
    _, clip = audio_part(posted[0])
    assert decode(clip, max_seconds=60).seconds == pytest.approx(1.5, abs=0.5)


def test_a_short_press_is_a_click_recording_goes_on(mic_page: Page, live_core: LiveCore) -> None:
    page = mic_page
    stub_voice(page)
    posted = voice_requests(page)
    page.goto(f"{live_core.url}/portals/douane")
    open_widget(page)
    mic = page.locator(f"{W} .mic-btn")

    mic.click()
    page.wait_for_timeout(800)
    expect(page.locator(f"{W} .rec")).to_be_visible()
    assert posted == []
    mic.click()

    expect(user_bubbles(page)).to_have_text(["je voudrais changer mon mot de passe"])
    assert len(posted) == 1


def test_cancel_throws_the_recording_away(mic_page: Page, live_core: LiveCore) -> None:
    page = mic_page
    posted = voice_requests(page)
    page.goto(f"{live_core.url}/portals/douane")
    open_widget(page)
    mic = page.locator(f"{W} .mic-btn")

    mic.click()
    expect(page.locator(f"{W} .rec-clock")).to_have_text("00:01 / 01:00", timeout=5_000)
    page.locator(f"{W} .rec-cancel").click()

    expect(page.locator(f"{W} .rec")).to_be_hidden()
    expect(mic).to_have_attribute("aria-pressed", "false")
    expect(mic).to_be_focused()
    page.wait_for_timeout(500)
    assert posted == [] and user_bubbles(page).count() == 0


def test_recording_stops_by_itself_at_the_limit(mic_page: Page, live_core: LiveCore) -> None:
    page = mic_page
    page.route(
        "**/api/v1/widget/config",
        lambda route: route.fulfill(
            json={"voice": True, "voice_max_seconds": 2, "max_upload_bytes": 3145728}
        ),
    )
    stub_voice(page)
    page.goto(f"{live_core.url}/portals/douane")
    open_widget(page)

    page.locator(f"{W} .mic-btn").click()
    expect(page.locator(f"{W} .rec-clock")).to_have_text(re.compile(r"/ 00:02$"))

    expect(page.locator(f"{W} .rec")).to_be_hidden(timeout=5_000)
    expect(page.locator(f"{W} .msg.notice").first).to_contain_text("Limite de 2 secondes atteinte")
    expect(user_bubbles(page)).to_have_text(["je voudrais changer mon mot de passe"])


def test_a_refused_clip_says_why_in_the_users_language(mic_page: Page, live_core: LiveCore) -> None:
    page = mic_page
    message = "Je n'ai entendu aucune parole. Vérifiez votre micro et parlez près de lui, ou écrivez votre question."
    stub_voice(page, status=422, body={"error": {"code": "no_speech", "message": message}})
    page.goto(f"{live_core.url}/portals/douane")
    open_widget(page)
    mic = page.locator(f"{W} .mic-btn")

    mic.click()
    page.wait_for_timeout(700)
    mic.click()

    expect(page.locator(f"{W} .msg.notice.error")).to_contain_text(message)
    expect(user_bubbles(page)).to_have_count(0)  # the "transcribing…" bubble is gone
    expect(mic).to_be_enabled()
    shoot(page, "3-refused")


def test_a_busy_server_keeps_the_clip_and_sends_it_again(
    mic_page: Page, live_core: LiveCore
) -> None:
    page = mic_page
    busy = "TijarIA transcrit déjà d'autres messages vocaux. Réessayez dans un instant."
    posted: list[bytes] = []

    def busy_then_answer(route: Any) -> None:
        posted.append(route.request.post_data_buffer or b"")
        if len(posted) == 1:
            route.fulfill(status=503, json={"error": {"code": "voice_busy", "message": busy}})
        else:
            route.fulfill(
                json={
                    "session_id": "stub",
                    "lang": "fr",
                    "transcript": "je voudrais changer mon mot de passe",
                    "messages": [
                        {"id": "r-1", "text": "Voici comment faire.", "buttons": [], "sources": []}
                    ],
                    "handoff": {"state": "none"},
                }
            )

    page.route("**/api/v1/voice", busy_then_answer)
    page.goto(f"{live_core.url}/portals/douane")
    open_widget(page)
    mic = page.locator(f"{W} .mic-btn")
    mic.click()
    page.wait_for_timeout(1000)
    mic.click()

    kept = page.locator(f"{W} .msg.user.voice-kept")
    expect(kept).to_contain_text(f"Message vocal non envoyé : {busy}")
    expect(mic).to_be_enabled()
    shoot(page, "4-kept")
    kept.get_by_role("button", name="Renvoyer").click()

    expect(user_bubbles(page)).to_have_text(["je voudrais changer mon mot de passe"])
    expect(bot_bubbles(page).last).to_have_text("Voici comment faire.")
    expect(kept).to_have_count(0)
    # The very same recording went up twice: the user did not have to speak again.
    assert len(posted) == 2 and audio_part(posted[0])[1] == audio_part(posted[1])[1]
    # Under the same message id, so a retry whose first answer was lost is not answered twice.
    ids = [form_field(body, "client_message_id") for body in posted]
    assert ids[0].startswith("v-") and ids[0] == ids[1]
