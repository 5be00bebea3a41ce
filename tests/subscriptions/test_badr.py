"""BADR: the local stand-in (seeded operators) and the HTTP adapter against a fake BADR
on localhost: registered → the company data; not registered → empty; BADR silent, failing
or answering nonsense → 503 `badr_unavailable`, never a wrong answer."""

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import pytest
from fastapi.testclient import TestClient

from api.config import Settings
from api.errors import ApiError
from api.subscriptions import seed
from api.subscriptions.badr import BadrQuery, HttpBadr, LocalBadr, badr_for
from tests.subscriptions.conftest import BASE, Operator, create, verification

KNOWN = seed.KNOWN_OPERATORS[0]


def known_check(**changes: Any) -> dict[str, Any]:
    known = {k: KNOWN[k] for k in ("ice", "if_number", "rc", "rc_centre", "operator_type")}
    return verification(**{**known, **changes})


def test_a_known_operator_is_registered_with_its_company_data(
    client: TestClient, operator: Operator, seeded: None
) -> None:
    response = client.post(f"{BASE}/badr-check", json=known_check(), headers=operator.headers)

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["registered"] is True
    assert body["company"]["raison_sociale"] == KNOWN["company"]["raison_sociale"]
    assert body["company"]["ice"] == KNOWN["ice"]


def test_an_unknown_operator_or_a_wrong_number_is_not_registered(
    client: TestClient, operator: Operator, seeded: None
) -> None:
    for body in (verification(), known_check(rc="11111")):
        response = client.post(f"{BASE}/badr-check", json=body, headers=operator.headers)
        assert response.status_code == 200, response.text
        assert response.json() == {"registered": False, "company": {}}


def test_the_check_applies_the_field_rules_first(client: TestClient, operator: Operator) -> None:
    response = client.post(
        f"{BASE}/badr-check", json=verification(ice="1234", email="x"), headers=operator.headers
    )

    assert response.status_code == 422
    fields = {f["field"]: f["code"] for f in response.json()["error"]["fields"]}
    assert fields == {
        "verification.ice": "subscription_ice_length",
        "verification.email": "subscription_email_invalid",
    }


def test_a_registered_operator_s_draft_is_prefilled_from_badr(
    client: TestClient, operator: Operator, seeded: None
) -> None:
    draft = create(client, operator, **known_check())

    assert draft["badr_registered"] is True
    prefilled = draft["data"]["company"]["values"]
    assert prefilled["raison_sociale"] == KNOWN["company"]["raison_sociale"]
    assert prefilled["ice"] == KNOWN["ice"]
    assert draft["current_step"] == "company"


def test_an_unregistered_operator_s_draft_has_only_what_was_checked(
    client: TestClient, operator: Operator
) -> None:
    draft = create(client, operator)

    assert draft["badr_registered"] is False
    assert "raison_sociale" not in draft["data"]["company"]["values"]
    assert draft["data"]["company"]["values"]["ice"] == "009988776655443"


def test_local_badr_is_chosen_without_a_url() -> None:
    assert isinstance(badr_for(Settings(badr_url=None)), LocalBadr)
    assert isinstance(badr_for(Settings(badr_url="http://127.0.0.1:1")), HttpBadr)


# ---------------------------------------------------------------- over HTTP


class FakeBadr(BaseHTTPRequestHandler):
    mode = "ok"
    received: ClassVar[list[dict[str, Any]]] = []

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", 0))
        body = json.loads(self.rfile.read(length))
        FakeBadr.received.append({"path": self.path, **body})
        if FakeBadr.mode == "slow":
            time.sleep(1.0)
        if FakeBadr.mode == "error":
            self._send(500, b'{"detail": "boom"}')
        elif FakeBadr.mode == "malformed":
            self._send(200, b'{"registered": "peut-etre"')
        elif body["ice"] == KNOWN["ice"]:
            answer = {"registered": True, "company": {"raison_sociale": "Démo BADR HTTP SARL"}}
            self._send(200, json.dumps(answer).encode())
        else:
            self._send(200, b'{"registered": false}')

    def _send(self, status: int, payload: bytes) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (the timeout case)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def fake_badr() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeBadr)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    FakeBadr.mode = "ok"
    FakeBadr.received = []
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _query(ice: str = KNOWN["ice"]) -> BadrQuery:
    return BadrQuery(
        email="contact@essai-demo.ma",
        if_number="4455661",
        ice=ice,
        rc="90817",
        operator_type="importateur",
        rc_centre="81 CASABLANCA",
    )


def test_http_badr_registered_and_not(fake_badr: str) -> None:
    badr = HttpBadr(fake_badr, timeout=2.0)

    answer = badr.check(db=None, query=_query())  # type: ignore[arg-type]
    assert answer.registered is True
    assert answer.company == {"raison_sociale": "Démo BADR HTTP SARL"}
    assert FakeBadr.received[0]["path"] == "/operators/check"
    assert FakeBadr.received[0]["ice"] == KNOWN["ice"]
    unknown = badr.check(db=None, query=_query("009988776655443"))  # type: ignore[arg-type]
    assert unknown.registered is False and unknown.company == {}


@pytest.mark.parametrize("mode", ["slow", "error", "malformed"])
def test_http_badr_failing_is_unavailable_never_an_answer(fake_badr: str, mode: str) -> None:
    FakeBadr.mode = mode
    badr = HttpBadr(fake_badr, timeout=0.3)

    with pytest.raises(ApiError) as caught:
        badr.check(db=None, query=_query())  # type: ignore[arg-type]

    assert caught.value.code == "badr_unavailable"
    assert caught.value.status_code == 503


def test_http_badr_nobody_listening_is_unavailable() -> None:
    with pytest.raises(ApiError) as caught:
        HttpBadr("http://127.0.0.1:1", timeout=0.5).check(db=None, query=_query())  # type: ignore[arg-type]
    assert caught.value.code == "badr_unavailable"


def test_the_routes_use_badr_over_http_when_the_setting_says_so(
    client: TestClient, operator: Operator, fake_badr: str
) -> None:
    client.app.state.settings.badr_url = fake_badr  # type: ignore[attr-defined]
    client.app.state.settings.badr_timeout_seconds = 0.3  # type: ignore[attr-defined]

    registered = client.post(f"{BASE}/badr-check", json=known_check(), headers=operator.headers)
    assert registered.json()["company"] == {"raison_sociale": "Démo BADR HTTP SARL"}

    FakeBadr.mode = "error"
    failed = client.post(
        BASE, json=known_check(), headers={**operator.headers, "Accept-Language": "en"}
    )
    assert failed.status_code == 503
    assert failed.json()["error"]["code"] == "badr_unavailable"
    assert "does not answer" in failed.json()["error"]["message"]
    assert client.get(BASE, headers=operator.headers).json() == {"subscriptions": []}
