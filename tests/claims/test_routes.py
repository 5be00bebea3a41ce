"""The claims routes: filing with attachments, « Mes réclamations », every attachment
refusal, someone else's claim answered like an unknown one on every route, the agents'
queue and actions, the notifications, and the status the chat tells."""

import hashlib
import re
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from api.claims.models import REFERENCE_PATTERN, Claim
from api.conversations.models import Conversation, Message
from api.database import utcnow
from api.notifications.models import OutboxEmail
from api.uploads.models import MAX_UPLOAD_BYTES, Upload
from tests.api.accounts_helpers import sign_in
from tests.claims.conftest import (
    JPEG,
    PDF,
    PNG,
    Person,
    claim_body,
    file_claim,
    person,
    upload,
    upload_id,
)

INTERNAL = {"X-Internal-Token": "internal-test-token"}


def stored_upload(client: TestClient, who: Person, content: bytes, name: str = "x.pdf") -> str:
    """An upload row written directly (as if the upload route had been bypassed), to show
    the claim checks the bytes again and not the recorded type."""
    with client.app.state.session_factory() as db:
        row = Upload(
            session_id=who.session_id,
            filename=name,
            content_type="application/pdf",
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            data=content,
        )
        db.add(row)
        db.commit()
        return row.id


def emails_to(client: TestClient, login: str) -> list[OutboxEmail]:
    with client.app.state.session_factory() as db:
        return list(
            db.scalars(
                select(OutboxEmail)
                .where(OutboxEmail.to == f"{login}@example.ma")
                .order_by(OutboxEmail.created_at)
            )
        )


def system_messages(client: TestClient, session_id: str) -> list[Message]:
    with client.app.state.session_factory() as db:
        conversation = db.scalar(select(Conversation).where(Conversation.session_id == session_id))
        assert conversation is not None
        return list(
            db.scalars(
                select(Message)
                .where(Message.conversation_id == conversation.id, Message.sender == "system")
                .order_by(Message.seq)
            )
        )


# ---------------------------------------------------------------- filing and reading


def test_a_signed_in_user_files_a_claim_with_pdf_png_and_jpeg(
    client: TestClient, owner: Person
) -> None:
    ids = [
        upload_id(client, owner, PDF, "facture.pdf"),
        upload_id(client, owner, PNG, "capture.png"),
        upload_id(client, owner, JPEG, "photo.jpg"),
    ]

    claim = file_claim(client, owner, attachment_ids=ids, service="Consultation des manifestes")

    assert re.match(REFERENCE_PATTERN, claim["reference"])
    assert claim["status"] == "new" and claim["portal"] == "douane"
    assert claim["service"] == "consultation_manifestes"  # a label is matched to the list
    assert claim["kind_label"] == "Réclamation"
    assert [a["content_type"] for a in claim["attachments"]] == [
        "application/pdf",
        "image/png",
        "image/jpeg",
    ]
    assert [(e["status"], e["actor_name"]) for e in claim["events"]] == [
        ("new", "Name of owner.one")
    ]
    receipt = emails_to(client, "owner.one")
    assert len(receipt) == 1 and claim["reference"] in receipt[0].subject
    assert claim["reference"] in receipt[0].body
    detail = client.get(f"/api/v1/claims/{claim['reference'].lower()}", headers=owner.headers)
    assert detail.status_code == 200 and detail.json()["details"].startswith("Le manifeste")
    download = client.get(
        f"/api/v1/claims/{claim['reference']}/attachments/{claim['attachments'][1]['id']}",
        headers=owner.headers,
    )
    assert download.status_code == 200 and download.content == PNG
    assert download.headers["content-type"] == "image/png"
    assert download.headers["content-disposition"].startswith("attachment;")


def test_a_free_text_service_is_kept_as_typed(client: TestClient, owner: Person) -> None:
    claim = file_claim(client, owner, service="Paiement des frais d'escale")

    assert claim["service"] == claim["service_label"] == "Paiement des frais d'escale"


