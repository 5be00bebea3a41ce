import argparse
import io
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml

from api.config import PROJECT_ROOT, Settings
from assistant.rasa_launcher import rasa_argv
from assistant.supervisor import (
    HealthPolicy,
    ManagedProcess,
    ProcessSpec,
    Supervisor,
    _http_ok,
    build_specs,
    endpoints_yaml,
    free_port,
    port_in_use,
    with_secrets,
)

PYTHON = sys.executable


def spec(name: str, code: str, *, port: int | None = None, ready: bool = True) -> ProcessSpec:
    return ProcessSpec(
        name=name, argv=[PYTHON, "-c", code], port=port or free_port(), is_ready=lambda: ready
    )


def test_a_taken_port_is_named_and_nothing_starts() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        out = io.StringIO()

        code = Supervisor([spec("api", "import time; time.sleep(30)", port=port)], out).run(
            ready_line="ready"
        )

    assert code == 1
    assert f"port {port} (api) already in use" in out.getvalue()


def test_a_process_dying_before_all_answered_is_named_and_stops_the_others(
    tmp_path: Path,
) -> None:
    # A broken setup (bad model, missing package) fails loudly instead of looping.
    marker = tmp_path / "alive"
    out = io.StringIO()
    specs = [
        spec(
            "sleeper", f"import pathlib,time; pathlib.Path({str(marker)!r}).touch(); time.sleep(60)"
        ),
        spec(
            "crasher",
            "import sys,time; print('about to fail', flush=True); time.sleep(1); sys.exit(3)",
            ready=False,
        ),
    ]
    supervisor = Supervisor(specs, out)

    code = supervisor.run(ready_line="ready")

    assert code == 1
    assert "crasher exited with code 3" in out.getvalue()
    assert "crasher | about to fail" in out.getvalue()
    assert supervisor.processes[0].poll() is not None


