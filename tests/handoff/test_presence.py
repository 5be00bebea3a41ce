"""Presence that does not lie: an agent `available` whose console socket is closed and who
made no request for TIJARIA_AGENT_AWAY_AFTER_SECONDS counts as away (no queue is offered
behind them); a request or an open console socket keeps the agent there."""

import time
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlalchemy.orm import Session

from api.config import Settings
from api.database import utcnow
from api.handoff import service
from api.handoff.models import AgentPresence
from tests.handoff.conftest import Person, available, chat, person


def _last_seen(client: TestClient, agent: Person, seconds_ago: float) -> None:
    """Pretend the agent was last seen that long ago."""
    with client.app.state.session_factory() as db:  # type: ignore[attr-defined]
        db.execute(
            update(AgentPresence)
            .where(AgentPresence.agent_id == agent.user_id)
            .values(last_seen_at=utcnow() - timedelta(seconds=seconds_ago))
        )
        db.commit()


def _anyone(client: TestClient, settings: Settings) -> bool:
    with client.app.state.session_factory() as db:  # type: ignore[attr-defined]
        return service.anyone_available(db=db, settings=settings)


def _status(client: TestClient, asker: Person, agent: Person) -> str:
    listed = client.get("/api/v1/agent/agents", headers=asker.headers)
    assert listed.status_code == 200, listed.text
    [row] = [a for a in listed.json() if a["agent_id"] == agent.user_id]
    return str(row["status"])


def test_an_available_agent_not_seen_for_the_timeout_counts_as_away(
    client: TestClient, settings: Settings, samira: Person, karim: Person
) -> None:
    available(client, samira)
    available(client, karim)
    assert _anyone(client, settings)

    _last_seen(client, samira, settings.agent_away_after_seconds + 5)
    # Karim is still there: someone is available, but Samira shows as away.
    assert _anyone(client, settings)
    assert _status(client, karim, samira) == "away"
    assert _status(client, karim, karim) == "available"

    _last_seen(client, karim, settings.agent_away_after_seconds + 5)
    with client.app.state.session_factory() as db:  # type: ignore[attr-defined]
        # Karim's own request above was a sign of life (throttled): gone as well now.
        assert not service.anyone_available(db=db, settings=settings)
        statuses = {p.agent_id: p.status for p in service.agent_presences(db=db, settings=settings)}
        # What they chose is kept: back on their console, they are available again.
        assert {p.agent_id: p.status for p in service.list_agents(db=db)} == {
            samira.user_id: "available",
            karim.user_id: "available",
        }
    assert statuses == {samira.user_id: "away", karim.user_id: "away"}


def test_a_user_confirming_when_the_agent_left_is_not_queued(
    client: TestClient, settings: Settings, samira: Person
) -> None:
    available(client, samira)
    _last_seen(client, samira, settings.agent_away_after_seconds + 5)

    chat(client, "s-gone", "bonjour")
    reply = chat(client, "s-gone", '/handoff_confirm{"reason":"asked"}')

    # Nobody is there: no queue, the phone instead.
    assert reply["handoff"]["state"] == "none"
    assert settings.support_phone in reply["messages"][0]["text"]


def test_any_agent_request_is_a_sign_of_life(
    client: TestClient, settings: Settings, samira: Person
) -> None:
    available(client, samira)
    _last_seen(client, samira, settings.agent_away_after_seconds + 5)
    assert not _anyone(client, settings)

    assert client.get("/api/v1/agent/handoffs", headers=samira.headers).status_code == 200

    assert _anyone(client, settings)
    assert _status(client, samira, samira) == "available"


def test_an_open_console_socket_keeps_the_agent_there_and_its_close_lets_go(
    client: TestClient, settings: Settings, samira: Person, db: Session
) -> None:
    available(client, samira)
    # The socket refreshes every third of the timeout: a short one for the test.
    client.app.state.settings = settings.model_copy(update={"agent_away_after_seconds": 3})  # type: ignore[attr-defined]
    short = client.app.state.settings  # type: ignore[attr-defined]

    with client.websocket_connect(f"/api/v1/agent/ws?token={samira.signed.token}") as console:
        assert console.receive_json() == {"type": "ready"}
        for _ in range(3):
            # Not seen for longer than the timeout… but the open console says otherwise.
            _last_seen(client, samira, 10)
            deadline = time.monotonic() + 5
            while not _anyone(client, short):
                assert time.monotonic() < deadline, "the open console did not keep Samira there"
                time.sleep(0.1)

    # Closed: nothing refreshes the agent any more.
    _last_seen(client, samira, 10)
    time.sleep(1.5)
    assert not _anyone(client, short)


def test_an_agent_who_never_set_a_presence_is_not_listed(client: TestClient) -> None:
    nadia = person(client, "nadia", role="agent")
    assert client.get("/api/v1/agent/handoffs", headers=nadia.headers).status_code == 200
    listed = client.get("/api/v1/agent/agents", headers=nadia.headers)
    assert listed.status_code == 200
    assert [a["agent_id"] for a in listed.json()] == []
