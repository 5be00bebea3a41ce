"""/staff/files: PORTNET agents and staff list the demo files and change a status from the
console; the operator's open widget socket hears of it live; with the portal systems
connected the statuses are theirs (409)."""

import httpx
import pytest
from fastapi.testclient import TestClient

from api.config import Settings
from api.main import create_app
from api.portal_files import seed
from api.rasa_client import RasaClient
from tests.api.accounts_helpers import SignedIn, sign_in
from tests.api.conftest import ScriptedRasa
from tests.portal_files.conftest import signed_in

DFD = "20263000000123"
STATUS_URL = f"/api/v1/staff/files/dfd/{DFD}/status"


def staff(client: TestClient, login: str = "staff.files", role: str = "staff") -> SignedIn:
    signed = sign_in(client, login, role=role)
    with client.app.state.session_factory() as db:  # type: ignore[attr-defined]
        seed.seed(db=db)
    return signed


@pytest.mark.parametrize(
    ("role", "status"),
    [(None, 401), ("operator", 403), ("administration", 403), ("agent", 200), ("staff", 200)],
)
def test_only_agents_and_staff_list_and_change_demo_files(
    client: TestClient, role: str | None, status: int
) -> None:
    headers = staff(client, f"who.{role}", role=role).headers if role else {}
    with client.app.state.session_factory() as db:  # type: ignore[attr-defined]
        seed.seed(db=db)

    listed = client.get("/api/v1/staff/files", headers=headers)
    changed = client.post(STATUS_URL, json={"status": "closed"}, headers=headers)

    assert listed.status_code == changed.status_code == status, changed.text
    if status == 200:
        assert changed.json()["status"] == "closed" and changed.json()["reference"] == DFD
        assert any(f["reference"] == DFD for f in listed.json()["files"])
    else:
        expected = "forbidden_role" if status == 403 else "not_authenticated"
        assert changed.json()["error"]["code"] == expected


def test_the_list_says_each_file_s_owner_status_and_choices_in_the_caller_s_language(
    client: TestClient,
) -> None:
    me = staff(client)

    listed = client.get("/api/v1/staff/files", headers={**me.headers, "Accept-Language": "ar"})

    assert listed.status_code == 200
    files = {(f["kind"], f["reference"]): f for f in listed.json()["files"]}
    assert len(files) == len(seed.DEMO_FILES)
    dfd = files[("dfd", DFD)]
    assert dfd["owner_name"] == seed.DEMO_NAME and dfd["owner_ice"] == seed.DEMO_ICE
    assert dfd["status"] == "new" and dfd["status_label"] == "جديد"
    assert [c["value"] for c in dfd["statuses"]] == ["new", "closed"]


def test_bad_changes_are_refused_in_the_caller_s_language(client: TestClient) -> None:
    me = staff(client)
    english = {**me.headers, "Accept-Language": "en"}

    unknown_status = client.post(STATUS_URL, json={"status": "paid"}, headers=english)
    unknown_file = client.post(
        "/api/v1/staff/files/dfd/20269999999999/status", json={"status": "closed"}, headers=english
    )
    unknown_kind = client.post(
        f"/api/v1/staff/files/passport/{DFD}/status", json={"status": "closed"}, headers=english
    )
    no_status = client.post(STATUS_URL, json={}, headers=english)

    assert unknown_status.status_code == 422
    error = unknown_status.json()["error"]
    assert error["code"] == "portal_file_unknown_status"
    assert error["message"] == (
        "Unknown status for this kind of file. Possible statuses: new (New), closed (Closed)."
    )
    assert unknown_file.status_code == 404
    assert unknown_file.json()["error"]["code"] == "portal_file_not_found"
    assert unknown_kind.status_code == 422
    assert unknown_kind.json()["error"]["code"] == "portal_file_unknown_kind"
    assert no_status.status_code == 422
    read = client.get("/api/v1/staff/files", headers=me.headers).json()["files"]
    assert next(f for f in read if f["reference"] == DFD)["status"] == "new"


def test_the_operator_s_open_widget_hears_of_the_change_live(client: TestClient) -> None:
    owner = signed_in(client, "op.live", ice=seed.DEMO_ICE)
    other = signed_in(client, "op.other", ice=seed.OTHER_ICE)
    me = staff(client)
    mine = f"/api/v1/chat/ws?session_id=live-own&access_token={owner.token}"
    theirs = f"/api/v1/chat/ws?session_id=live-other&access_token={other.token}"

    with client.websocket_connect(mine) as ws, client.websocket_connect(theirs) as other_ws:
        ws.send_json({"message": "bonjour", "lang": "fr"})
        ws.receive_json()
        other_ws.send_json({"message": "bonjour", "lang": "fr"})
        other_ws.receive_json()

        changed = client.post(STATUS_URL, json={"status": "closed"}, headers=me.headers)
        assert changed.status_code == 200, changed.text
        pushed = ws.receive_json()
        # The other company's socket gets nothing: the next frame it sees is its own turn.
        other_ws.send_json({"message": "merci", "lang": "fr"})
        next_frame = other_ws.receive_json()

    assert pushed["pushed"] is True and pushed["session_id"] == "live-own"
    [notice] = pushed["messages"]
    assert notice["sender"] == "system"
    assert notice["text"].startswith(f"Votre demande de franchise douanière (DFD) {DFD} est passée")
    assert "« Clôturée »" in notice["text"]
    assert notice["buttons"] == [
        {"title": "Voir le dossier", "payload": f"Où en est ma DFD {DFD} ?"}
    ]
    assert "pushed" not in next_frame
    assert all(DFD not in m["text"] for m in next_frame["messages"])


def test_the_same_status_again_pushes_nothing(client: TestClient) -> None:
    owner = signed_in(client, "op.same", ice=seed.DEMO_ICE)
    me = staff(client)
    url = f"/api/v1/chat/ws?session_id=live-same&access_token={owner.token}"

    with client.websocket_connect(url) as ws:
        ws.send_json({"message": "bonjour", "lang": "fr"})
        ws.receive_json()
        same = client.post(STATUS_URL, json={"status": "new"}, headers=me.headers)
        ws.send_json({"message": "merci", "lang": "fr"})
        after = ws.receive_json()

    assert same.status_code == 200 and same.json()["status"] == "new"
    assert "pushed" not in after and all(DFD not in m["text"] for m in after["messages"])


def test_with_the_portal_systems_the_statuses_are_theirs(
    settings: Settings, rasa: ScriptedRasa
) -> None:
    real = settings.model_copy(update={"portal_files_url": "http://127.0.0.1:1"})
    app = create_app(
        real, rasa=RasaClient(real.rasa_url, transport=httpx.MockTransport(rasa.handle))
    )
    with TestClient(app) as client:
        me = sign_in(client, "staff.real", role="staff")
        operator = sign_in(client, "op.real")
        changed = client.post(STATUS_URL, json={"status": "closed"}, headers=me.headers)
        listed = client.get("/api/v1/staff/files", headers=me.headers)
        refused = client.post(STATUS_URL, json={"status": "closed"}, headers=operator.headers)

    assert changed.status_code == listed.status_code == 409
    assert changed.json()["error"]["code"] == "portal_files_not_demo"
    assert refused.status_code == 403  # who may ask is checked first
