"""Live handoff under load: agent → user delivery through the core's server push.

Starts the API alone (uvicorn, one process, loopback, a fresh SQLite database unless
BENCH_DATABASE_URL says otherwise; no Rasa: nothing here reaches it), seeds
BENCH_HANDOFF_SOCKETS conversations each accepted by one of BENCH_HANDOFF_AGENTS agents,
opens one user WebSocket per conversation, then the agents send BENCH_HANDOFF_MESSAGES
messages to each conversation over HTTP, BENCH_HANDOFF_RATE a second in all. Each
message is timed from the agent's request to its arrival on the user's socket. Bounded:
at most BENCH_HANDOFF_SECONDS of sending and waiting. Prints the delivery latency p50/p99
and how many messages were lost (never arrived) or duplicated (arrived twice).

Target on one process (issue 14): 1,000 concurrent sockets, agent→user p99 ≤ 50 ms,
0 lost, 0 duplicated.

    make bench        (or: python bench/handoff_load.py)
"""

import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import websockets

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from api.accounts import service as accounts
from api.accounts.models import UserCreate
from api.config import Settings
from api.conversations import service as conversations
from api.database import make_engine, make_session_factory
from api.handoff import service as handoffs
from api.migrate import upgrade

SOCKETS = int(os.environ.get("BENCH_HANDOFF_SOCKETS", "1000"))
AGENTS = int(os.environ.get("BENCH_HANDOFF_AGENTS", "20"))
MESSAGES = int(os.environ.get("BENCH_HANDOFF_MESSAGES", "2"))
# Agents type: messages go out at this steady rate (all agents together, per second),
# each on time whatever the previous ones took (open loop, so queueing shows as latency).
RATE = float(os.environ.get("BENCH_HANDOFF_RATE", "50"))
SECONDS = float(os.environ.get("BENCH_HANDOFF_SECONDS", "120"))
CONNECT_BATCH = 100


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def percentile(samples: list[float], q: int) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[q - 1]


def seed(database_url: str) -> tuple[list[str], list[tuple[str, str, str]]]:
    """Agents (their bearer tokens) and accepted handoffs: (session id, handoff id, token)."""
    settings = Settings(database_url=database_url)
    engine = make_engine(database_url)
    factory = make_session_factory(engine)
    tokens: list[str] = []
    served: list[tuple[str, str, str]] = []
    with factory() as db:
        agents = []
        for n in range(AGENTS):
            agent = accounts.create(
                db=db,
                user_in=UserCreate(
                    login=f"bench.agent{n}",
                    email=f"bench.agent{n}@example.ma",
                    display_name=f"Agent {n}",
                    role="agent",
                ),
            )
            agents.append(agent)
            tokens.append(accounts.issue_session(db=db, settings=settings, user=agent).access_token)
        db.commit()
        for i in range(SOCKETS):
            conversation = conversations.get_or_create(
                db=db, session_id=f"bench-{i}", portal="douane", lang="fr"
            )
            handoff = handoffs.request(db=db, settings=settings, conversation=conversation)
            handoffs.accept(db=db, handoff=handoff, agent=agents[i % AGENTS])
            served.append((conversation.session_id, handoff.id, tokens[i % AGENTS]))
            if i % 100 == 99:
                db.commit()
        db.commit()
    engine.dispose()
    return tokens, served