def test_filing_needs_a_sign_in_and_a_known_kind(client: TestClient, owner: Person) -> None:
    anonymous = client.post("/api/v1/claims", json=claim_body())
    unknown_kind = client.post(
        "/api/v1/claims", json=claim_body(kind="plainte_penale"), headers=owner.headers
    )
    too_long = client.post(
        "/api/v1/claims", json=claim_body(object="x" * 201), headers=owner.headers
    )

    assert anonymous.status_code == 401
    assert unknown_kind.status_code == 422
    assert unknown_kind.json()["error"]["code"] == "claim_unknown_kind"
    assert "demande_information" in unknown_kind.json()["error"]["message"]
    assert too_long.status_code == 422


def test_my_claims_are_searched_by_reference_status_and_dates(
    client: TestClient, owner: Person, other: Person
) -> None:
    first = file_claim(client, owner, object="Premier")
    second = file_claim(client, owner, object="Second")
    file_claim(client, other, object="Celle d'un autre")
    with client.app.state.session_factory() as db:
        old = db.scalar(select(Claim).where(Claim.reference == first["reference"]))
        assert old is not None
        old.created_at = utcnow() - timedelta(days=10)
        old.status = "closed"
        db.commit()
    today = utcnow().date()

    def refs(**params: str) -> list[str]:
        response = client.get("/api/v1/claims", params=params, headers=owner.headers)
        assert response.status_code == 200, response.text
        return [c["reference"] for c in response.json()["claims"]]

    assert refs() == [second["reference"], first["reference"]]  # newest first, mine only
    assert refs(reference=first["reference"][4:].lower()) == [first["reference"]]
    assert refs(status="closed") == [first["reference"]]
    assert refs(created_from=str(today)) == [second["reference"]]
    assert refs(created_to=str(today - timedelta(days=5))) == [first["reference"]]
    assert (
        client.get("/api/v1/claims", params={"status": "lost"}, headers=owner.headers).status_code
        == 422
    )
    assert client.get("/api/v1/claims").status_code == 401


# ---------------------------------------------------------------- attachment refusals


def test_an_exe_renamed_pdf_is_refused_by_the_upload_and_by_the_claim(
    client: TestClient, owner: Person
) -> None:
    exe = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 500
    claim = file_claim(client, owner)

    refused = upload(client, owner, exe, "facture.pdf")
    attached = client.post(
        f"/api/v1/claims/{claim['reference']}/attachments",
        json={"upload_id": stored_upload(client, owner, exe, "facture.pdf")},
        headers=owner.headers,
    )
    at_creation = client.post(
        "/api/v1/claims",
        json=claim_body(attachment_ids=[stored_upload(client, owner, exe)]),
        headers=owner.headers,
    )

    for response in (refused, attached, at_creation):
        assert response.status_code == 415, response.text
        assert response.json()["error"]["code"] == "unsupported_document_type"


def test_3_mb_and_one_byte_is_refused(client: TestClient, owner: Person) -> None:
    big = PDF + b"0" * (MAX_UPLOAD_BYTES - len(PDF) + 1)
    claim = file_claim(client, owner)

    refused = upload(client, owner, big)
    attached = client.post(
        f"/api/v1/claims/{claim['reference']}/attachments",
        json={"upload_id": stored_upload(client, owner, big)},
        headers=owner.headers,
    )

    for response in (refused, attached):
        assert response.status_code == 413, response.text
        assert response.json()["error"]["code"] == "file_too_large"


def test_an_empty_file_is_refused(client: TestClient, owner: Person) -> None:
    claim = file_claim(client, owner)

    refused = upload(client, owner, b"")
    attached = client.post(
        f"/api/v1/claims/{claim['reference']}/attachments",
        json={"upload_id": stored_upload(client, owner, b"")},
        headers={**owner.headers, "Accept-Language": "en"},
    )

    for response in (refused, attached):
        assert response.status_code == 400, response.text
        assert response.json()["error"]["code"] == "empty_file"
    assert attached.json()["error"]["message"] == "The file is empty."


