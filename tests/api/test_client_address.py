"""The client address the lockout and the sign-up quota count under cannot be chosen with
X-Forwarded-For (issue 12, item 3): it is the TCP peer, unless that peer is a proxy named
in TIJARIA_TRUSTED_PROXIES."""

import subprocess
import time
from collections.abc import Iterator
from ipaddress import ip_network
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from api import client_address
from api.config import PROJECT_ROOT, Settings
from api.main import create_app
from api.migrate import upgrade
from assistant.supervisor import build_specs, free_port
from tests.api.accounts_helpers import PASSWORD, create_user_in
from tests.rnoce.conftest import signup_form


def signup(n: int) -> dict[str, str]:
    return signup_form(f"inscription{n}@example.ma")


@pytest.fixture
def served_like_make_run(tmp_path: Path) -> Iterator[str]:
    """The core as `make run` starts it (the supervisor's command line), on a free port."""
    database_url = f"sqlite:///{tmp_path / 'tijaria.db'}"
    upgrade(database_url)
    settings = Settings(database_url=database_url, api_port=free_port())
    [api] = [
        spec
        for spec in build_specs(settings, rasa_venv=tmp_path, model=tmp_path / "model.tar.gz")
        if spec.name == "api"
    ]
    env = {
        **api.env,
        "TIJARIA_SIGNUPS_PER_CLIENT_HOUR": "3",
        "TIJARIA_LOGIN_MAX_FAILURES": "99",
        "TIJARIA_LOGIN_CLIENT_MAX_FAILURES": "2",
    }
    process = subprocess.Popen(
        api.argv, cwd=PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + 120
        while not api.is_ready():
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the core did not start: {process.stderr.read()!r}")  # type: ignore[union-attr]
            time.sleep(0.25)
        yield f"http://127.0.0.1:{settings.api_port}"
    finally:
        process.terminate()
        process.wait(timeout=20)
        (PROJECT_ROOT / "var" / f"endpoints-{settings.api_port}.yml").unlink(missing_ok=True)


def test_forwarded_for_cannot_dodge_or_aim_the_quota_and_lockout(
    served_like_make_run: str,
) -> None:
    """The issue's attack on the running service: sign-ups and failed sign-ins, each with
    another X-Forwarded-For. They all come from one address, and count under it."""
    with httpx.Client(base_url=served_like_make_run, timeout=30) as http:
        statuses = [
            http.post(
                "/api/v1/rnoce/signup",
                json=signup(n),
                headers={"X-Forwarded-For": f"198.51.100.{n}"},
            ).status_code
            for n in range(8)
        ]
        assert statuses == [201] * 3 + [429] * 5

        for n in range(2):
            failed = http.post(
                "/api/v1/auth/login",
                json={"login": f"nobody{n}", "password": "x"},
                headers={"X-Forwarded-For": "203.0.113.7"},
            )
            assert failed.status_code == 401
        # The address locked is the one the failures came from, not the one they named.
        locked = http.post(
            "/api/v1/auth/login",
            json={"login": "somebody", "password": "x"},
            headers={"X-Forwarded-For": "192.0.2.1"},
        )
        assert locked.status_code == 429


@pytest.fixture
def behind_proxy(settings: Settings) -> Iterator[TestClient]:
    """Requests arriving from the proxy 10.0.0.5, named in TIJARIA_TRUSTED_PROXIES."""
    trusting = settings.model_copy(
        update={"trusted_proxies": "10.0.0.5, 192.168.0.0/16", "signups_per_client_hour": 2}
    )
    with TestClient(create_app(trusting), client=("10.0.0.5", 40000)) as test_client:
        yield test_client


def test_behind_a_trusted_proxy_each_forwarded_client_has_its_own_quota(
    behind_proxy: TestClient,
) -> None:
    def from_(client: str, n: int) -> int:
        # Whatever the client wrote itself is left of what the proxy appended.
        header = f"6.6.6.6, {client}"
        return behind_proxy.post(
            "/api/v1/rnoce/signup", json=signup(n), headers={"X-Forwarded-For": header}
        ).status_code

    assert [from_("198.51.100.1", n) for n in range(3)] == [201, 201, 429]
    assert from_("198.51.100.2", 3) == 201


def test_behind_a_trusted_proxy_the_lockout_counts_the_forwarded_client(
    behind_proxy: TestClient,
) -> None:
    create_user_in(behind_proxy.app, "op.proxy")
    settings: Settings = behind_proxy.app.state.settings  # type: ignore[attr-defined]
    limit = settings.login_client_max_failures
    for n in range(limit):
        behind_proxy.post(
            "/api/v1/auth/login",
            json={"login": f"nobody{n}", "password": "x"},
            headers={"X-Forwarded-For": "198.51.100.9"},
        )

    def sign_in(client: str) -> int:
        return behind_proxy.post(
            "/api/v1/auth/login",
            json={"login": "op.proxy", "password": PASSWORD},
            headers={"X-Forwarded-For": client},
        ).status_code

    assert sign_in("198.51.100.9") == 429
    assert sign_in("198.51.100.10") == 200


TRUSTED = [ip_network("10.0.0.5/32"), ip_network("192.168.0.0/16")]


@pytest.mark.parametrize(
    ("peer", "forwarded", "trusted", "client"),
    [
        # Nobody trusted (the default): the peer, whatever the header says.
        ("10.0.0.5", ["1.2.3.4"], [], "10.0.0.5"),
        ("127.0.0.1", ["1.2.3.4"], [], "127.0.0.1"),
        # A peer that is not a trusted proxy: the header is the client's own writing.
        ("8.8.8.8", ["1.2.3.4"], TRUSTED, "8.8.8.8"),
        # Through the trusted proxy: the address it appended.
        ("10.0.0.5", ["1.2.3.4"], TRUSTED, "1.2.3.4"),
        ("10.0.0.5", ["9.9.9.9, 1.2.3.4"], TRUSTED, "1.2.3.4"),
        # Two trusted proxies in a row, the header split over two lines.
        ("10.0.0.5", ["9.9.9.9, 1.2.3.4", "192.168.1.1"], TRUSTED, "1.2.3.4"),
        # No header, or garbage where an address should be: the last hop we can vouch for.
        ("10.0.0.5", [], TRUSTED, "10.0.0.5"),
        ("10.0.0.5", ["1.2.3.4, not-an-ip"], TRUSTED, "10.0.0.5"),
        ("10.0.0.5", ["2001:db8::1"], TRUSTED, "2001:db8::1"),
        (None, ["1.2.3.4"], TRUSTED, None),
    ],
)
def test_forwarded_client(
    peer: str | None, forwarded: list[str], trusted: list, client: str | None
) -> None:  # type: ignore[type-arg]
    assert (
        client_address.forwarded_client(peer=peer, forwarded_for=forwarded, trusted=trusted)
        == client
    )
