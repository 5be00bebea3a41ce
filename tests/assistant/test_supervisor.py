import io
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import yaml

from api.config import PROJECT_ROOT, Settings
from assistant.supervisor import ProcessSpec, Supervisor, endpoints_yaml, free_port, port_in_use

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


def test_a_dying_process_is_named_and_stops_the_others(tmp_path: Path) -> None:
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
