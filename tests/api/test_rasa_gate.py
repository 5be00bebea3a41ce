"""The core stops waiting for Rasa as soon as Rasa or the action server is down or hung.

Real sockets on loopback (no mock transport): "refused" and "no answer" must be the
ones the kernel gives.
"""

import json
import logging
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from api.health.gate import DependencyWatch, GuardedRasaClient
from api.rasa_client import WEBHOOK_PATH, RasaUnavailable


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that gave up waiting resets the connection: expected here


class FakeServer:
    """A loopback HTTP server whose behaviour a test switches: "ok", "hang", or closed."""

    def __init__(self, replies: list[dict] | None = None) -> None:
        self.mode = "ok"
        self.hang_turns = False  # POSTs only: Rasa waiting on a hung action server
        self.replies = replies if replies is not None else [{"text": "Bonjour"}]
        self.turns = 0
        self.released = threading.Event()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_: object) -> None:
                pass

            def _answer(self, body: object, *, turn: bool = False) -> None:
                if fake.mode == "hang" or (turn and fake.hang_turns):
                    fake.released.wait(30)
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                self._answer({"status": "ok"})

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                fake.turns += 1
                self._answer(fake.replies, turn=True)

        self._server = QuietServer(("127.0.0.1", 0), Handler)
        self.port = self._server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.released.set()
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def servers() -> Iterator[tuple[FakeServer, FakeServer]]:
    rasa, actions = FakeServer(), FakeServer()
    yield rasa, actions
    rasa.close()
    actions.close()


def guarded(rasa: FakeServer, actions: FakeServer) -> GuardedRasaClient:
    return GuardedRasaClient(
        rasa.url, token="core-token", action_server_url=actions.url, timeout_seconds=10.0
    )


def wait_until(condition, timeout: float = 10.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.05)


def test_a_turn_goes_through_while_both_answer(servers: tuple[FakeServer, FakeServer]) -> None:
    rasa, actions = servers
    client = guarded(rasa, actions)
    try:
        assert client.send(sender="s", message="bonjour", metadata={}) == [{"text": "Bonjour"}]
        assert client.watch.down() == []
    finally:
        client.close()


def test_a_dead_action_server_fails_turns_at_once_and_its_return_heals(
    servers: tuple[FakeServer, FakeServer],
) -> None:
    rasa, actions = servers
    client = guarded(rasa, actions)
    try:
        client.send(sender="s", message="bonjour", metadata={})
        actions.close()  # port closed: connections refused
        wait_until(lambda: client.watch.down() == ["actions"])
        turns_before = rasa.turns

        started = time.monotonic()
        with pytest.raises(RasaUnavailable, match="actions"):
            client.send(sender="s", message="bonjour", metadata={})

        assert time.monotonic() - started < 0.5
        assert rasa.turns == turns_before  # Rasa was not even asked

        back = FakeServer()
        client.watch._urls["actions"] = f"{back.url}/health"
        wait_until(lambda: client.watch.down() == [])
        assert client.send(sender="s", message="bonjour", metadata={}) == [{"text": "Bonjour"}]
        back.close()
    finally:
        client.close()


def test_a_turn_waiting_on_a_hung_action_server_is_given_up_within_seconds(
    servers: tuple[FakeServer, FakeServer],
) -> None:
    rasa, actions = servers
    client = guarded(rasa, actions)
    try:
        client.send(sender="s", message="bonjour", metadata={})
        # The action server stops answering (SIGSTOP); Rasa, alive, waits on its action call.
        actions.mode = "hang"
        rasa.hang_turns = True

        started = time.monotonic()
        with pytest.raises(RasaUnavailable, match="stopped answering during the turn"):
            client.send(sender="s", message="bonjour", metadata={})

        # Rasa's own timeout is 10 s: the gate noticed the hang well before.
        assert time.monotonic() - started < 5
        assert client.watch.down() == ["actions"]
    finally:
        client.close()


def test_rasa_answering_nothing_because_actions_died_is_unavailable(
    servers: tuple[FakeServer, FakeServer],
) -> None:
    rasa, actions = servers
    rasa.replies = []  # Rasa logs the failed custom action and answers nothing
    # Probes far apart: the background watch has not noticed yet when the turn ends.
    watch = DependencyWatch(
        {"rasa": f"{rasa.url}/", "actions": f"{actions.url}/health"}, interval_seconds=60
    )
    client = GuardedRasaClient(
        rasa.url, token="core-token", action_server_url=actions.url, watch=watch
    )
    try:
        assert client.send(sender="s", message="/noop", metadata={}) == []
        actions.close()

        with pytest.raises(RasaUnavailable, match="action server is down"):
            client.send(sender="s", message="bonjour", metadata={})
    finally:
        client.close()


def test_one_slow_probe_is_not_an_outage(servers: tuple[FakeServer, FakeServer]) -> None:
    _rasa, actions = servers
    watch = DependencyWatch(
        {"actions": f"{actions.url}/health"}, interval_seconds=60, timeout_seconds=0.2
    )
    try:
        actions.mode = "hang"
        assert watch.check_now("actions") is False
        assert watch.down() == []  # one miss: a busy machine, not a hang
        assert watch.check_now("actions") is False
        assert watch.down() == ["actions"]
    finally:
        watch.close()


def test_liveness_answers_without_asking_rasa_or_the_action_server(client) -> None:  # type: ignore[no-untyped-def]
    # What the supervisor watches to restart the API: a hung action server must not
    # make the API look dead too (/api/v1/health asks both, with 2 s timeouts).
    response = client.get("/api/v1/health/live")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_probes_stay_out_of_the_log_turns_do_not(
    servers: tuple[FakeServer, FakeServer], caplog: pytest.LogCaptureFixture
) -> None:
    rasa, actions = servers
    watch = DependencyWatch(
        {"rasa": f"{rasa.url}/", "actions": f"{actions.url}/health"}, interval_seconds=60
    )
    client = GuardedRasaClient(
        rasa.url, token="core-token", action_server_url=actions.url, watch=watch
    )
    caplog.set_level(logging.INFO, logger="httpx")
    try:
        for _ in range(3):
            watch.check_now("rasa")
            watch.check_now("actions")
        client.send(sender="s", message="bonjour", metadata={})
    finally:
        client.close()

    logged = [record.getMessage() for record in caplog.records]
    assert not any("/health" in line or f"{rasa.url}/ " in line for line in logged), logged
    assert any(WEBHOOK_PATH in line for line in logged), logged