def test_ctrl_c_stops_every_process_and_exits_zero(tmp_path: Path) -> None:
    pids = tmp_path / "pids"
    script = f"""
import os, sys
from assistant.supervisor import ProcessSpec, Supervisor
child = "import os, time; open({str(pids)!r}, 'a').write(str(os.getpid()) + chr(10)); time.sleep(300)"
specs = [ProcessSpec(name=n, argv=[sys.executable, "-c", child], port=p, is_ready=lambda: True)
         for n, p in (("one", {free_port()}), ("two", {free_port()}))]
sys.exit(Supervisor(specs).run(ready_line="READY"))
"""
    proc = subprocess.Popen(
        [PYTHON, "-c", script], cwd=PROJECT_ROOT, stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    deadline = time.monotonic() + 20
    for line in proc.stdout:
        if "READY" in line or time.monotonic() > deadline:
            break
    while (not pids.exists() or len(pids.read_text().split()) < 2) and time.monotonic() < deadline:
        time.sleep(0.1)

    proc.send_signal(signal.SIGINT)

    assert proc.wait(timeout=30) == 0
    for pid in map(int, pids.read_text().split()):
        assert (
            not Path(f"/proc/{pid}").exists() or "zombie" in Path(f"/proc/{pid}/status").read_text()
        )


def test_port_in_use() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        assert port_in_use(sock.getsockname()[1])
    assert not port_in_use(free_port())


def test_tracker_store_follows_sqlite_database() -> None:
    config = yaml.safe_load(endpoints_yaml(Settings(database_url="sqlite:////srv/var/tijaria.db")))

    assert config["tracker_store"] == {
        "type": "SQL",
        "dialect": "sqlite",
        "db": "/srv/var/rasa_tracker.db",
    }
    assert config["action_endpoint"]["url"] == "http://127.0.0.1:5055/webhook"
    assert "lock_store" not in config


def test_tracker_store_and_lock_store_follow_postgres_and_redis() -> None:
    settings = Settings(
        database_url="postgresql://app:s3cret@db.internal:5433/tijaria",
        redis_url="redis://:pw@cache.internal:6380/2",
    )

    config = yaml.safe_load(endpoints_yaml(settings))

    assert config["tracker_store"] | {} == {
        "type": "SQL",
        "dialect": "postgresql",
        "url": "db.internal",
        "port": 5433,
        "db": "tijaria",
        "username": "app",
        "password": "s3cret",
        "login_db": "tijaria",
    }
    assert config["lock_store"] == {
        "type": "redis",
        "url": "cache.internal",
        "port": 6380,
        "db": 2,
        "password": "pw",
    }


# --- Healing: a process that dies or stops answering is restarted, the others run on. ---

FAST = HealthPolicy(
    check_every_seconds=0.2,
    failures_to_restart=2,
    startup_seconds=30,
    backoff_first_seconds=0.2,
    backoff_max_seconds=1.0,
    kill_after_seconds=1.0,
)

# A small HTTP server answering GET / (its health URL); IGNORE_TERM makes it deaf to SIGTERM.
SERVER = """
import http.server, os, signal, sys
if os.environ.get("IGNORE_TERM"):
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
if os.environ.get("STARTS"):
    with open(os.environ["STARTS"], "a+") as starts:
        starts.seek(0)
        if starts.read().count("\\n") and os.environ.get("CRASH_ON_RESTART"):
            sys.exit(4)
        starts.write(str(os.getpid()) + "\\n")
print("serving", flush=True)
if os.environ.get("SERVE_IN_CHILD") and os.fork():
    signal.pause()  # the leader waits; its child (same process group) serves, as Sanic's do
http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), http.server.SimpleHTTPRequestHandler).serve_forever()
"""


def server(name: str, **env: str) -> ProcessSpec:
    port = free_port()
    return ProcessSpec(
        name=name,
        argv=[PYTHON, "-c", SERVER, str(port)],
        port=port,
        is_ready=_http_ok(f"http://127.0.0.1:{port}/"),
        env={**os.environ, **env},
    )


def eventually(condition: Callable[[], object], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.1)


@pytest.fixture
def watched() -> Iterator[Callable[..., Supervisor]]:
    supervisors: list[Supervisor] = []

    def start(*specs: ProcessSpec) -> Supervisor:
        supervisor = Supervisor(list(specs), io.StringIO(), policy=FAST)
        supervisors.append(supervisor)
        supervisor.start()
        assert supervisor.wait_ready(timeout=30)
        supervisor.watch()
        return supervisor

    yield start
    for supervisor in supervisors:
        supervisor.stop()


def gone(pid: int) -> bool:
    """Dead (a zombie is dead: an orphan waits for init to reap it)."""
    status = Path(f"/proc/{pid}/status")
    return not status.exists() or "zombie" in status.read_text()


def log_of(supervisor: Supervisor) -> str:
    out = supervisor._out
    assert isinstance(out, io.StringIO)
    return out.getvalue()


def answering_with_a_new_pid(process: ManagedProcess, old_pid: int | None) -> bool:
    return process.pid != old_pid and process.poll() is None and process.spec.is_ready()


def test_a_process_that_dies_is_restarted_and_the_others_keep_running(
    watched: Callable[..., Supervisor],
) -> None:
    supervisor = watched(server("actions"), server("api"))
    actions, api = supervisor.processes
    old_actions, old_api = actions.pid, api.pid

    # What `kill <pid>` of the action server did under `make run`: it exited cleanly.
    actions.signal(signal.SIGTERM)

    eventually(lambda: answering_with_a_new_pid(actions, old_actions))
    eventually(lambda: "actions is answering again (restart 1)" in log_of(supervisor))
    assert re.search(
        r"actions exited with code -?\d+; restarting it in 0.2 s \(restart 1\)", log_of(supervisor)
    )
    assert api.pid == old_api and api.poll() is None


def test_a_stopped_process_that_ignores_sigterm_is_killed_and_restarted(
    watched: Callable[..., Supervisor],
) -> None:
    supervisor = watched(server("actions", IGNORE_TERM="1"), server("api"))
    actions, api = supervisor.processes
    old_actions = actions.pid
    assert old_actions is not None

    # Alive but deaf: the process never exits, its health URL never answers.
    os.kill(old_actions, signal.SIGSTOP)

    eventually(lambda: answering_with_a_new_pid(actions, old_actions))
    assert "actions stopped answering its health check (2 checks in a row)" in log_of(supervisor)
    assert gone(old_actions)
    assert api.poll() is None
    actions.signal(signal.SIGKILL)  # the new one ignores SIGTERM too: spare the teardown 20 s


def test_a_leader_killed_alone_leaves_no_worker_holding_its_port(
    watched: Callable[..., Supervisor],
) -> None:
    supervisor = watched(server("actions", SERVE_IN_CHILD="1"), server("api"))
    actions = supervisor.processes[0]
    leader = actions.pid
    assert leader is not None
    [worker] = Path(f"/proc/{leader}/task/{leader}/children").read_text().split()

    os.kill(leader, signal.SIGKILL)  # the worker lives on, serving the port

    eventually(lambda: "actions is answering again (restart 1)" in log_of(supervisor))
    assert gone(int(worker))


def test_restarts_back_off_exponentially_up_to_a_cap(
    watched: Callable[..., Supervisor], tmp_path: Path
) -> None:
    # Starts fine once, then every restart fails at once.
    supervisor = watched(
        server("rasa", STARTS=str(tmp_path / "starts"), CRASH_ON_RESTART="1"), server("api")
    )
    rasa, api = supervisor.processes

    rasa.signal(signal.SIGKILL)

    eventually(lambda: log_of(supervisor).count("restarting it in") >= 5, timeout=60)
    delays = re.findall(r"rasa \S.*?; restarting it in ([\d.]+) s", log_of(supervisor))
    assert delays[:5] == ["0.2", "0.4", "0.8", "1", "1"]
    assert "rasa exited with code 4" in log_of(supervisor)
    assert api.poll() is None


def test_under_run_a_dead_process_is_restarted_until_ctrl_c(tmp_path: Path) -> None:
    pids = tmp_path / "pids"
    script = f"""
import io, os, sys
from assistant.supervisor import HealthPolicy, ProcessSpec, Supervisor, _http_ok
from tests.assistant.test_supervisor import server
specs = [server("actions", STARTS={str(pids)!r}), server("api")]
policy = HealthPolicy(check_every_seconds=0.2, backoff_first_seconds=0.2)
sys.exit(Supervisor(specs, policy=policy).run(ready_line="READY"))
"""
    proc = subprocess.Popen(
        [PYTHON, "-c", script], cwd=PROJECT_ROOT, stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    lines: list[str] = []
    for line in proc.stdout:
        lines.append(line)
        if "READY" in line:
            break
    [first] = pids.read_text().split()

    os.kill(int(first), signal.SIGTERM)

    for line in proc.stdout:
        lines.append(line)
        if "actions is answering again" in line:
            break
    assert proc.poll() is None, "".join(lines)
    assert any("actions exited with code" in line and "restarting" in line for line in lines)
    second = pids.read_text().split()[1]

    proc.send_signal(signal.SIGINT)

    assert proc.wait(timeout=30) == 0
    assert (
        not Path(f"/proc/{second}").exists()
        or "zombie" in Path(f"/proc/{second}/status").read_text()
    )


# --- Every argv the supervisor builds: no value can be read as an option. ---


def rasa_run_parser() -> argparse.ArgumentParser:
    """The options of `rasa run` that the supervisor passes, declared as Rasa 3.6 does."""
    parser = argparse.ArgumentParser(prog="rasa")
    parser.add_argument("command")
    parser.add_argument("--enable-api", action="store_true")
    parser.add_argument("-t", "--auth-token", type=str)
    parser.add_argument("-i", "--interface", default="0.0.0.0")
    parser.add_argument("-p", "--port", type=int)
    parser.add_argument("-m", "--model")
    parser.add_argument("--endpoints")
    parser.add_argument("--credentials")
    return parser


def test_a_token_starting_with_a_dash_reaches_rasa_whole(tmp_path: Path) -> None:
    settings = with_secrets(
        Settings(
            database_url=f"sqlite:///{tmp_path}/t.db",
            rasa_token="-Zq3vK9-xY_token",
            api_port=free_port(),
        )
    )
    rasa, actions, api = build_specs(settings, rasa_venv=tmp_path / "venv", model=Path("/m.tar.gz"))

    # The supervisor starts `python -m assistant.rasa_launcher <args>`; the launcher adds
    # the token from the environment, where `ps` cannot read it.
    launcher_args = rasa.argv[rasa.argv.index("assistant.rasa_launcher") + 1 :]
    assert settings.rasa_token not in " ".join(rasa.argv)
    assert rasa.env["TIJARIA_RASA_TOKEN"] == settings.rasa_token
    parsed = rasa_run_parser().parse_args(
        rasa_argv(launcher_args, rasa.env["TIJARIA_RASA_TOKEN"])[1:]
    )

    assert parsed.auth_token == "-Zq3vK9-xY_token"
    assert (parsed.interface, parsed.port, parsed.model) == (
        "127.0.0.1",
        settings.rasa_port,
        "/m.tar.gz",
    )
    for spec in (rasa, actions, api):
        # Each argument is an option (glued to its value with "=") or a plain word, never
        # a bare value after its option: whatever a value holds, it cannot pose as one.
        for previous, argument in zip(spec.argv, spec.argv[1:], strict=False):
            assert not (
                previous.startswith("--")
                and "=" not in previous
                and previous not in {"--enable-api", "--factory", "--no-access-log"}
            ), f"{spec.name}: {previous} {argument}"