def test_a_sixth_file_is_refused(client: TestClient, owner: Person) -> None:
    ids = [upload_id(client, owner, make) for make in (PDF, PNG, JPEG, PDF + b"\n", PNG)]
    claim = file_claim(client, owner, attachment_ids=ids[:4])
    fifth = client.post(
        f"/api/v1/claims/{claim['reference']}/attachments",
        json={"upload_id": ids[4]},
        headers=owner.headers,
    )
    sixth = client.post(
        f"/api/v1/claims/{claim['reference']}/attachments",
        json={"upload_id": upload_id(client, owner, JPEG)},
        headers=owner.headers,
    )
    six_at_once = client.post(
        "/api/v1/claims",
        json=claim_body(attachment_ids=[*ids, upload_id(client, owner)]),
        headers=owner.headers,
    )
    again = client.post(
        f"/api/v1/claims/{claim['reference']}/attachments",
        json={"upload_id": ids[0]},
        headers=owner.headers,
    )

    assert fifth.status_code == 201, fifth.text
    for response in (sixth, six_at_once):
        assert response.status_code == 422, response.text
        assert response.json()["error"]["code"] == "too_many_attachments"
        assert "5" in response.json()["error"]["message"]
    assert again.status_code in (409, 422)  # full, and already there anyway


def test_someone_elses_upload_cannot_be_attached(
    client: TestClient, owner: Person, other: Person
) -> None:
    theirs = upload_id(client, other)
    claim = file_claim(client, owner)

    attached = client.post(
        f"/api/v1/claims/{claim['reference']}/attachments",
        json={"upload_id": theirs},
        headers=owner.headers,
    )
    at_creation = client.post(
        "/api/v1/claims", json=claim_body(attachment_ids=[theirs]), headers=owner.headers
    )
    unknown = client.post(
        "/api/v1/claims", json=claim_body(attachment_ids=["0" * 32]), headers=owner.headers
    )

    for response in (attached, at_creation, unknown):
        assert response.status_code == 404, response.text
        assert response.json()["error"]["code"] == "upload_not_found"
    assert attached.json() == unknown.json()


def test_a_claim_cannot_name_someone_elses_conversation(
    client: TestClient, owner: Person, other: Person
) -> None:
    response = client.post(
        "/api/v1/claims", json=claim_body(session_id=other.session_id), headers=owner.headers
    )

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "conversation_not_found"


# ---------------------------------------------------------------- someone else's claim


def _owner_routes(reference: str, attachment_id: str) -> list[tuple[str, str, dict | None]]:
    return [
        ("get", f"/api/v1/claims/{reference}", None),
        ("post", f"/api/v1/claims/{reference}/messages", {"text": "Alors ?"}),
        ("post", f"/api/v1/claims/{reference}/attachments", {"upload_id": attachment_id}),
        ("get", f"/api/v1/claims/{reference}/attachments/{attachment_id}", None),
    ]


def test_another_users_claim_answers_like_an_unknown_one_on_every_owner_route(
    client: TestClient, owner: Person, other: Person
) -> None:
    claim = file_claim(client, owner, attachment_ids=[upload_id(client, owner)])
    attachment = claim["attachments"][0]["id"]
    others_upload = upload_id(client, other)

    for (method, url, body), (_, unknown_url, _) in zip(
        _owner_routes(claim["reference"], attachment),
        _owner_routes("REC-0000-0000", attachment),
        strict=True,
    ):
        if body and "upload_id" in body:
            body = {"upload_id": others_upload}
        theirs = client.request(method, url, json=body, headers=other.headers)
        unknown = client.request(method, unknown_url, json=body, headers=other.headers)
        assert theirs.status_code == unknown.status_code == 404, (url, theirs.text)
        assert (
            theirs.json()
            == unknown.json()
            == {
                "error": {
                    "code": "claim_not_found",
                    "message": "Aucune réclamation ne correspond à cette référence.",
                }
            }
        )
        assert client.request(method, url, json=body).status_code == 401
    listed = client.get(
        "/api/v1/claims", params={"reference": claim["reference"]}, headers=other.headers
    )
    assert listed.json() == {"claims": []}
    detail = client.get(f"/api/v1/claims/{claim['reference']}", headers=owner.headers)
    assert detail.json()["messages"] == [] and len(detail.json()["attachments"]) == 1