def start_api(database_url: str, port: int, log: Any) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "TIJARIA_DATABASE_URL": database_url,
        "TIJARIA_API_PORT": str(port),
    }
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            "api.main:create_app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--lifespan",
            "off",
            "--no-access-log",
            "--log-level",
            "warning",
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def wait_ready(base: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("the API exited before answering (see its log above)")
        try:
            if httpx.get(f"{base}/api/v1/health/live", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit("the API did not answer within 60 s")


async def run(base: str, served: list[tuple[str, str, str]]) -> dict[str, Any]:
    sent_at: dict[str, float] = {}
    arrived: dict[str, list[float]] = {}
    sockets: list[Any] = []
    readers: list[asyncio.Task[None]] = []
    ws_base = base.replace("http://", "ws://")

    async def read(ws: Any) -> None:
        async for raw in ws:
            frame = json.loads(raw)
            now = time.perf_counter()
            for message in frame.get("messages", []):
                text = message.get("text", "")
                if text.startswith("bench "):
                    arrived.setdefault(text, []).append(now)

    async def connect(session_id: str) -> None:
        ws = await websockets.connect(
            f"{ws_base}/api/v1/chat/ws?session_id={session_id}", max_queue=None
        )
        sockets.append(ws)
        readers.append(asyncio.create_task(read(ws)))

    started = time.perf_counter()
    for batch in range(0, len(served), CONNECT_BATCH):
        await asyncio.gather(*(connect(s) for s, _, _ in served[batch : batch + CONNECT_BATCH]))
    connected_in = time.perf_counter() - started
    await asyncio.sleep(0.5)  # every subscription in place

    failures = 0
    deadline = time.monotonic() + SECONDS
    plan = [(s, h, t, k) for k in range(MESSAGES) for s, h, t in served]
    async with httpx.AsyncClient(
        base_url=base, timeout=30, limits=httpx.Limits(max_connections=200)
    ) as http:

        async def send(at: float, session_id: str, handoff_id: str, token: str, k: int) -> None:
            nonlocal failures
            await asyncio.sleep(max(0.0, at - time.perf_counter()))
            if time.monotonic() > deadline:
                return
            text = f"bench {session_id} {k}"
            sent_at[text] = time.perf_counter()
            response = await http.post(
                f"/api/v1/agent/handoffs/{handoff_id}/messages",
                json={"text": text},
                headers={"Authorization": f"Bearer {token}"},
            )
            if response.status_code != 201:
                failures += 1
                sent_at.pop(text, None)

        sending = time.perf_counter()
        await asyncio.gather(*(send(sending + j / RATE, *item) for j, item in enumerate(plan)))
        sent_in = time.perf_counter() - sending
    while len(arrived) < len(sent_at) and time.monotonic() < deadline + 5:
        await asyncio.sleep(0.1)
    for task in readers:
        task.cancel()
    await asyncio.gather(*(ws.close() for ws in sockets), return_exceptions=True)

    latencies = [
        (times[0] - sent_at[text]) * 1000 for text, times in arrived.items() if text in sent_at
    ]
    return {
        "sockets": len(sockets),
        "connected_in": connected_in,
        "sent": len(sent_at),
        "failures": failures,
        "sent_in": sent_in,
        "lost": len(set(sent_at) - set(arrived)),
        "duplicated": sum(len(times) - 1 for times in arrived.values()),
        "latencies": latencies,
    }


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp, open(Path(tmp) / "api.log", "wb") as log:
        database_url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{tmp}/bench.db"
        upgrade(database_url)
        print(f"handoff load: seeding {SOCKETS} handoffs served by {AGENTS} agents…", flush=True)
        _, served = seed(database_url)
        port = free_port()
        api = start_api(database_url, port, log)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_ready(base, api)
            result = asyncio.run(run(base, served))
        finally:
            api.terminate()
            try:
                api.wait(timeout=10)
            except subprocess.TimeoutExpired:
                api.kill()
        latencies = result["latencies"]
        print(
            f"handoff load: {result['sockets']} user sockets (connected in "
            f"{result['connected_in']:.1f} s), {result['sent']} agent messages sent in "
            f"{result['sent_in']:.1f} s at {RATE:g}/s ({result['failures']} refused)"
        )
        if len(latencies) >= 2:
            print(
                f"agent→user delivery: p50 {percentile(latencies, 50):.1f} ms, "
                f"p99 {percentile(latencies, 99):.1f} ms (target p99 ≤ 50 ms)"
            )
        print(f"lost {result['lost']}, duplicated {result['duplicated']} (target 0 and 0)")
        if result["lost"] or result["duplicated"]:
            log.flush()
            print((Path(tmp) / "api.log").read_text(errors="replace")[-3000:])


if __name__ == "__main__":
    main()
