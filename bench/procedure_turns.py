"""What a turn inside a procedure costs next to a plain question, in one run.

Starts the real stack on free ports (like the end-to-end tests), signs the demo operator
in, then alternates, in the same run and the same process state:
- a turn inside the claim form: the user answers the "type of request" question, then
  says « retour » (each goes Rasa → validate_procedure_form → the core's engine → back);
- a plain question answered from the guides (Rasa → the knowledge action → the core).
Prints p50/p95 of both and their ratio.

    make bench        (or: TIJARIA_RASA_VENV=… TIJARIA_RASA_MODEL=… python bench/procedure_turns.py)
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import pyotp

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from api.accounts.seed import DEMO_PASSWORD, seed
from api.database import make_engine, make_session_factory
from assistant.supervisor import start_on_free_ports

TURNS = int(os.environ.get("BENCH_TURNS", "60"))
FORM_ANSWERS = ["Réclamation", "retour"]
QUESTIONS = [
    "Comment changer mon mot de passe ?",
    "Comment créer une demande de franchise ?",
    "Comment consulter mes factures ?",
]


def percentile(samples: list[float], q: int) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[q - 1]


def sign_in(api: str, database_url: str) -> str:
    engine = make_engine(database_url)
    with make_session_factory(engine)() as db:
        secrets = {s.user.login: s.user.totp_secret for s in seed(db=db)}
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


def turn(http: httpx.Client, api: str, body: dict[str, Any], token: str) -> tuple[float, dict]:
    started = time.perf_counter()
    response = http.post(f"{api}/chat", json=body, headers={"Authorization": f"Bearer {token}"})
    elapsed = (time.perf_counter() - started) * 1000
    response.raise_for_status()
    return elapsed, response.json()


def main() -> None:
    os.environ.setdefault("TIJARIA_CHAT_PER_SESSION_MINUTE", "1000000")
    os.environ.setdefault("TIJARIA_CHAT_PER_CLIENT_MINUTE", "1000000")
    rasa_venv = Path(os.environ["TIJARIA_RASA_VENV"])
    model = Path(os.environ["TIJARIA_RASA_MODEL"])
    with tempfile.TemporaryDirectory() as tmp, open(Path(tmp) / "processes.log", "w") as log:
        database_url = f"sqlite:///{tmp}/bench.db"
        settings, supervisor = start_on_free_ports(
            rasa_venv=rasa_venv, model=model, database_url=database_url, out=log
        )
        try:
            if not supervisor.wait_ready():
                sys.exit(f"the stack did not start; see {log.name}")
            api = f"http://127.0.0.1:{settings.api_port}/api/v1"
            token = sign_in(api, database_url)
            form_turns, plain_turns = [], []
            with httpx.Client(timeout=30) as http:
                form = {"session_id": "bench-form", "portal": "pmpce", "lang": "fr"}
                plain = {"session_id": "bench-plain", "portal": "pmpce", "lang": "fr"}
                _, started = turn(
                    http, api, {**form, "message": "je veux déposer une réclamation"}, token
                )
                if not started["messages"]:
                    sys.exit("the claim form did not start")
                turn(http, api, {**plain, "message": QUESTIONS[0]}, token)  # warm-up
                for i in range(TURNS):
                    ms, _ = turn(http, api, {**form, "message": FORM_ANSWERS[i % 2]}, token)
                    form_turns.append(ms)
                    ms, _ = turn(http, api, {**plain, "message": QUESTIONS[i % 3]}, token)
                    plain_turns.append(ms)
                turn(http, api, {**form, "message": "annuler"}, token)
        finally:
            supervisor.stop()

    f50, f95 = percentile(form_turns, 50), percentile(form_turns, 95)
    q50, q95 = percentile(plain_turns, 50), percentile(plain_turns, 95)
    print(f"turns: {TURNS} of each, interleaved, one signed-in operator, portal pmpce")
    print(f"plain question (knowledge)     : p50 {q50:6.1f} ms   p95 {q95:6.1f} ms")
    print(f"inside the claim form (engine) : p50 {f50:6.1f} ms   p95 {f95:6.1f} ms")
    print(f"form / question                : p50 {f50 / q50:6.2f}x    p95 {f95 / q95:6.2f}x")


if __name__ == "__main__":
    main()
