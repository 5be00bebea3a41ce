"""The HTTP source against a fake portal system on a real socket (127.0.0.1): a good answer
is read; a timeout, a 5xx, malformed JSON or an unknown status is "the portal does not
answer", never a status."""

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from api import i18n
from api.config import Settings
from api.portal_files.models import FileFilters
from api.portal_files.sources import HttpSource, PortalUnavailable, Scope, http_client

GOOD = {
    "kind": "dfd",
    "reference": "20263000000123",
    "status": "new",
    "owner_ice": "000000000000001",
    "owner_name": "Société Démo Import SARL",
    "administration": "douane",
    "details": {"category": "MAROC-TUNISIE", "customs_office": "CASABLANCA(306)"},
    "created_at": "2026-11-18T09:12:00Z",
    "updated_at": "2026-11-18T09:12:00Z",
}


class FakePortal:
    """What the fake portal answers next: (status code, body bytes, delay in seconds)."""

    def __init__(self) -> None:
        self.answer: tuple[int, bytes, float] = (200, json.dumps(GOOD).encode(), 0.0)
        self.requests: list[str] = []
        self.headers: list[dict[str, str]] = []


@pytest.fixture
def portal() -> Iterator[tuple[FakePortal, str]]:
    fake = FakePortal()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            fake.requests.append(self.path)
            fake.headers.append(dict(self.headers.items()))
            status, body, delay = fake.answer
            time.sleep(delay)
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield fake, f"http://127.0.0.1:{server.server_address[1]}/api"
    server.shutdown()
    server.server_close()


def _source(url: str, *, timeout: float = 0.5, kind: str = "dfd") -> HttpSource:
    settings = Settings(
        database_url="sqlite://",
        portal_files_url=url,
        portal_files_token="portal-token",
        portal_files_timeout_seconds=timeout,
    )
    return HttpSource(client=http_client(settings), kind=kind)  # type: ignore[arg-type]


def test_a_good_answer_is_read(portal: tuple[FakePortal, str]) -> None:
    fake, url = portal
    record = _source(url).get(reference="20263000000123")
    assert record is not None and record.status == "new" and record.owner_ice == GOOD["owner_ice"]
    assert fake.requests == ["/api/files/dfd/20263000000123"]
    assert fake.headers[0]["Authorization"] == "Bearer portal-token"


def test_a_404_is_no_such_file(portal: tuple[FakePortal, str]) -> None:
    fake, url = portal
    fake.answer = (404, b'{"error": "not found"}', 0.0)
    assert _source(url).get(reference="20263000000123") is None


def test_a_search_sends_filters_and_scope(portal: tuple[FakePortal, str]) -> None:
    fake, url = portal
    fake.answer = (200, json.dumps({"files": [GOOD]}).encode(), 0.0)
    found = _source(url).search(
        filters=FileFilters(status="new", category="MAROC"),
        scope=Scope(owner_ice="000000000000001"),
    )
    assert [r.reference for r in found] == ["20263000000123"]
    assert fake.requests[0].startswith("/api/files/dfd?")
    assert "status=new" in fake.requests[0] and "owner_ice=000000000000001" in fake.requests[0]


@pytest.mark.parametrize(
    "answer",
    [
        pytest.param((200, json.dumps(GOOD).encode(), 2.0), id="timeout"),
        pytest.param((500, b'{"error": "boom"}', 0.0), id="500"),
        pytest.param((503, b"", 0.0), id="503"),
        pytest.param((200, b'{"kind": "dfd", "reference": ', 0.0), id="malformed-json"),
        pytest.param((200, b"<html>maintenance</html>", 0.0), id="not-json"),
        pytest.param(
            (200, json.dumps({**GOOD, "status": "Nouveau?"}).encode(), 0.0), id="unknown-status"
        ),
        pytest.param(
            (200, json.dumps({**GOOD, "created_at": "hier"}).encode(), 0.0), id="bad-date"
        ),
        pytest.param(
            (200, json.dumps({**GOOD, "reference": "20260000000000"}).encode(), 0.0),
            id="another-file",
        ),
        pytest.param((302, b"", 0.0), id="redirect"),
    ],
)
def test_a_portal_that_does_not_answer_well_is_unavailable(
    portal: tuple[FakePortal, str], answer: tuple[int, bytes, float]
) -> None:
    fake, url = portal
    fake.answer = answer
    with pytest.raises(PortalUnavailable) as unavailable:
        _source(url, timeout=0.3).get(reference="20263000000123")
    error = unavailable.value
    assert error.status_code == 503 and error.code == "portal_unavailable"
    message = i18n.text(error.code, "fr", **error.params)
    assert "portail Commerce Extérieur (PMPCE) ne répond pas" in message
    assert "Réessayez" in message


@pytest.mark.parametrize(
    "body",
    [b'{"files": "none"}', b"[]", json.dumps({"files": [{**GOOD, "status": "?"}]}).encode()],
)
def test_a_malformed_list_is_unavailable(portal: tuple[FakePortal, str], body: bytes) -> None:
    fake, url = portal
    fake.answer = (200, body, 0.0)
    with pytest.raises(PortalUnavailable):
        _source(url).search(filters=FileFilters(), scope=Scope(owner_ice="000000000000001"))


def test_nothing_listening_is_unavailable() -> None:
    with pytest.raises(PortalUnavailable):
        _source("http://127.0.0.1:1").get(reference="20263000000123")