def test_an_attachment_of_another_claim_is_not_found(client: TestClient, owner: Person) -> None:
    first = file_claim(client, owner, attachment_ids=[upload_id(client, owner)])
    second = file_claim(client, owner)

    response = client.get(
        f"/api/v1/claims/{second['reference']}/attachments/{first['attachments'][0]['id']}",
        headers=owner.headers,
    )

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "claim_attachment_not_found"


def test_the_owner_writes_to_the_claim_until_it_is_closed(
    client: TestClient, owner: Person, agent: Person
) -> None:
    claim = file_claim(client, owner)
    ref = claim["reference"]

    written = client.post(
        f"/api/v1/claims/{ref}/messages", json={"text": " Des nouvelles ? "}, headers=owner.headers
    )
    client.post(
        f"/api/v1/agent/claims/{ref}/close", json={"note": "Doublon"}, headers=agent.headers
    )
    late = client.post(
        f"/api/v1/claims/{ref}/messages", json={"text": "Et maintenant ?"}, headers=owner.headers
    )
    late_file = client.post(
        f"/api/v1/claims/{ref}/attachments",
        json={"upload_id": upload_id(client, owner)},
        headers=owner.headers,
    )

    assert written.status_code == 201
    assert written.json()["author_role"] == "owner" and written.json()["text"] == "Des nouvelles ?"
    for response in (late, late_file):
        assert response.status_code == 409 and response.json()["error"]["code"] == "claim_closed"


# ---------------------------------------------------------------- agents


def test_the_queue_is_per_portal_oldest_first_with_waiting_time(
    client: TestClient, owner: Person, agent: Person
) -> None:
    older = file_claim(client, owner, portal="douane")
    newer = file_claim(client, owner, portal="douane")
    elsewhere = file_claim(client, owner, portal="mic", service="exportation")
    with client.app.state.session_factory() as db:
        row = db.scalar(select(Claim).where(Claim.reference == older["reference"]))
        assert row is not None
        row.created_at = utcnow() - timedelta(hours=2)
        db.commit()

    douane = client.get("/api/v1/agent/claims", params={"portal": "douane"}, headers=agent.headers)
    everything = client.get("/api/v1/agent/claims", headers=agent.headers)

    assert douane.status_code == 200
    items = douane.json()["claims"]
    assert [c["reference"] for c in items] == [older["reference"], newer["reference"]]
    assert 7100 < items[0]["waiting_seconds"] < 7300 and items[1]["waiting_seconds"] < 60
    assert items[0]["owner_name"] == "Name of owner.one"
    assert elsewhere["reference"] in [c["reference"] for c in everything.json()["claims"]]
    client.post(f"/api/v1/agent/claims/{newer['reference']}/assign", headers=agent.headers)
    client.post(
        f"/api/v1/agent/claims/{newer['reference']}/answer",
        json={"text": "Fait."},
        headers=agent.headers,
    )
    waiting = client.get("/api/v1/agent/claims", params={"portal": "douane"}, headers=agent.headers)
    answered = client.get(
        "/api/v1/agent/claims", params={"status": "answered"}, headers=agent.headers
    )
    assert [c["reference"] for c in waiting.json()["claims"]] == [older["reference"]]
    assert [c["reference"] for c in answered.json()["claims"]] == [newer["reference"]]


