"""`python -m assistant.supervisor --rasa-venv DIR --model FILE`: runs TijarIA's three processes.

Rasa (5005), the action server (5055) and the API (8000), all bound to 127.0.0.1.
Every line a process prints is prefixed with its name. When all three answer, one
line says where to open TijarIA. If a port is taken, or a process dies before all
three answered, the supervisor says which, stops the others and exits 1.

Once running, it heals: each process's health URL is checked every second, and a
process that exits, or stops answering a few checks in a row (hung, or stopped with
SIGSTOP), is killed (SIGKILL if SIGTERM is not enough) and started again, after 1 s,
then 2, 4… up to 30 s while it keeps failing; each restart is logged with its name.
The others keep running meanwhile (the API answers in degraded mode). Only Ctrl-C
(or SIGTERM to the supervisor) stops everything.
"""

import argparse
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import httpx
from sqlalchemy.engine import make_url

from api.config import PROJECT_ROOT, Settings
from api.rasa_client import RasaClient
from assistant.training import rasa_env

READY_TIMEOUT_SECONDS = 300
STOP_TIMEOUT_SECONDS = 20


@dataclass(frozen=True)
class HealthPolicy:
    """When a running process is restarted, and how soon."""

    check_every_seconds: float = 1.0
    # Consecutive failed health checks (each up to 2 s) that mean "hung".
    failures_to_restart: int = 3
    # A (re)started process has this long to answer before it is started again.
    startup_seconds: float = READY_TIMEOUT_SECONDS
    backoff_first_seconds: float = 1.0
    backoff_max_seconds: float = 30.0
    # Healthy this long after a restart: the next failure is restarted promptly again.
    stable_after_seconds: float = 60.0
    # A failed process gets this long to exit on SIGTERM before SIGKILL.
    kill_after_seconds: float = 5.0


@dataclass
class ProcessSpec:
    name: str
    argv: list[str]
    port: int
    is_ready: Callable[[], bool]
    env: dict[str, str] = field(default_factory=dict)
    # Health once running (is_ready when unset): must not depend on the other processes,
    # or a hung action server would get the API restarted too.
    is_alive: Callable[[], bool] | None = None

    def alive(self) -> bool:
        return (self.is_alive or self.is_ready)()


