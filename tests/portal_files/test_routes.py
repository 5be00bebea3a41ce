"""The /files routes for the signed-in user and the action server's lookup turn."""

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from api.config import Settings
from api.main import create_app
from api.portal_files import seed
from api.rasa_client import RasaClient
from tests.api.accounts_helpers import SignedIn
from tests.api.conftest import ScriptedRasa
from tests.portal_files.conftest import signed_in

INTERNAL = {"X-Internal-Token": "internal-test-token"}


def operator(client: TestClient, login: str = "op.files", ice: str = seed.DEMO_ICE) -> SignedIn:
    return signed_in(client, login, ice=ice)


def conversation(client: TestClient, who: SignedIn, session_id: str) -> str:
    turn = client.post(
        "/api/v1/chat",
        json={"session_id": session_id, "message": "bonjour", "portal": "pmpce"},
        headers=who.headers,
    )
    assert turn.status_code == 200, turn.text
    return session_id


def lookup(client: TestClient, session_id: str, text: str, lang: str = "fr") -> dict[str, Any]:
    response = client.get(
        "/api/v1/internal/files/lookup",
        params={"session_id": session_id, "text": text, "lang": lang},
        headers=INTERNAL,
    )
    assert response.status_code == 200, response.text
    return dict(response.json())


def test_an_operator_lists_its_files_with_the_guides_filters(client: TestClient) -> None:
    me = operator(client)
    everything = client.get("/api/v1/files", headers=me.headers).json()["files"]
    titles = client.get(
        "/api/v1/files", params={"kind": "title", "status": "expired"}, headers=me.headers
    ).json()["files"]
    ships = client.get(
        "/api/v1/files", params={"kind": "manifest", "imo": "9700001"}, headers=me.headers
    ).json()["files"]
    wrong = client.get(
        "/api/v1/files", params={"kind": "dfd", "status": "paid"}, headers=me.headers
    )

    assert {f["kind"] for f in everything} == {"dfd", "invoice", "title", "mic_request", "manifest"}
    assert all(f["reference"] not in ("20263000000311", "F-2026-000190") for f in everything)
    assert [(t["reference"], t["status_label"]) for t in titles] == [
        ("2026300000000000803", "Échu")
    ]
    assert titles[0]["source"]["guide"] == "portail-banques"
    assert [s["reference"] for s in ships] == ["MAN-2026-00042"]
    assert wrong.status_code == 422
    assert wrong.json()["error"]["code"] == "portal_file_unknown_status"
    assert client.get("/api/v1/files").status_code == 401


