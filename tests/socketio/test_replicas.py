"""Two API replicas as real processes (uvicorn, sharing PostgreSQL and Redis, as in
tests/handoff/test_replica_kill.py): a rasa-webchat user on replica A, the same user's
second tab on replica B, the agent on B. Every message reaches each socket exactly once:
the agent's from B to A's socket through the broker, the handoff notices of A's own turn
as its answer (not again as a push), and nothing of the user's own words comes back
as a bot message. Skipped when PostgreSQL or Redis does not answer."""

import asyncio
from collections import Counter
from typing import Any

import httpx
import pytest

from tests.handoff.test_replica_kill import Cluster, _sign_in, cluster  # noqa: F401
from tests.socketio.conftest import Webchat

pytestmark = pytest.mark.postgres


async def drain(chat: Webchat, wait: float = 1.0) -> list[dict[str, Any]]:
    """What arrives within `wait` seconds of quiet."""
    got = []
    while True:
        try:
            got.append(await asyncio.wait_for(chat.uttered.get(), wait))
        except TimeoutError:
            return got


def ids(utterances: list[dict[str, Any]]) -> list[str]:
    return [u["metadata"]["tijaria"]["id"] for u in utterances]


def test_user_on_replica_a_agent_on_replica_b_each_message_once(cluster: Cluster) -> None:
    a, b = cluster.a.http, cluster.b.http
    with httpx.Client(base_url=b, timeout=30) as http:
        token = _sign_in(http, cluster.agent_login, cluster.agent_secret)
        agent = {"Authorization": f"Bearer {token}"}
        presence = http.put("/api/v1/agent/presence", json={"status": "available"}, headers=agent)
        assert presence.status_code == 200, presence.text

        async def scenario() -> None:
            tab_a, tab_b = Webchat(), Webchat()
            session_id = await tab_a.open(a)
            assert await tab_b.open(b, session_id) == session_id

            # « Oui, attendre un agent » (the offer's quick reply) on A: queued.
            await tab_a.say('/handoff_confirm{"reason":"asked"}', lang="fr")
            queued_a = await drain(tab_a)
            assert queued_a, "the queue notice never came"
            queued_b = await drain(tab_b, 0.5)
            # The other tab hears the notices, as pushes; A's own turn answered them once.
            assert ids(queued_b) == ids(queued_a)

            handoffs = await asyncio.to_thread(
                http.get, "/api/v1/agent/handoffs", params={"state": "queued"}, headers=agent
            )
            [handoff] = [h for h in handoffs.json()["items"] if h["session_id"] == session_id]
            accepted = await asyncio.to_thread(
                http.post, f"/api/v1/agent/handoffs/{handoff['id']}/accept", headers=agent
            )
            assert accepted.status_code == 200, accepted.text
            written = await asyncio.to_thread(
                http.post,
                f"/api/v1/agent/handoffs/{handoff['id']}/messages",
                json={"text": "Bonjour, je suis Samira."},
                headers=agent,
            )
            assert written.status_code == 201, written.text
            agent_message_id = written.json()["id"]

            for tab in (tab_a, tab_b):
                heard = await drain(tab)
                counts = Counter(ids(heard))
                assert counts[agent_message_id] == 1, heard
                assert max(counts.values()) == 1, heard
                [said] = [u for u in heard if u["metadata"]["tijaria"]["id"] == agent_message_id]
                assert said["text"].endswith("Bonjour, je suis Samira."), said
                assert said["metadata"]["tijaria"]["sender"] == "agent"

            # The user answers on A: the agent has it; no bot answers; neither tab is sent
            # the user's own words as a bot message.
            await tab_a.say("Merci, j'ai besoin d'aide", lang="fr")
            assert await drain(tab_a) == []
            assert await drain(tab_b, 0.5) == []
            await tab_a.close()
            await tab_b.close()

            detail = await asyncio.to_thread(
                http.get, f"/api/v1/agent/handoffs/{handoff['id']}", headers=agent
            )
            texts = [m["text"] for m in detail.json()["transcript"] if m["sender"] == "user"]
            assert texts == ['/handoff_confirm{"reason":"asked"}', "Merci, j'ai besoin d'aide"]

        asyncio.run(scenario())
