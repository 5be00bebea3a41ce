"""Two API replicas as real processes (uvicorn on two ports of 127.0.0.1) sharing PostgreSQL
and Redis: the user talks on replica A over the chat WebSocket, the agent works on replica B
(HTTP routes and the agents' socket). Replica A is killed (SIGKILL) mid-conversation while
the agent keeps writing; the user reconnects to B with `last_message_id` and gets every
agent message exactly once, in order, and nothing the user sent is lost or doubled.

No Rasa: the conversation is queued by the handoff's own button (`/handoff_confirm`, which
the core reads, never Rasa) and accepted through the agents' route; Rasa's port is a closed
one (pausing its tracker is best effort). Skipped when PostgreSQL or Redis does not answer."""

import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any
from urllib.parse import quote

import httpx
import pyotp
import pytest
from sqlalchemy import text
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from api.config import PROJECT_ROOT
from api.database import make_engine, make_session_factory
from api.knowledge.service import get_retriever
from api.migrate import upgrade
from assistant.supervisor import free_port
from tests.api.accounts_helpers import PASSWORD, create_user_in
from tests.conftest import POSTGRES_URL, postgres_reachable
from tests.push.conftest import REDIS_URL, redis_reachable

pytestmark = pytest.mark.postgres

AGENT_MESSAGES = 30
# The agent writes one message every this many seconds, before and after the kill.
AGENT_PACE = 0.05
# Replica A dies once the user has had this many of the agent's messages.
KILL_AFTER = 8


@dataclass
class Replica:
    name: str
    port: int
    process: subprocess.Popen[bytes]
    log: Any

    @property
    def http(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws(self) -> str:
        return f"ws://127.0.0.1:{self.port}"


def _start(name: str, env: dict[str, str], log_dir: Any) -> Replica:
    port = free_port()
    log = open(log_dir / f"replica-{name}.log", "wb")  # noqa: SIM115 (closed by the fixture)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            "api.main:app",
            "--host=127.0.0.1",
            f"--port={port}",
            "--no-access-log",
            "--no-proxy-headers",
        ],
        cwd=PROJECT_ROOT,
        env={**env, "TIJARIA_API_PORT": str(port)},
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )
    return Replica(name=name, port=port, process=process, log=log)


def _wait_ready(replica: Replica, deadline: float) -> None:
    while True:
        if replica.process.poll() is not None:
            raise RuntimeError(f"replica {replica.name} exited: see {replica.log.name}")
        try:
            if httpx.get(f"{replica.http}/api/v1/health/live", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"replica {replica.name} did not start: see {replica.log.name}")
        time.sleep(0.25)


@dataclass
class Cluster:
    a: Replica
    b: Replica
    database_url: str
    agent_login: str
    agent_secret: str


@pytest.fixture
def cluster(tmp_path: Any) -> Iterator[Cluster]:
    if not postgres_reachable():
        pytest.skip("skipped: no PostgreSQL on 127.0.0.1:5432")
    if not redis_reachable():
        pytest.skip("skipped: no Redis on 127.0.0.1:6379")
    schema = f"tijaria_test_{uuid.uuid4().hex[:12]}"
    admin = make_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    database_url = f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    replicas: list[Replica] = []
    try:
        upgrade(database_url)
        engine = make_engine(database_url)
        login = f"agent.{uuid.uuid4().hex[:8]}"
        secret = create_user_in(
            SimpleNamespace(state=SimpleNamespace(session_factory=make_session_factory(engine))),
            login,
            role="agent",
        )
        engine.dispose()
        # The knowledge index, built here once if missing, so that neither replica builds
        # (and writes) it while the other reads it.
        get_retriever()
        env = {k: v for k, v in os.environ.items() if not k.startswith("TIJARIA_")}
        env.update(
            TIJARIA_DATABASE_URL=database_url,
            TIJARIA_REDIS_URL=REDIS_URL,
            # Nobody listens there: Rasa is never needed by what this test does.
            TIJARIA_RASA_PORT=str(free_port()),
            TIJARIA_ACTION_SERVER_PORT=str(free_port()),
            TIJARIA_RASA_TIMEOUT_SECONDS="2",
            TIJARIA_RASA_TOKEN="rasa-test-token",
            TIJARIA_INTERNAL_TOKEN="internal-test-token",
            TIJARIA_ACTION_SERVER_TOKEN="action-test-token",
            TIJARIA_CHAT_PER_SESSION_MINUTE="1000",
            TIJARIA_CHAT_PER_CLIENT_MINUTE="1000",
        )
        deadline = time.monotonic() + 180
        for name in ("a", "b"):
            replica = _start(name, env, tmp_path)
            replicas.append(replica)
            _wait_ready(replica, deadline)
        yield Cluster(
            a=replicas[0],
            b=replicas[1],
            database_url=database_url,
            agent_login=login,
            agent_secret=secret,
        )
    finally:
        for replica in replicas:
            if replica.process.poll() is None:
                replica.process.terminate()
                try:
                    replica.process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    replica.process.kill()
                    replica.process.wait(timeout=10)
            replica.log.close()
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def _sign_in(http: httpx.Client, login: str, secret: str) -> str:
    challenge = http.post("/api/v1/auth/login", json={"login": login, "password": PASSWORD})
    assert challenge.status_code == 200, challenge.text
    session = http.post(
        "/api/v1/auth/mfa",
        json={"mfa_token": challenge.json()["mfa_token"], "code": pyotp.TOTP(secret).now()},
    )
    assert session.status_code == 200, session.text
    return str(session.json()["access_token"])