class ManagedProcess:
    """A child process in its own process group, its output prefixed with its name."""

    def __init__(self, spec: ProcessSpec, out: IO[str] | None = None) -> None:
        self.spec = spec
        self._out = out or sys.stdout
        self._popen: subprocess.Popen[str] | None = None
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        return self.spec.name

    def start(self) -> None:
        self._popen = subprocess.Popen(
            self.spec.argv,
            cwd=PROJECT_ROOT,
            env=self.spec.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            text=True,
            bufsize=1,
            errors="replace",
            # Own process group: the terminal's Ctrl-C reaches the supervisor only,
            # which then stops the children in order, workers included.
            start_new_session=True,
        )
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        assert self._popen is not None and self._popen.stdout is not None
        prefix = f"{self.name:>7} | "
        for line in self._popen.stdout:
            with self._lock:
                self._out.write(prefix + line if line.endswith("\n") else prefix + line + "\n")
                self._out.flush()

    def poll(self) -> int | None:
        return None if self._popen is None else self._popen.poll()

    @property
    def pid(self) -> int | None:
        return None if self._popen is None else self._popen.pid

    def signal(self, sig: int) -> None:
        if self._popen is not None and self._popen.poll() is None:
            try:
                os.killpg(self._popen.pid, sig)
            except ProcessLookupError:
                pass

    def stop(self, timeout: float = STOP_TIMEOUT_SECONDS) -> None:
        if self._popen is None:
            return
        self.signal(signal.SIGTERM)
        # A stopped (SIGSTOP) process only acts on SIGTERM once continued.
        self.signal(signal.SIGCONT)
        try:
            self._popen.wait(timeout)
        except subprocess.TimeoutExpired:
            self.signal(signal.SIGKILL)
            self._popen.wait()
        # The action server's (Sanic's) workers are processes of its group that outlive a
        # leader killed alone, and keep its port: none may survive into a restart. (The
        # group's id cannot be reused while any member lives.)
        try:
            os.killpg(self._popen.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def port_in_use(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return True
    return False


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def with_secrets(settings: Settings) -> Settings:
    """Tokens the three processes share; generated per run when not configured."""
    return settings.model_copy(
        update={
            "rasa_token": settings.rasa_token or secrets.token_urlsafe(24),
            "internal_token": settings.internal_token or secrets.token_urlsafe(24),
            "action_server_token": settings.action_server_token or secrets.token_urlsafe(24),
        }
    )


def endpoints_yaml(settings: Settings) -> str:
    """Rasa's endpoints: the action server, and the tracker store in the core's database."""
    lines = [
        "action_endpoint:",
        f'  url: "{settings.action_server_url}/webhook"',
        # Unquoted: Rasa replaces ${VAR} from its environment in plain values only.
        "  headers:",
        "    Authorization: Bearer ${TIJARIA_ACTION_SERVER_TOKEN}",
        "tracker_store:",
        "  type: SQL",
    ]
    url = make_url(settings.database_url)
    if url.get_backend_name() == "sqlite":
        database = Path(url.database or "var/tijaria.db")
        tracker = database.with_name("rasa_tracker.db")
        lines += ["  dialect: sqlite", f'  db: "{tracker}"']
    else:
        lines += [
            "  dialect: postgresql",
            f'  url: "{url.host or "127.0.0.1"}"',
            f"  port: {url.port or 5432}",
            f'  db: "{url.database}"',
            f'  username: "{url.username or ""}"',
            f'  password: "{url.password or ""}"',
            f'  login_db: "{url.database}"',
        ]
    if settings.redis_url:
        redis = make_url(settings.redis_url)
        lines += [
            "lock_store:",
            "  type: redis",
            f'  url: "{redis.host or "127.0.0.1"}"',
            f"  port: {redis.port or 6379}",
            f"  db: {redis.database or 0}",
        ]
        if redis.password:
            lines.append(f'  password: "{redis.password}"')
    return "\n".join(lines) + "\n"


def core_env(settings: Settings) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(PROJECT_ROOT),
        "PYTHONUNBUFFERED": "1",
        "TIJARIA_DATABASE_URL": settings.database_url,
        "TIJARIA_RASA_TOKEN": settings.rasa_token,
        "TIJARIA_INTERNAL_TOKEN": settings.internal_token,
        "TIJARIA_ACTION_SERVER_TOKEN": settings.action_server_token,
        "TIJARIA_RASA_PORT": str(settings.rasa_port),
        "TIJARIA_ACTION_SERVER_PORT": str(settings.action_server_port),
        "TIJARIA_API_PORT": str(settings.api_port),
        "TIJARIA_CORE_URL": f"http://127.0.0.1:{settings.api_port}",
    }


def _http_ok(url: str) -> Callable[[], bool]:
    def check() -> bool:
        try:
            return httpx.get(url, timeout=2.0).status_code == 200
        except httpx.HTTPError:
            return False

    return check


def build_specs(
    settings: Settings, *, rasa_venv: Path, model: Path, python: str = sys.executable
) -> list[ProcessSpec]:
    endpoints = PROJECT_ROOT / "var" / f"endpoints-{settings.api_port}.yml"
    endpoints.parent.mkdir(parents=True, exist_ok=True)
    endpoints.write_text(endpoints_yaml(settings))
    endpoints.chmod(0o600)  # may hold the database password
    env = core_env(settings)
    rasa = RasaClient(settings.rasa_url, token=settings.rasa_token)
    return [
        ProcessSpec(
            name="rasa",
            argv=[
                # `rasa run`, its --auth-token taken from the environment (not seen by `ps`).
                str(rasa_venv / "bin" / "python"),
                "-m",
                "assistant.rasa_launcher",
                "run",
                "--enable-api",
                # Every value glued to its option with "=": argparse must never read
                # a value (a path, a port) as an option.
                "--interface=127.0.0.1",
                f"--port={settings.rasa_port}",
                f"--model={model}",
                f"--endpoints={endpoints}",
                f"--credentials={PROJECT_ROOT / 'credentials.yml'}",
            ],
            port=settings.rasa_port,
            is_ready=rasa.is_ready,
            env={
                **rasa_env(),
                "PYTHONPATH": "",
                # The channel (credentials.yml) and the action server's secret (endpoints).
                "TIJARIA_RASA_TOKEN": settings.rasa_token,
                "TIJARIA_ACTION_SERVER_TOKEN": settings.action_server_token,
            },
        ),
        ProcessSpec(
            name="actions",
            argv=[
                python,
                "-m",
                "assistant.action_server",
                f"--port={settings.action_server_port}",
            ],
            port=settings.action_server_port,
            is_ready=_http_ok(f"{settings.action_server_url}/health"),
            env=env,
        ),
        ProcessSpec(
            name="api",
            argv=[
                python,
                "-m",
                "uvicorn",
                "--factory",
                "api.main:app",
                "--host=127.0.0.1",
                f"--port={settings.api_port}",
                "--no-access-log",
                # Uvicorn would take X-Forwarded-For from any local peer as the client's
                # address; the core reads it itself, from TIJARIA_TRUSTED_PROXIES only.
                "--no-proxy-headers",
            ],
            port=settings.api_port,
            is_ready=_http_ok(f"http://127.0.0.1:{settings.api_port}/api/v1/health"),
            # /api/v1/health asks Rasa and the action server too: not a liveness check.
            is_alive=_http_ok(f"http://127.0.0.1:{settings.api_port}/api/v1/health/live"),
            env=env,
        ),
    ]


class Supervisor:
    def __init__(
        self,
        specs: list[ProcessSpec],
        out: IO[str] | None = None,
        *,
        policy: HealthPolicy | None = None,
    ) -> None:
        self._out = out or sys.stdout
        self.processes = [ManagedProcess(spec, self._out) for spec in specs]
        self.policy = policy or HealthPolicy()
        self._stopping = threading.Event()
        # Held while a process is (re)started, so that stop() never misses a new child.
        self._lifecycle = threading.Lock()
        self._watchers: list[threading.Thread] = []
        self._say_lock = threading.Lock()

    def say(self, text: str) -> None:
        with self._say_lock:
            self._out.write(f"[tijaria] {text}\n")
            self._out.flush()

    def busy_ports(self) -> list[str]:
        return [
            f"port {p.spec.port} ({p.name})" for p in self.processes if port_in_use(p.spec.port)
        ]

    def dead(self) -> ManagedProcess | None:
        return next((p for p in self.processes if p.poll() is not None), None)

    def start(self) -> None:
        for process in self.processes:
            process.start()

    def wait_ready(self, timeout: float = READY_TIMEOUT_SECONDS) -> bool:
        pending = list(self.processes)
        deadline = time.monotonic() + timeout
        while pending and time.monotonic() < deadline and not self._stopping.is_set():
            if self.dead() is not None:
                return False
            pending = [p for p in pending if not p.spec.is_ready()]
            if pending:
                time.sleep(1.0)
        return not pending

    def watch(self) -> None:
        """From now on, restart any process that dies or stops answering (one thread each)."""
        for process in self.processes:
            watcher = threading.Thread(
                target=self._watch, args=(process,), name=f"watch-{process.name}", daemon=True
            )
            watcher.start()
            self._watchers.append(watcher)

    def _watch(self, process: ManagedProcess) -> None:
        policy = self.policy
        backoff = policy.backoff_first_seconds
        restarts = failures = 0
        started = healthy_since = time.monotonic()  # watching starts once all answered
        answering = True
        while not self._stopping.wait(policy.check_every_seconds):
            code = process.poll()
            reason = None
            if code is not None:
                reason = f"exited with code {code}"
            elif process.spec.alive():
                failures = 0
                now = time.monotonic()
                if not answering:
                    answering, healthy_since = True, now
                    self.say(f"{process.name} is answering again (restart {restarts}).")
                elif now - healthy_since >= policy.stable_after_seconds:
                    backoff = policy.backoff_first_seconds
                continue
            elif not answering:
                if time.monotonic() - started > policy.startup_seconds:
                    reason = f"did not answer within {policy.startup_seconds:.0f} s of its start"
            else:
                failures += 1
                if failures >= policy.failures_to_restart:
                    reason = f"stopped answering its health check ({failures} checks in a row)"
            if reason is None or self._stopping.is_set():
                continue
            restarts += 1
            self.say(
                f"{process.name} {reason}; restarting it in {backoff:g} s "
                f"(restart {restarts}); the others keep running."
            )
            process.stop(policy.kill_after_seconds)
            if self._stopping.wait(backoff):
                return
            with self._lifecycle:
                if self._stopping.is_set():
                    return
                try:
                    process.start()
                except OSError as exc:  # e.g. the venv went away: try again, later
                    self.say(f"{process.name} could not be started: {exc}")
            started, answering, failures = time.monotonic(), False, 0
            backoff = min(backoff * 2, policy.backoff_max_seconds)

    def stop(self) -> None:
        self._stopping.set()
        for watcher in self._watchers:
            # A watcher may be killing a hung process: give it that long.
            watcher.join(self.policy.kill_after_seconds + 5)
        # Under the lock: a watcher that was starting a process has finished doing so.
        with self._lifecycle:
            for process in reversed(self.processes):
                process.stop()

    def request_stop(self, *_: object) -> None:
        self._stopping.set()

    def run(self, *, ready_line: str) -> int:
        busy = self.busy_ports()
        if busy:
            self.say(
                f"cannot start: {', '.join(busy)} already in use. Stop what uses it, or set "
                "TIJARIA_API_PORT / TIJARIA_RASA_PORT / TIJARIA_ACTION_SERVER_PORT."
            )
            return 1
        signal.signal(signal.SIGINT, self.request_stop)
        signal.signal(signal.SIGTERM, self.request_stop)
        self.say("starting rasa, actions and api (Rasa needs about a minute to load its model)…")
        self.start()
        try:
            if not self.wait_ready():
                if self._stopping.is_set():
                    self.say("stopping…")
                    return 0
                # Failing before everything ever answered is a broken setup (a bad model,
                # a missing package), not an accident: say it, do not loop on it.
                dead = self.dead()
                if dead is not None:
                    self.say(
                        f"{dead.name} exited with code {dead.poll()} while starting; stopping the others."
                    )
                else:
                    self.say(f"not ready after {READY_TIMEOUT_SECONDS} s; stopping.")
                return 1
            self.say(ready_line)
            self.watch()
            while not self._stopping.wait(0.5):
                pass
            self.say("stopping…")
            return 0
        finally:
            self.stop()
            self.say("all processes stopped.")


def start_on_free_ports(
    *, rasa_venv: Path, model: Path, database_url: str, out: IO[str]
) -> tuple[Settings, Supervisor]:
    """The whole stack on ports nobody uses, for tests and benchmarks beside a running `make run`."""
    from api.migrate import upgrade

    settings = with_secrets(
        Settings(
            database_url=database_url,
            api_port=free_port(),
            rasa_port=free_port(),
            action_server_port=free_port(),
        )
    )
    upgrade(database_url)
    supervisor = Supervisor(build_specs(settings, rasa_venv=rasa_venv, model=model), out)
    supervisor.start()
    return settings, supervisor


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rasa-venv", type=Path, required=True)
    parser.add_argument("--model", type=Path, required=True)
    args = parser.parse_args()
    settings = with_secrets(Settings())
    specs = build_specs(settings, rasa_venv=args.rasa_venv, model=args.model)
    url = f"http://127.0.0.1:{settings.api_port}"
    ready = f"TijarIA is ready: open {url}/ (demo portal pages with the widget; API docs at {url}/docs) — Ctrl-C stops it."
    sys.exit(Supervisor(specs).run(ready_line=ready))


if __name__ == "__main__":
    main()