def test_one_file_by_reference_in_the_reader_s_language(client: TestClient) -> None:
    me = operator(client)
    response = client.get(
        "/api/v1/files/dfd/2026%203000%200001%2023",
        headers={**me.headers, "Accept-Language": "ar"},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["reference"] == "20263000000123" and body["status_label"] == "جديد"
    assert body["page"] == "Gestion des demandes" and body["url"] == "/portals/pmpce"
    assert body["source"]["section"].startswith("IV.")
    unknown_kind = client.get("/api/v1/files/passport/123", headers=me.headers)
    assert unknown_kind.status_code == 422


def test_someone_else_s_file_is_404_like_an_unknown_one(client: TestClient) -> None:
    me = operator(client)
    agent = signed_in(client, "agent.files", role="agent")
    theirs = client.get("/api/v1/files/dfd/20263000000311", headers=me.headers)
    unknown = client.get("/api/v1/files/dfd/20269999999999", headers=me.headers)
    malformed = client.get("/api/v1/files/dfd/abc", headers=me.headers)
    for_agent = client.get("/api/v1/files/dfd/20263000000123", headers=agent.headers)

    assert theirs.status_code == unknown.status_code == malformed.status_code == 404
    assert theirs.json() == unknown.json() == malformed.json() == for_agent.json()
    assert theirs.json()["error"]["code"] == "portal_file_not_found"


def test_a_bank_sees_its_domiciliations_and_an_administration_what_was_addressed_to_it(
    client: TestClient,
) -> None:
    bank = signed_in(
        client,
        "bank.files",
        role="administration",
        administration="banques",
        organisation=seed.DEMO_BANK,
    )
    mic = signed_in(client, "mic.files", role="administration", administration="mic")
    banks = client.get("/api/v1/files", headers=bank.headers).json()["files"]
    mics = client.get("/api/v1/files", headers=mic.headers).json()["files"]

    assert banks and {f["kind"] for f in banks} == {"title"}
    assert "2026300000000000915" not in {f["reference"] for f in banks}
    assert {f["kind"] for f in mics} == {"mic_request"}
    assert (
        client.get("/api/v1/files/title/2026300000000000801", headers=mic.headers).status_code
        == 404
    )


def test_the_lookup_turn_tells_one_file_offers_several_and_says_none(client: TestClient) -> None:
    me = operator(client)
    session_id = conversation(client, me, "files-op")

    one = lookup(client, session_id, "Où en est ma DFD 2026 3000 0001 23 ?")
    paid = lookup(client, session_id, "ma facture F-2026-000123 est-elle payée ?", "ar")
    several = lookup(client, session_id, "DFD 20263000000123 et facture F-2026-000187")
    theirs = lookup(client, session_id, "et la DFD 20263000000311 ?")
    ship = lookup(client, session_id, "le manifeste du navire Atlas Demo est arrivé ?")
    unknown_ship = lookup(client, session_id, "le navire Inconnu est arrivé ?")

    assert one["status"] == "done"
    assert "Nouveau" in one["messages"][0]["text"]
    assert "Gestion des demandes" in one["messages"][0]["text"]
    assert paid["status"] == "done" and "تم الأداء" in paid["messages"][0]["text"]
    assert several["status"] == "choose"
    assert [b["payload"] for b in several["messages"][0]["buttons"]] == [
        "Où en est ma DFD 20263000000123 ?",
        "Où en est ma facture F-2026-000187 ?",
    ]
    assert theirs["status"] == "none" and "20263000000311" in theirs["messages"][0]["text"]
    assert ship["status"] == "done" and "MAN-2026-00042" in ship["messages"][0]["text"]
    assert "Annoncé" in ship["messages"][0]["text"]
    assert unknown_ship["status"] == "none"


def test_the_lookup_asks_an_anonymous_user_to_sign_in_and_refuses_other_callers(
    client: TestClient,
) -> None:
    anonymous = client.post("/api/v1/chat", json={"session_id": "files-anon", "message": "bonjour"})
    assert anonymous.status_code == 200
    turn = lookup(client, "files-anon", "DFD 20263000000123")
    assert turn["status"] == "login_required"
    assert turn["messages"][0]["buttons"][0]["title"] == "Se connecter"
    assert (
        client.get(
            "/api/v1/internal/files/lookup", params={"session_id": "files-anon", "text": "x"}
        ).status_code
        == 401
    )


@pytest.fixture
def dead_portal() -> Iterator[str]:
    """A portal system that answers 500 to everything."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = json.dumps({"error": "down"}).encode()
            self.send_response(500)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_portal_that_does_not_answer_gives_503_and_an_unavailable_turn(
    settings: Settings, rasa: ScriptedRasa, dead_portal: str
) -> None:
    down = settings.model_copy(update={"portal_files_url": dead_portal})
    app = create_app(
        down, rasa=RasaClient(down.rasa_url, transport=httpx.MockTransport(rasa.handle))
    )
    with TestClient(app) as client:
        me = operator(client)
        session_id = conversation(client, me, "files-down")
        read = client.get("/api/v1/files/dfd/20263000000123", headers=me.headers)
        listed = client.get("/api/v1/files", headers=me.headers)
        turn = lookup(client, session_id, "ma DFD 20263000000123 ?")

    assert read.status_code == listed.status_code == 503
    assert read.json()["error"]["code"] == "portal_unavailable"
    assert "ne répond pas" in read.json()["error"]["message"]
    assert turn["status"] == "unavailable" and "Réessayez" in turn["messages"][0]["text"]