def test_an_agent_assigns_answers_and_closes_and_the_owner_is_told_each_time(
    client: TestClient, owner: Person, agent: Person
) -> None:
    claim = file_claim(client, owner)
    ref = claim["reference"]
    base = f"/api/v1/agent/claims/{ref}"

    detail = client.get(base, headers=agent.headers)
    assigned = client.post(f"{base}/assign", headers=agent.headers)
    assigned_again = client.post(f"{base}/assign", headers=agent.headers)
    answered = client.post(
        f"{base}/answer", json={"text": "Le manifeste est publié."}, headers=agent.headers
    )
    closed = client.post(f"{base}/close", json={"note": "Résolu"}, headers=agent.headers)

    assert detail.status_code == 200
    assert [m["text"] for m in detail.json()["transcript"]][:1] == ["bonjour"]
    assert detail.json()["owner_name"] == "Name of owner.one"
    assert assigned.json()["status"] == "assigned"
    assert assigned.json()["assignee_name"] == "Name of agent.one"
    assert len(assigned_again.json()["events"]) == 2  # already theirs: nothing new
    assert answered.json()["status"] == "answered"
    assert answered.json()["messages"][-1]["author_role"] == "agent"
    assert closed.json()["status"] == "closed"
    assert [(e["status"], e["note"]) for e in closed.json()["events"]] == [
        ("new", None),
        ("assigned", None),
        ("answered", None),
        ("closed", "Résolu"),
    ]
    # One e-mail per change (after the receipt), and a system message in the open chat.
    mails = emails_to(client, "owner.one")
    assert len(mails) == 4
    assert ["Affectée" in m.subject for m in mails] == [False, True, False, False]
    assert "Le manifeste est publié." in mails[2].body and "Résolu" in mails[3].body
    notices = system_messages(client, owner.session_id)
    assert len(notices) == 3
    assert all(ref in m.text for m in notices)
    assert "Le manifeste est publié." in notices[1].text
    assert notices[0].buttons[0]["payload"] == f"Où en est ma réclamation {ref} ?"
    owner_view = client.get(f"/api/v1/claims/{ref}", headers=owner.headers).json()
    assert (
        owner_view["status"] == "closed"
        and owner_view["messages"][0]["author_name"] == "Name of agent.one"
    )


@pytest.mark.parametrize(
    ("steps", "refused"),
    [
        ([], ("answer", {"text": "Trop tôt"})),
        (["close"], ("assign", None)),
        (["close"], ("answer", {"text": "Trop tard"})),
        (["close"], ("close", {"note": "Encore"})),
    ],
)
def test_transitions_that_are_not_allowed_are_409(
    client: TestClient,
    owner: Person,
    agent: Person,
    steps: list[str],
    refused: tuple[str, dict | None],
) -> None:
    ref = file_claim(client, owner)["reference"]
    base = f"/api/v1/agent/claims/{ref}"
    for step in steps:
        assert (
            client.post(f"{base}/{step}", json={"note": "n"}, headers=agent.headers).status_code
            == 200
        )
    before = len(emails_to(client, "owner.one"))

    action, body = refused
    response = client.post(f"{base}/{action}", json=body, headers=agent.headers)

    assert response.status_code == 409, response.text
    assert response.json()["error"]["code"] == "claim_transition_not_allowed"
    assert "«" in response.json()["error"]["message"]
    assert len(emails_to(client, "owner.one")) == before  # refused: nobody is told anything


def test_agent_routes_refuse_operators_and_anonymous_and_404_unknown_claims(
    client: TestClient, owner: Person, agent: Person
) -> None:
    claim = file_claim(client, owner, attachment_ids=[upload_id(client, owner)])
    attachment = claim["attachments"][0]["id"]
    ref = claim["reference"]
    routes = [
        ("get", "/api/v1/agent/claims", None),
        ("get", f"/api/v1/agent/claims/{ref}", None),
        ("post", f"/api/v1/agent/claims/{ref}/assign", None),
        ("post", f"/api/v1/agent/claims/{ref}/answer", {"text": "x"}),
        ("post", f"/api/v1/agent/claims/{ref}/close", {"note": "x"}),
        ("get", f"/api/v1/agent/claims/{ref}/attachments/{attachment}", None),
    ]
    for method, url, body in routes:
        assert client.request(method, url, json=body).status_code == 401
        forbidden = client.request(method, url, json=body, headers=owner.headers)
        assert (
            forbidden.status_code == 403 and forbidden.json()["error"]["code"] == "forbidden_role"
        )
        if url != "/api/v1/agent/claims":
            unknown = client.request(
                method, url.replace(ref, "REC-ZZZZ-ZZZZ"), json=body, headers=agent.headers
            )
            assert (
                unknown.status_code == 404 and unknown.json()["error"]["code"] == "claim_not_found"
            )
    download = client.get(
        f"/api/v1/agent/claims/{ref}/attachments/{attachment}", headers=agent.headers
    )
    assert download.status_code == 200 and download.content == PDF


