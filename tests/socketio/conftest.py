"""The socket.io channel against a real server: the core served by uvicorn on a port of
127.0.0.1 (in a thread of the test process, so that Rasa can be the scripted stand-in of
tests/api), on SQLite and on PostgreSQL when it answers; the client is python-socketio's
`socketio.AsyncClient`, which speaks the protocol rasa-webchat's socket.io-client does."""

import asyncio
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import socketio
import uvicorn
from sqlalchemy import select

from api.config import Settings
from api.conversations.models import Message
from api.main import create_app
from api.rasa_client import RasaClient
from assistant.supervisor import free_port
from tests.api.conftest import GREETINGS, ScriptedRasa

ARTICLE = "**Mot de passe oublié**\n\nCliquez sur « Mot de passe oublié »."
SOURCE = {
    "title": "Mot de passe oublié",
    "guide": "Guide PMPCE",
    "section": "Connexion",
    "url": "https://example.ma/guide#mdp",
}
PORTAL_BUTTONS = [
    {"title": "Douane", "payload": '/choose_portal{"portal":"douane"}'},
    {"title": "PMPCE", "payload": '/choose_portal{"portal":"pmpce"}'},
]


def scripted(body: dict[str, Any]) -> Any:
    """Rasa's answers: « mot de passe » gets an article and its source (as the action
    sends them: text, then custom JSON); « portail » a question with buttons; a tracker
    event (the handoff's pause) is acknowledged; anything else is greeted."""
    if "event" in body:
        return {"sender_id": "x", "events": [body]}
    sender, message = body["sender"], body["message"]
    if "mot de passe" in message:
        return [
            {"recipient_id": sender, "text": ARTICLE},
            {"recipient_id": sender, "custom": {"sources": [SOURCE]}},
        ]
    if "portail" in message:
        return [{"recipient_id": sender, "text": "Quel portail ?", "buttons": PORTAL_BUTTONS}]
    if message.startswith("/choose_portal"):
        return [{"recipient_id": sender, "text": "Portail choisi."}]
    return [{"recipient_id": sender, "text": GREETINGS[body["metadata"]["language"]]}]


@dataclass
class Core:
    url: str
    app: Any
    rasa: ScriptedRasa


def serve(app: Any) -> Iterator[str]:
    """`app` served by uvicorn on a free port of 127.0.0.1 until the generator closes."""
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=20)


def core_settings(database_url: str, **overrides: Any) -> Settings:
    return Settings(
        database_url=database_url,
        internal_token="internal-test-token",
        rasa_token="rasa-test-token",
        action_server_port=1,
        rasa_timeout_seconds=2.0,
        **overrides,
    )


def start_core(settings: Settings) -> Iterator[Core]:
    rasa = ScriptedRasa(reply=scripted)
    app = create_app(
        settings, rasa=RasaClient(settings.rasa_url, transport=httpx.MockTransport(rasa.handle))
    )

    def user_texts() -> list[str]:
        with app.state.session_factory() as db:
            return list(db.scalars(select(Message.text).where(Message.sender == "user")))

    rasa.snapshot = user_texts
    for url in serve(app):
        yield Core(url=url, app=app, rasa=rasa)


@pytest.fixture
def core(database_url: str) -> Iterator[Core]:
    yield from start_core(core_settings(database_url))


class Webchat:
    """A rasa-webchat as the server sees it: connects, asks for its session, utters, and
    keeps every `bot_uttered` in arrival order."""

    def __init__(self) -> None:
        self.sio = socketio.AsyncClient(reconnection=False)
        self.uttered: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.confirmed: asyncio.Queue[Any] = asyncio.Queue()
        self.sio.on("bot_uttered", self.uttered.put)
        self.sio.on("session_confirm", self.confirmed.put)
        self.session_id: str | None = None

    async def open(self, url: str, session_id: str | None = None) -> str:
        await self.sio.connect(url, socketio_path="/socket.io/", wait_timeout=10)
        await self.sio.emit("session_request", {"session_id": session_id})
        confirmed = await asyncio.wait_for(self.confirmed.get(), 10)
        self.session_id = str(confirmed)
        return self.session_id

    async def say(self, message: Any, **custom: Any) -> None:
        await self.sio.emit(
            "user_uttered",
            {"message": message, "session_id": self.session_id, "customData": custom},
        )

    async def next(self, timeout: float = 10) -> dict[str, Any]:
        return await asyncio.wait_for(self.uttered.get(), timeout)

    async def nothing_more(self, wait: float = 0.5) -> None:
        """Nothing else arrives (a duplicate would come now)."""
        await asyncio.sleep(wait)
        assert self.uttered.empty(), self.uttered.get_nowait()

    async def close(self) -> None:
        await self.sio.disconnect()
