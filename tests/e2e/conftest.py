"""The real thing: Rasa, the action server and the API as `make run` starts them."""

import os
import socket
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from api.config import Settings
from api.migrate import upgrade
from assistant.supervisor import ManagedProcess, Supervisor, build_specs, with_secrets

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class RunningTijaria:
    settings: Settings
    supervisor: Supervisor
    log: Path

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.settings.api_port}"

    def process(self, name: str) -> ManagedProcess:
        return next(p for p in self.supervisor.processes if p.name == name)


def rasa_paths() -> tuple[Path, Path]:
    venv, model = os.environ.get("TIJARIA_RASA_VENV"), os.environ.get("TIJARIA_RASA_MODEL")
    if not venv or not model:
        pytest.skip("skipped: TIJARIA_RASA_VENV / TIJARIA_RASA_MODEL not set (run `make test`)")
    return Path(venv), Path(model)


@pytest.fixture(scope="module")
def tijaria(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningTijaria]:
    rasa_venv, model = rasa_paths()
    database = tmp_path_factory.mktemp("e2e") / "tijaria.db"
    settings = with_secrets(
        Settings(
            database_url=f"sqlite:///{database}",
            api_port=free_port(),
            rasa_port=free_port(),
            action_server_port=free_port(),
        )
    )
    upgrade(settings.database_url)
    ARTIFACTS.mkdir(exist_ok=True)
    log = ARTIFACTS / "e2e-processes.log"
    with log.open("w") as out:
        supervisor = Supervisor(
            build_specs(settings, rasa_venv=rasa_venv, model=model, python=sys.executable), out
        )
        supervisor.start()
        try:
            if not supervisor.wait_ready():
                dead = supervisor.dead()
                pytest.fail(
                    f"TijarIA did not come up ({dead.name + ' died' if dead else 'timeout'}); "
                    f"last log lines:\n{''.join(log.read_text().splitlines(True)[-40:])}"
                )
            yield RunningTijaria(settings=settings, supervisor=supervisor, log=log)
        finally:
            supervisor.stop()
