"""TIJARIA_DEMO_FILE_EVENTS: the demo operator's file changed longest ago moves to its next
status and its owner is told; off by default, never with the portal systems; the app's loop
really runs when on."""

import asyncio

import httpx
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.accounts.models import User
from api.config import Settings
from api.conversations import service as conversations
from api.main import create_app
from api.portal_files import demo_events, seed
from api.portal_files.models import PortalFile
from api.rasa_client import RasaClient
from tests.api.conftest import ScriptedRasa
from tests.portal_files.conftest import signed_in


def test_the_oldest_demo_file_moves_on_and_its_owner_is_told(
    db: Session, people: dict[str, User]
) -> None:
    mine = conversations.get_or_create(
        db=db, session_id="demo-own", portal="pmpce", lang="fr", user_id=people["operator"].id
    )
    theirs = conversations.get_or_create(
        db=db,
        session_id="demo-other",
        portal="pmpce",
        lang="fr",
        user_id=people["other_operator"].id,
    )
    db.commit()
    demo = [f for f in seed.DEMO_FILES if f["owner_ice"] == seed.DEMO_ICE]
    oldest = min(demo, key=lambda f: f["updated_at"])  # the expired title, changed in March

    moved = demo_events.step(db=db)

    assert moved is not None
    assert (moved.kind, moved.reference) == (oldest["kind"], oldest["reference"])
    assert (oldest["status"], moved.status) == ("expired", "new")  # after the last, the first
    told = [m for m in conversations.list_messages(db=db, conversation=mine)]
    assert len(told) == 1 and oldest["reference"] in told[0].text and told[0].sender == "system"
    assert conversations.list_messages(db=db, conversation=theirs) == []
    # The next step takes another file: the one just moved is now the newest.
    again = demo_events.step(db=db)
    assert again is not None and again.reference != moved.reference


def test_no_demo_file_no_event(db: Session) -> None:
    for row in db.scalars(select(PortalFile)):
        db.delete(row)
    db.commit()

    assert demo_events.step(db=db) is None


def test_off_by_default_and_never_with_the_portal_systems() -> None:
    async def started(settings: Settings) -> bool:
        task = demo_events.start(session_factory=lambda: None, settings=settings)  # type: ignore[arg-type, return-value]
        if task is not None:
            task.cancel()
        return task is not None

    assert Settings().demo_file_events is False
    assert asyncio.run(started(Settings(demo_file_events=False))) is False
    assert asyncio.run(started(Settings(demo_file_events=True))) is True
    with_portals = Settings(demo_file_events=True, portal_files_url="http://127.0.0.1:1")
    assert asyncio.run(started(with_portals)) is False


def test_the_app_runs_the_schedule_when_it_is_on(settings: Settings, rasa: ScriptedRasa) -> None:
    on = settings.model_copy(update={"demo_file_events": True, "demo_file_events_seconds": 0.5})
    app = create_app(on, rasa=RasaClient(on.rasa_url, transport=httpx.MockTransport(rasa.handle)))
    with TestClient(app) as client:
        owner = signed_in(client, "op.schedule", ice=seed.DEMO_ICE)
        url = f"/api/v1/chat/ws?session_id=demo-live&access_token={owner.token}"
        with client.websocket_connect(url) as ws:
            ws.send_json({"message": "bonjour", "lang": "fr"})
            # The turn's answer, and the next event (within a fraction of a second), in
            # whichever order they come.
            frames = [ws.receive_json(), ws.receive_json()]
    pushed = [f for f in frames if f.get("pushed")]
    assert len(pushed) == 1 and any("pushed" not in f for f in frames)
    [notice] = pushed[0]["messages"]
    assert notice["sender"] == "system" and notice["text"].startswith("Votre ")
    assert notice["buttons"][0]["title"] == "Voir le dossier"
