"""The real thing: Rasa, the action server and the API as `make run` starts them."""

import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyotp
import pytest
from playwright.sync_api import Browser, sync_playwright

from api.accounts.seed import seed
from api.config import Settings
from api.database import make_engine, make_session_factory
from api.portal_files import seed as portal_files_seed
from assistant.supervisor import ManagedProcess, Supervisor, start_on_free_ports

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"


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


def lift_chat_limits(env: pytest.MonkeyPatch) -> None:
    """End-to-end tests talk faster than a person types; the limits have tests of their own."""
    env.setenv("TIJARIA_CHAT_PER_SESSION_MINUTE", "100000")
    env.setenv("TIJARIA_CHAT_PER_CLIENT_MINUTE", "100000")


@pytest.fixture(scope="module")
def tijaria(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningTijaria]:
    rasa_venv, model = rasa_paths()
    database = tmp_path_factory.mktemp("e2e") / "tijaria.db"
    ARTIFACTS.mkdir(exist_ok=True)
    log = ARTIFACTS / f"processes-{request.module.__name__.rsplit('.', 1)[-1]}.log"
    with log.open("w") as out, pytest.MonkeyPatch.context() as env:
        lift_chat_limits(env)
        settings, supervisor = start_on_free_ports(
            rasa_venv=rasa_venv, model=model, database_url=f"sqlite:///{database}", out=out
        )
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


# A code is good once (replay protection): the same account signing in twice within
# one 30-second step waits for the next code.
_LAST_STEP: dict[str, int] = {}


def fresh_code(secret: str) -> str:
    last = _LAST_STEP.get(secret)
    if last is not None and time.time() // 30 <= last:
        time.sleep((last + 1) * 30 - time.time() + 0.5)
    _LAST_STEP[secret] = int(time.time() // 30)
    return pyotp.TOTP(secret).now()


@pytest.fixture(scope="module")
def demo_secrets(tijaria: RunningTijaria) -> dict[str, str]:
    """The seeded demo users' TOTP secrets, by login (and their demo portal files, as
    `make run` seeds them)."""
    engine = make_engine(tijaria.settings.database_url)
    with make_session_factory(engine)() as db:
        created = {s.user.login: s.user.totp_secret or "" for s in seed(db=db)}
        portal_files_seed.seed(db=db)
    engine.dispose()
    return created


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path="/usr/bin/chromium")
        yield launched
        launched.close()
