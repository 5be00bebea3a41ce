"""The action server answers the holder of Rasa's secret only (issue 12.2)."""

import os
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx
import pytest

from api.config import PROJECT_ROOT
from assistant.action_server import TOKEN_ENV, is_authorized
from assistant.supervisor import free_port

SECRET = "action-secret"


@pytest.mark.parametrize(
    ("header", "allowed"),
    [
        (f"Bearer {SECRET}", True),
        (f"bearer  {SECRET} ", True),
        (None, False),
        ("", False),
        (SECRET, False),
        ("Bearer ", False),
        (f"Bearer {SECRET}x", False),
        ("Bearer sécret", False),  # non-ASCII: a mismatch, not a crash
        (f"Basic {SECRET}", False),
    ],
)
def test_is_authorized(header: str | None, allowed: bool) -> None:
    assert is_authorized(header, SECRET) is allowed


def test_an_empty_secret_authorizes_nobody() -> None:
    assert is_authorized("Bearer ", "") is False
    assert is_authorized("Bearer x", "") is False


def start(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "assistant.action_server", "--port", str(port)],
        cwd=PROJECT_ROOT,
        env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT), **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


@pytest.fixture(scope="module")
def action_server() -> Iterator[str]:
    port = free_port()
    process = start({TOKEN_ENV: SECRET}, port)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            pytest.fail("the action server did not start")
        yield url
    finally:
        process.terminate()
        process.wait(20)


def test_without_the_secret_nothing_runs(action_server: str) -> None:
    call = {"next_action": "action_my_files", "sender_id": "s", "tracker": {"sender_id": "s"}}
    for headers in ({}, {"Authorization": "Bearer wrong"}):
        assert httpx.post(f"{action_server}/webhook", json=call, headers=headers).status_code == 401
        assert httpx.get(f"{action_server}/actions", headers=headers).status_code == 401


def test_with_the_secret_rasa_gets_through(action_server: str) -> None:
    listing = httpx.get(f"{action_server}/actions", headers={"Authorization": f"Bearer {SECRET}"})

    assert listing.status_code == 200
    assert "action_my_files" in [a["name"] for a in listing.json()]


def test_it_refuses_to_start_without_a_secret() -> None:
    process = start({TOKEN_ENV: ""}, free_port())
    _, err = process.communicate(timeout=60)

    assert process.returncode != 0
    assert TOKEN_ENV.encode() in err
