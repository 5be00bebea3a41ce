"""The core's own, always fresh view of Rasa and the action server.

Without it, a turn learns that Rasa or the action server is gone only by waiting
Rasa's full timeout (10 s), every turn, for as long as the outage lasts; and when the
action server hangs, Rasa itself waits on the action call (minutes), so only the
core's timeout ends the turn. Here each dependency is probed in the background
(every half second, one second allowed per probe): a refused connection marks it
down at once, two probes in a row without an answer too. While one is down, turns
go straight to degraded mode; a turn already waiting on Rasa is given up as soon as
one goes down; the first good probe brings normal answers back by itself.
"""

import logging
import threading
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from typing import Any

import httpx

from api.rasa_client import RasaClient, RasaUnavailable

log = logging.getLogger(__name__)

PROBE_INTERVAL_SECONDS = 0.5
PROBE_TIMEOUT_SECONDS = 1.0
# A server can miss one probe when the machine is busy; two in a row mean it is stuck.
FAILURES_FOR_DOWN = 2
# How often a turn waiting on Rasa looks whether it should stop waiting.
WAIT_SLICE_SECONDS = 0.1


@dataclass
class _State:
    failures: int = 0
    refused: bool = False

    @property
    def down(self) -> bool:
        return self.refused or self.failures >= FAILURES_FOR_DOWN


class _QuietProbes(logging.Filter):
    """httpx logs every request at INFO: two probes a second would bury the API's log."""

    def __init__(self, urls: set[str]) -> None:
        super().__init__()
        self._urls = urls

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args if isinstance(record.args, tuple) else ()
        return not (len(args) >= 2 and str(args[1]) in self._urls)


class DependencyWatch:
    """Probes a few health URLs in background threads (started on first use)."""

    def __init__(
        self,
        urls: Mapping[str, str],
        *,
        interval_seconds: float = PROBE_INTERVAL_SECONDS,
        timeout_seconds: float = PROBE_TIMEOUT_SECONDS,
    ) -> None:
        self._urls = dict(urls)
        self._interval = interval_seconds
        self._http = httpx.Client(timeout=timeout_seconds)
        self._states = {name: _State() for name in self._urls}
        self._lock = threading.Lock()
        self._closed = threading.Event()
        self._started = False
        self._quiet = _QuietProbes(set(self._urls.values()))
        logging.getLogger("httpx").addFilter(self._quiet)

    def start(self) -> None:
        with self._lock:
            if self._started or self._closed.is_set():
                return
            self._started = True
        for name in self._urls:
            # One thread per dependency: a hung one never delays noticing the other.
            threading.Thread(
                target=self._loop, args=(name,), name=f"watch-{name}", daemon=True
            ).start()

    def down(self) -> list[str]:
        """The dependencies known to be down now (none before the first probe)."""
        self.start()
        with self._lock:
            return [name for name, state in self._states.items() if state.down]

    def check_now(self, name: str) -> bool:
        """Probe one dependency at once; True if it answered."""
        return self._probe(name)

    def close(self) -> None:
        self._closed.set()
        self._http.close()
        logging.getLogger("httpx").removeFilter(self._quiet)

    def _loop(self, name: str) -> None:
        while not self._closed.is_set():
            self._probe(name)
            self._closed.wait(self._interval)

    def _probe(self, name: str) -> bool:
        refused = False
        try:
            ok = self._http.get(self._urls[name]).status_code == 200
        except httpx.ConnectError:
            ok, refused = False, True
        except (httpx.HTTPError, RuntimeError):  # RuntimeError: client closed meanwhile
            ok = False
        with self._lock:
            state = self._states[name]
            was_down = state.down
            state.failures = 0 if ok else state.failures + 1
            state.refused = refused
            now_down = state.down
        if now_down != was_down and not self._closed.is_set():
            log.warning("%s is %s", name, "down: degraded mode" if now_down else "back")
        return ok


class GuardedRasaClient(RasaClient):
    """A RasaClient that answers "unavailable" within a second or two, not Rasa's timeout,
    when Rasa or the action server is down or hung."""

    def __init__(
        self,
        base_url: str,
        *,
        action_server_url: str,
        watch: DependencyWatch | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(base_url, **kwargs)
        self.watch = watch or DependencyWatch(
            {"rasa": f"{base_url}/", "actions": f"{action_server_url}/health"}
        )
        # Turns run here so that the request thread can stop waiting for one.
        self._turns = ThreadPoolExecutor(max_workers=32, thread_name_prefix="rasa-turn")

    def send(self, *, sender: str, message: str, metadata: dict[str, Any]) -> list[dict[str, Any]]:
        down = self.watch.down()
        if down:
            raise RasaUnavailable(f"{' and '.join(down)} down (health checks)")
        turn = self._turns.submit(
            RasaClient.send, self, sender=sender, message=message, metadata=metadata
        )
        while True:
            try:
                replies = turn.result(timeout=WAIT_SLICE_SECONDS)
                break
            except FutureTimeout:
                down = self.watch.down()
                if down:
                    # Rasa may go on waiting for a hung action server for minutes: the
                    # user is answered now, the late reply (if any) is dropped.
                    raise RasaUnavailable(
                        f"{' and '.join(down)} stopped answering during the turn"
                    ) from None
        # Rasa logs a failed custom action and answers nothing: the user would get silence.
        if not replies and not self.watch.check_now("actions"):
            raise RasaUnavailable("Rasa answered nothing and the action server is down")
        return replies

    def close(self) -> None:
        self.watch.close()
        self._turns.shutdown(wait=False, cancel_futures=True)
        super().close()