@dataclass
class UserSide:
    """What the user's widget saw: every message of every frame, in arrival order."""

    seen: list[dict[str, Any]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def take(self, frame: dict[str, Any]) -> None:
        with self.lock:
            self.seen.extend(frame.get("messages") or [])

    def agent_ids(self) -> list[str]:
        with self.lock:
            return [m["id"] for m in self.seen if m["sender"] == "agent"]

    def last_id(self) -> str:
        with self.lock:
            return str(self.seen[-1]["id"])


def _reader(ws: ClientConnection, side: UserSide, answers: list[dict[str, Any]]) -> None:
    """Every frame the socket receives: pushed ones are the agent's, others answer a turn."""
    try:
        for raw in ws:
            frame = json.loads(raw)
            side.take(frame)
            if not frame.get("pushed"):
                answers.append(frame)
    except (ConnectionClosed, OSError):
        return


def _until(condition: Any, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.02)


def test_replica_killed_mid_conversation_loses_and_doubles_nothing(cluster: Cluster) -> None:
    session_id = f"kill-{uuid.uuid4().hex[:12]}"
    with (
        httpx.Client(base_url=cluster.b.http, timeout=30) as b,
        httpx.Client(base_url=cluster.a.http, timeout=30) as a,
    ):
        token = _sign_in(b, cluster.agent_login, cluster.agent_secret)
        agent = {"Authorization": f"Bearer {token}"}
        assert (
            b.put("/api/v1/agent/presence", json={"status": "available"}, headers=agent)
        ).status_code == 200
        assert a.get("/api/v1/health/live").status_code == 200

        console_events: list[dict[str, Any]] = []
        console = connect(f"{cluster.b.ws}/api/v1/agent/ws?token={quote(token)}")
        assert json.loads(console.recv(timeout=10)) == {"type": "ready"}

        def listen_console() -> None:
            try:
                for raw in console:
                    console_events.append(json.loads(raw))
            except (ConnectionClosed, OSError):
                return

        threading.Thread(target=listen_console, daemon=True).start()

        # The user, on replica A: queued for an agent by the offer's « Oui » button.
        side = UserSide()
        answers: list[dict[str, Any]] = []
        widget = connect(f"{cluster.a.ws}/api/v1/chat/ws?session_id={session_id}")
        assert widget.response is not None
        key = widget.response.headers["set-cookie"].split(";")[0].split("=", 1)[1]
        reading = threading.Thread(target=_reader, args=(widget, side, answers), daemon=True)
        reading.start()
        widget.send(json.dumps({"message": '/handoff_confirm{"reason":"asked"}', "lang": "fr"}))
        _until(lambda: len(answers) == 1)
        assert answers[0]["handoff"]["state"] == "queued", answers[0]

        queued = b.get("/api/v1/agent/handoffs", params={"state": "queued"}, headers=agent)
        [handoff] = [h for h in queued.json()["items"] if h["session_id"] == session_id]
        accepted = b.post(f"/api/v1/agent/handoffs/{handoff['id']}/accept", headers=agent)
        assert accepted.status_code == 200, accepted.text

        # The agent writes on B, steadily, before and after A dies.
        sent: list[str] = []
        failures: list[str] = []

        def agent_writes() -> None:
            with httpx.Client(base_url=cluster.b.http, timeout=30) as http:
                for n in range(AGENT_MESSAGES):
                    reply = http.post(
                        f"/api/v1/agent/handoffs/{handoff['id']}/messages",
                        json={"text": f"agent {n}"},
                        headers=agent,
                    )
                    if reply.status_code != 201:
                        failures.append(reply.text)
                        return
                    sent.append(reply.json()["id"])
                    time.sleep(AGENT_PACE)

        writing = threading.Thread(target=agent_writes, daemon=True)
        writing.start()

        # The user writes too, on A, each message under its own client id (a widget's retry
        # key); the answers say which ones A took.
        user_texts: list[tuple[str, str]] = []

        def user_says(ws: ClientConnection, n: int) -> None:
            client_id = f"c-{n:03d}"
            user_texts.append((client_id, f"user {n}"))
            ws.send(json.dumps({"message": f"user {n}", "client_message_id": client_id}))

        for n in range(3):
            done = len(answers)
            user_says(widget, n)
            _until(lambda done=done: len(answers) == done + 1)
            assert answers[-1]["handoff"]["state"] == "active", answers[-1]
        _until(lambda: len(side.agent_ids()) >= KILL_AFTER)

        # One more message goes out, and replica A is killed before (or while) it is taken.
        user_says(widget, 3)
        cluster.a.process.send_signal(signal.SIGKILL)
        cluster.a.process.wait(timeout=10)
        reading.join(timeout=10)
        assert len(side.agent_ids()) < AGENT_MESSAGES, "the agent had finished before the kill"

        # The widget reconnects, to B, with the last message it has; it sends again what
        # A never answered, under the same client ids.
        last = side.last_id()
        had = len(side.seen)
        widget = connect(
            f"{cluster.b.ws}/api/v1/chat/ws?session_id={session_id}"
            f"&conversation_key={quote(key)}&last_message_id={last}"
        )
        reading = threading.Thread(target=_reader, args=(widget, side, answers), daemon=True)
        reading.start()
        for client_id, said in user_texts[len(answers) - 1 :]:
            done = len(answers)
            widget.send(json.dumps({"message": said, "client_message_id": client_id}))
            _until(lambda done=done: len(answers) == done + 1)
        for n in range(4, 6):
            done = len(answers)
            user_says(widget, n)
            _until(lambda done=done: len(answers) == done + 1)

        writing.join(timeout=60)
        assert not failures, failures
        assert len(sent) == AGENT_MESSAGES
        _until(lambda: len(side.agent_ids()) >= AGENT_MESSAGES)
        time.sleep(0.5)  # a duplicate, if any, would arrive now
        widget.close()
        reading.join(timeout=10)

        # The user: every agent message exactly once, in the order the agent sent them;
        # no message (of anyone) twice; what came after the reconnect follows what came before.
        assert side.agent_ids() == sent
        ids = [m["id"] for m in side.seen]
        assert len(ids) == len(set(ids)), "a message reached the user twice"
        assert had < len(side.seen)

        # The agent: every user message once, in the order said, in the stored transcript.
        detail = b.get(f"/api/v1/agent/handoffs/{handoff['id']}", headers=agent)
        assert detail.status_code == 200, detail.text
        transcript = detail.json()["transcript"]
        assert [m["text"] for m in transcript if m["sender"] == "user"] == [
            '/handoff_confirm{"reason":"asked"}',
            *[said for _, said in user_texts],
        ]
        assert [m["id"] for m in transcript if m["sender"] == "agent"] == sent
        # Stored order is what the user saw: the transcript's order restricted to the ids
        # the user got.
        got = set(ids)
        assert [m["id"] for m in transcript if m["id"] in got] == ids
        # The console on B heard the user's messages (none twice).
        heard = [
            e["message"]["id"]
            for e in console_events
            if e.get("type") == "message"
            and e.get("handoff_id") == handoff["id"]
            and e["message"]["sender"] == "user"
        ]
        assert len(heard) == len(set(heard))
        console.close()