# ---------------------------------------------------------------- the chat's status


def test_the_status_in_the_chat_is_for_the_conversations_owner_only(
    client: TestClient, owner: Person, other: Person, agent: Person
) -> None:
    mine = file_claim(client, owner, object="Manifeste introuvable")
    theirs = file_claim(client, other)
    client.post(f"/api/v1/agent/claims/{mine['reference']}/assign", headers=agent.headers)
    client.post(
        f"/api/v1/agent/claims/{mine['reference']}/answer",
        json={"text": "Il est publié depuis ce matin."},
        headers=agent.headers,
    )

    def status(session_id: str, reference: str | None = None, lang: str = "fr") -> dict:
        params = {"session_id": session_id, "lang": lang}
        if reference:
            params["reference"] = reference
        response = client.get("/api/v1/internal/claims/status", params=params, headers=INTERNAL)
        assert response.status_code == 200, response.text
        return dict(response.json())

    told = status(owner.session_id, mine["reference"].lower())
    someone_elses = status(owner.session_id, theirs["reference"])
    unknown = status(owner.session_id, "REC-0000-0000")
    latest = status(owner.session_id, lang="en")
    anonymous = status("never-signed-in")

    assert told["status"] == "done"
    assert "Répondue" in told["messages"][0]["text"]
    assert "Il est publié depuis ce matin." in told["messages"][0]["text"]
    assert someone_elses["status"] == unknown["status"] == "none"
    assert someone_elses["messages"][0]["text"].replace(theirs["reference"], "REF") == unknown[
        "messages"
    ][0]["text"].replace("REC-0000-0000", "REF")
    assert latest["status"] == "done"
    assert [b["title"].split(" – ")[0] for b in latest["messages"][0]["buttons"]] == [
        mine["reference"]
    ]
    assert anonymous["status"] == "login_required"
    assert anonymous["messages"][0]["buttons"] == [
        {"title": "Se connecter", "payload": "/request_login"}
    ]
    assert (
        client.get(
            "/api/v1/internal/claims/status", params={"session_id": owner.session_id}
        ).status_code
        == 401
    )


def test_a_user_with_no_claim_is_told_so_and_latest_are_at_most_five(
    client: TestClient, owner: Person
) -> None:
    params = {"session_id": owner.session_id, "lang": "ar"}
    none = client.get("/api/v1/internal/claims/status", params=params, headers=INTERNAL).json()
    for n in range(6):
        file_claim(client, owner, object=f"Objet {n}")
    latest = client.get("/api/v1/internal/claims/status", params=params, headers=INTERNAL).json()

    assert none["status"] == "none" and "شكاية" in none["messages"][0]["text"]
    assert len(latest["messages"][0]["buttons"]) == 5
    assert "Objet 5" in latest["messages"][0]["buttons"][0]["title"]


def test_a_user_signed_out_is_asked_to_sign_in(client: TestClient) -> None:
    someone = person(client, "leaves.soon")
    client.post("/api/v1/auth/logout", headers=someone.headers)

    response = client.get(
        "/api/v1/internal/claims/status",
        params={"session_id": someone.session_id},
        headers=INTERNAL,
    )

    assert response.json()["status"] == "login_required"


def test_sign_in_helper_roles_are_what_the_routes_check(client: TestClient) -> None:
    staff = sign_in(client, "staff.one", role="staff")
    assert client.get("/api/v1/agent/claims", headers=staff.headers).status_code == 200
