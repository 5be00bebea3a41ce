"""One conversation, while Rasa is killed, then the action server, then the action server hangs.

The real stack, supervised as under `make run` (Supervisor.watch): each time, the user
is answered in degraded mode within seconds, every message is kept, and normal
answers come back by themselves once the supervisor has restarted the process. The
Rasa token starts with "-", which argparse once took for an option.
"""

import os
import secrets
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from assistant.supervisor import start_on_free_ports
from tests.e2e.conftest import ARTIFACTS, RunningTijaria, lift_chat_limits, rasa_paths

pytestmark = pytest.mark.e2e

SESSION = "e2e-healing"
# Generous for a loaded 2-core machine, still far below Rasa's 10 s timeout (and the
# minutes Rasa waits on a hung action server).
DEGRADED_WITHIN_SECONDS = 5.0
# Rasa reloads its model after a restart: about a minute, more on a busy machine.
RECOVERED_WITHIN_SECONDS = 180.0
NOTICE = "partiellement indisponible"
QUESTION = "comment modifier mon mot de passe sur le portail douane ?"

sent: list[str] = []
# What the user waited, kept in tests/artifacts/self-healing-timings.txt for the record.
timings: list[str] = []


@pytest.fixture(scope="module")
def tijaria(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningTijaria]:
    rasa_venv, model = rasa_paths()
    database = tmp_path_factory.mktemp("healing") / "tijaria.db"
    ARTIFACTS.mkdir(exist_ok=True)
    log = ARTIFACTS / "processes-test_self_healing.log"
    with log.open("w") as out, pytest.MonkeyPatch.context() as env:
        lift_chat_limits(env)
        # One token in 64 starts with "-": this run's does, and Rasa must still start.
        env.setenv("TIJARIA_RASA_TOKEN", "-" + secrets.token_urlsafe(24))
        settings, supervisor = start_on_free_ports(
            rasa_venv=rasa_venv, model=model, database_url=f"sqlite:///{database}", out=out
        )
        try:
            if not supervisor.wait_ready():
                pytest.fail(f"TijarIA did not come up; see {log}")
            supervisor.watch()  # what `make run` does once all three answer
            yield RunningTijaria(settings=settings, supervisor=supervisor, log=log)
        finally:
            supervisor.stop()


def say(tijaria: RunningTijaria, message: str) -> tuple[list[str], float]:
    """One turn; the reply's texts and how long the user waited."""
    sent.append(message)
    started = time.monotonic()
    response = httpx.post(
        f"{tijaria.api_url}/api/v1/chat",
        json={"session_id": SESSION, "message": message, "portal": "douane"},
        timeout=60,
    )
    elapsed = time.monotonic() - started
    assert response.status_code == 200, response.text
    return [m["text"] for m in response.json()["messages"]], elapsed


def record(what: str, seconds: float) -> None:
    timings.append(f"{what}: {seconds:.2f} s")
    (ARTIFACTS / "self-healing-timings.txt").write_text("\n".join(timings) + "\n")


def assert_degraded_at_once(tijaria: RunningTijaria, question: str, what: str) -> None:
    texts, elapsed = say(tijaria, question)
    record(f"{what}: degraded answer", elapsed)
    assert elapsed < DEGRADED_WITHIN_SECONDS, f"degraded answer took {elapsed:.1f} s"
    assert NOTICE in texts[0] and "+212 520 47 31 00" in texts[0], texts
    # Still answered from the guides, with the notice first.
    assert len(texts) == 2 and "mot de passe" in texts[1].lower(), texts


def assert_normal_again(tijaria: RunningTijaria, what: str) -> None:
    """Greets until Rasa (and its custom action) answers again."""
    started = time.monotonic()
    while True:
        texts, _ = say(tijaria, "bonjour")
        if not any(NOTICE in text for text in texts):
            # action_greet (a custom action) names the portal: the action server works.
            assert any("portail Douane" in text for text in texts), texts
            record(f"{what}: normal answers back after", time.monotonic() - started)
            return
        assert time.monotonic() - started < RECOVERED_WITHIN_SECONDS, tijaria.log.read_text()[
            -3000:
        ]
        time.sleep(3)


def dies(pid: int | None) -> None:
    deadline = time.monotonic() + 20
    status = Path(f"/proc/{pid}/status")
    while pid is not None:
        try:
            if "zombie" in status.read_text():
                return
        except FileNotFoundError:
            return
        assert time.monotonic() < deadline, f"{pid} still alive"
        time.sleep(0.1)


def test_normal_answers_first(tijaria: RunningTijaria) -> None:
    texts, _ = say(tijaria, "bonjour")

    assert any("portail Douane" in text for text in texts) and not any(NOTICE in t for t in texts)


def test_rasa_killed(tijaria: RunningTijaria) -> None:
    rasa = tijaria.process("rasa")
    pid = rasa.pid
    rasa.signal(signal.SIGKILL)
    dies(pid)

    assert_degraded_at_once(tijaria, QUESTION, "rasa killed")
    assert_normal_again(tijaria, "rasa killed")

    assert "rasa exited with code -9; restarting it" in tijaria.log.read_text()
    assert rasa.pid != pid


def test_action_server_stopped_with_sigterm(tijaria: RunningTijaria) -> None:
    actions = tijaria.process("actions")
    pid = actions.pid
    assert pid is not None
    # What stopped the whole service under `make run` before.
    os.kill(pid, signal.SIGTERM)
    dies(pid)

    assert_degraded_at_once(tijaria, QUESTION, "actions SIGTERM")
    assert_normal_again(tijaria, "actions SIGTERM")

    assert "actions exited with code" in tijaria.log.read_text()
    assert tijaria.process("api").poll() is None and tijaria.process("rasa").poll() is None


def test_action_server_hung(tijaria: RunningTijaria) -> None:
    actions = tijaria.process("actions")
    pid = actions.pid
    assert pid is not None
    # Alive but deaf: it never exits, Rasa's action calls wait on it. The whole process
    # group: Sanic serves from worker processes, not from the one the supervisor started.
    actions.signal(signal.SIGSTOP)

    # A greeting runs a custom action: Rasa itself is stuck waiting on the action server.
    texts, elapsed = say(tijaria, "bonjour")
    record("actions SIGSTOP: degraded answer to a turn stuck in Rasa", elapsed)
    assert elapsed < DEGRADED_WITHIN_SECONDS, f"degraded answer took {elapsed:.1f} s"
    assert NOTICE in texts[0], texts
    assert_degraded_at_once(tijaria, QUESTION, "actions SIGSTOP")
    assert_normal_again(tijaria, "actions SIGSTOP")

    assert "actions stopped answering its health check" in tijaria.log.read_text()
    assert actions.pid != pid
    dies(pid)


def test_every_message_is_kept(tijaria: RunningTijaria) -> None:
    response = httpx.get(f"{tijaria.api_url}/api/v1/conversations/{SESSION}/messages")
    assert response.status_code == 200
    stored = response.json()["messages"]

    assert [m["text"] for m in stored if m["sender"] == "user"] == sent
    # Every user message got at least one stored reply, degraded ones flagged as such.
    replies_after: list[int] = []
    for message in stored:
        if message["sender"] == "user":
            replies_after.append(0)
        else:
            replies_after[-1] += 1
    assert all(count >= 1 for count in replies_after), replies_after
    assert any(m["degraded"] for m in stored) and not stored[-1]["degraded"]
    health = httpx.get(f"{tijaria.api_url}/api/v1/health").json()
    assert health["status"] == "ok", health
