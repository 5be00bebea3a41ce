"""What « où en est ma DFD … ? » costs through the chat, next to a plain question, with the
demo source and with the HTTP source against a local fake portal system, in one run.

For each source, starts the real stack on free ports (like the end-to-end tests), signs the
demo operator in, then alternates, in the same process state:
- a file lookup (Rasa → action_route_my_files → the core's lookup → the source);
- a plain question answered from the guides (Rasa → the knowledge action → the core).
Prints p50/p95 of both, their ratio, and the fake portal's own time per call.

    make bench        (or: TIJARIA_RASA_VENV=… TIJARIA_RASA_MODEL=… python bench/file_lookup.py)
"""

import json
import os
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import httpx
import pyotp

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from api.accounts.seed import DEMO_PASSWORD, seed
from api.database import make_engine, make_session_factory
from api.portal_files import seed as files_seed
from assistant.supervisor import start_on_free_ports

TURNS = int(os.environ.get("BENCH_TURNS", "40"))
LOOKUPS = [
    ("Où en est ma DFD 20263000000123 ?", "Nouveau"),
    ("ma facture F-2026-000123 est-elle payée ?", "Paiement effectué"),
    ("où en est mon titre 2026300000000000802 ?", "Domicilié"),
]
QUESTIONS = [
    "Comment changer mon mot de passe ?",
    "Comment créer une demande de franchise ?",
    "Comment consulter mes factures ?",
]


def percentile(samples: list[float], q: int) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[q - 1]


def as_json(record: dict[str, Any]) -> dict[str, Any]:
    return {
        **record,
        "created_at": record["created_at"].isoformat(),
        "updated_at": record["updated_at"].isoformat(),
    }


@contextmanager
def fake_portal() -> Iterator[tuple[str, list[float]]]:
    """The portal systems' file API (api/portal_files/sources.HttpSource) over the demo files."""
    files = [as_json(f) for f in files_seed.DEMO_FILES]
    served: list[float] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            started = time.perf_counter()
            url = urlparse(self.path)
            parts = url.path.strip("/").split("/")
            query = {k: v[0] for k, v in parse_qs(url.query).items()}
            if len(parts) == 3:
                found = [f for f in files if (f["kind"], f["reference"]) == tuple(parts[1:])]
                status, body = (200, found[0]) if found else (404, {"error": "not found"})
            else:
                scope = {k: query[k] for k in ("owner_ice", "bank", "administration") if k in query}
                chosen = [
                    f
                    for f in files
                    if f["kind"] == parts[1]
                    and all(f.get(k) == v for k, v in scope.items())
                    and query.get("status") in (None, f["status"])
                ]
                status, body = 200, {"files": chosen}
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            served.append((time.perf_counter() - started) * 1000)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", served
    finally:
        server.shutdown()
        server.server_close()


def sign_in(api: str, database_url: str) -> str:
    engine = make_engine(database_url)
    with make_session_factory(engine)() as db:
        secrets = {s.user.login: s.user.totp_secret for s in seed(db=db)}
        files_seed.seed(db=db)
    engine.dispose()
    challenge = httpx.post(
        f"{api}/auth/login", json={"login": "demo.operateur", "password": DEMO_PASSWORD}
    ).json()
    session = httpx.post(
        f"{api}/auth/mfa",
        json={
            "mfa_token": challenge["mfa_token"],
            "code": pyotp.TOTP(secrets["demo.operateur"]).now(),
        },
    )
    session.raise_for_status()
    return str(session.json()["access_token"])


def turn(http: httpx.Client, api: str, body: dict[str, Any], token: str) -> tuple[float, str]:
    started = time.perf_counter()
    response = http.post(f"{api}/chat", json=body, headers={"Authorization": f"Bearer {token}"})
    elapsed = (time.perf_counter() - started) * 1000
    response.raise_for_status()
    return elapsed, "\n".join(m["text"] for m in response.json()["messages"])


def measure(label: str) -> tuple[list[float], list[float]]:
    rasa_venv = Path(os.environ["TIJARIA_RASA_VENV"])
    model = Path(os.environ["TIJARIA_RASA_MODEL"])
    with tempfile.TemporaryDirectory() as tmp, open(Path(tmp) / "processes.log", "w") as log:
        database_url = f"sqlite:///{tmp}/bench.db"
        settings, supervisor = start_on_free_ports(
            rasa_venv=rasa_venv, model=model, database_url=database_url, out=log
        )
        try:
            if not supervisor.wait_ready():
                sys.exit(f"the stack did not start ({label})")
            api = f"http://127.0.0.1:{settings.api_port}/api/v1"
            token = sign_in(api, database_url)
            lookups, plain = [], []
            with httpx.Client(timeout=30) as http:
                files = {"session_id": f"bench-files-{label}", "portal": "pmpce", "lang": "fr"}
                other = {"session_id": f"bench-plain-{label}", "portal": "pmpce", "lang": "fr"}
                turn(http, api, {**other, "message": QUESTIONS[0]}, token)  # warm-up
                for i in range(TURNS):
                    question, expected = LOOKUPS[i % len(LOOKUPS)]
                    ms, text = turn(http, api, {**files, "message": question}, token)
                    if expected not in text:
                        sys.exit(f"{label}: {question!r} was answered {text!r}")
                    lookups.append(ms)
                    ms, _ = turn(http, api, {**other, "message": QUESTIONS[i % 3]}, token)
                    plain.append(ms)
        finally:
            supervisor.stop()
    return lookups, plain


def report(label: str, lookups: list[float], plain: list[float]) -> None:
    l50, l95 = percentile(lookups, 50), percentile(lookups, 95)
    q50, q95 = percentile(plain, 50), percentile(plain, 95)
    print(f"[{label}] plain question (knowledge) : p50 {q50:6.1f} ms   p95 {q95:6.1f} ms")
    print(f"[{label}] file lookup                : p50 {l50:6.1f} ms   p95 {l95:6.1f} ms")
    print(f"[{label}] lookup / question          : p50 {l50 / q50:6.2f}x    p95 {l95 / q95:6.2f}x")


def main() -> None:
    os.environ.setdefault("TIJARIA_CHAT_PER_SESSION_MINUTE", "1000000")
    os.environ.setdefault("TIJARIA_CHAT_PER_CLIENT_MINUTE", "1000000")
    print(f"turns: {TURNS} of each, interleaved, one signed-in operator, portal pmpce")
    os.environ.pop("TIJARIA_PORTAL_FILES_URL", None)
    report("demo tables", *measure("demo"))
    with fake_portal() as (url, served):
        os.environ["TIJARIA_PORTAL_FILES_URL"] = url
        try:
            report("HTTP source, local fake portal", *measure("http"))
        finally:
            os.environ.pop("TIJARIA_PORTAL_FILES_URL")
    print(
        f"[HTTP source] fake portal's own time per call: p50 {percentile(served, 50):.2f} ms "
        f"over {len(served)} calls"
    )


if __name__ == "__main__":
    main()
