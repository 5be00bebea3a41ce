"""The outbox routes: agents and staff see which e-mails did not leave and send one now."""

from typing import Any

from fastapi.testclient import TestClient

from api.config import Settings
from api.notifications import service as notifications
from tests.api.accounts_helpers import sign_in
from tests.notifications.conftest import SmtpSink, dead_smtp_url, smtp_server  # noqa: F401 - fixtures

LINK_BODY = "Créez votre mot de passe : http://127.0.0.1:8000/rnoce/mot-de-passe?token=secret-link"


def refused_email(app: Any, dead_url: str, to: str = "op@exemple.ma") -> str:
    with app.state.session_factory() as db:
        settings = Settings(smtp_url=dead_url)
        assert (
            notifications.send_email(
                db=db, settings=settings, to=to, subject="RNOCE : votre lien", body=LINK_BODY
            )
            == "failed"
        )
        return notifications.outbox(db=db, to=to)[0].id


def test_staff_list_what_did_not_leave_without_the_bodies(
    client: TestClient,
    dead_smtp_url: str,
) -> None:
    email_id = refused_email(client.app, dead_smtp_url)
    with client.app.state.session_factory() as db:
        notifications.send_email(
            db=db, settings=Settings(), to="other@exemple.ma", subject="s", body="logged only"
        )
    staff = sign_in(client, "staff.a", role="staff")

    everything = client.get("/api/v1/outbox", headers=staff.headers)
    mine = client.get(
        "/api/v1/outbox",
        params={"to": " OP@exemple.ma ", "undelivered": True},
        headers=staff.headers,
    )

    assert everything.status_code == 200 and len(everything.json()) == 2
    [row] = mine.json()
    assert row["id"] == email_id and row["attempts"] == 1 and row["sent_at"] is None
    assert "Connection" in row["error"]
    assert row["next_attempt_at"].endswith("Z") and row["created_at"].endswith("Z")  # UTC, said so
    assert "secret-link" not in everything.text and "body" not in row


def test_send_now_delivers_once_the_server_is_back(
    client: TestClient,
    dead_smtp_url: str,
    smtp_server: SmtpSink,
) -> None:
    email_id = refused_email(client.app, dead_smtp_url)
    client.app.state.settings = client.app.state.settings.model_copy(
        update={"smtp_url": smtp_server.url}
    )
    agent = sign_in(client, "agent.a", role="agent")

    sent = client.post(f"/api/v1/outbox/{email_id}/send", headers=agent.headers)
    again = client.post(
        f"/api/v1/outbox/{email_id}/send", headers={**agent.headers, "Accept-Language": "en"}
    )

    assert sent.status_code == 200, sent.text
    assert sent.json()["sent_at"] and sent.json()["error"] is None and sent.json()["attempts"] == 2
    assert [m.envelope_to for m in smtp_server.messages] == [["op@exemple.ma"]]
    assert "secret-link" in smtp_server.messages[0].text
    assert again.status_code == 409
    assert again.json()["error"] == {
        "code": "email_already_sent",
        "message": "This e-mail has already left: it is not sent again.",
    }


def test_send_now_on_an_unknown_email(client: TestClient) -> None:
    staff = sign_in(client, "staff.b", role="staff")
    response = client.post("/api/v1/outbox/nope/send", headers=staff.headers)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "email_not_found"
