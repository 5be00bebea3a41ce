"""Submission and review: refused until complete; the staff's queue with the documents;
reject (reasons) → « Rectifier vos données » → resubmit → validate; the e-mails in the
outbox, the live notices, PORTNET offered after DOUANE; who may do what."""

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from api.conversations.models import Message
from api.notifications import service as notifications
from tests.api.accounts_helpers import SignedIn, sign_in
from tests.subscriptions.conftest import (
    BASE,
    PDF,
    STAFF_BASE,
    Operator,
    create,
    fill,
    verification,
)


def outbox(client: TestClient, to: str) -> list[Any]:
    with client.app.state.session_factory() as db:  # type: ignore[attr-defined]
        return notifications.outbox(db=db, to=to)


def notices(client: TestClient, who: Operator) -> list[str]:
    with client.app.state.session_factory() as db:  # type: ignore[attr-defined]
        return list(
            db.scalars(
                select(Message.text).where(Message.sender == "system").order_by(Message.created_at)
            )
        )


def submit(client: TestClient, who: Operator, code: str, expect: int = 200) -> dict[str, Any]:
    response = client.post(f"{BASE}/{code}/submit", headers=who.headers)
    assert response.status_code == expect, response.text
    return dict(response.json())


def test_submitting_before_every_step_is_done_is_refused(
    client: TestClient, operator: Operator
) -> None:
    code = create(client, operator)["code"]

    refused = submit(client, operator, code, expect=409)

    assert refused["error"]["code"] == "subscription_steps_incomplete"
    assert "Informations de la société" in refused["error"]["message"]
    assert "Termes" in refused["error"]["message"]
    assert outbox(client, operator.email) == []


def test_a_douane_subscription_from_draft_to_validated(
    client: TestClient, operator: Operator, staff: SignedIn
) -> None:
    code = create(client, operator)["code"]
    filled = fill(client, operator, code, path="douane")
    assert filled["next_actions"] == ["resume", "submit"]

    submitted = submit(client, operator, code)
    assert submitted["status"] == "processing"
    assert submitted["status_label"] == "En cours de traitement"
    mails = outbox(client, operator.email)
    assert len(mails) == 1 and "confirmation de réception" in mails[0].subject
    assert code in mails[0].body
    # Nothing changes while it is processed.
    locked = client.put(
        f"{BASE}/{code}/steps/terms", json={"values": {"accepted": True}}, headers=operator.headers
    )
    assert locked.status_code == 409
    assert locked.json()["error"]["code"] == "subscription_not_editable"

    queue = client.get(STAFF_BASE, headers=staff.headers).json()["subscriptions"]
    assert [s["code"] for s in queue] == [code]
    kinds = {d["kind"] for d in queue[0]["documents"]}
    assert "rib_certificate" in kinds and "cin_copy" in kinds
    file = client.get(f"{STAFF_BASE}/{code}/documents/cin_copy", headers=staff.headers)
    assert file.status_code == 200 and file.content == PDF

    no_reason = client.post(
        f"{STAFF_BASE}/{code}/reject", json={"reasons": []}, headers=staff.headers
    )
    assert no_reason.status_code == 422
    rejected = client.post(
        f"{STAFF_BASE}/{code}/reject",
        json={"reasons": ["Document ICE incorrect"]},
        headers=staff.headers,
    )
    assert rejected.status_code == 200, rejected.text
    assert rejected.json()["status"] == "incomplete"
    mine = client.get(f"{BASE}/{code}", headers=operator.headers).json()
    assert mine["rejection_reasons"] == ["Document ICE incorrect"]
    assert mine["next_actions"] == ["rectify"]
    assert "Document ICE incorrect" in outbox(client, operator.email)[0].body
    assert any("Document ICE incorrect" in text for text in notices(client, operator))
    assert submit(client, operator, code, expect=409)["error"]["code"] == (
        "subscription_transition_not_allowed"
    )

    rectified = client.post(f"{BASE}/{code}/rectify", headers=operator.headers)
    assert rectified.status_code == 200
    assert rectified.json()["status"] == "draft"
    assert rectified.json()["current_step"] == "company"
    assert submit(client, operator, code)["rejection_reasons"] == []

    validated = client.post(f"{STAFF_BASE}/{code}/validate", headers=staff.headers)
    assert validated.status_code == 200, validated.text
    read = client.get(f"{BASE}/{code}", headers=operator.headers).json()
    assert read["status"] == "validated" and read["validated_at"]
    assert read["portnet_offered"] is True
    assert read["next_actions"] == ["subscribe_portnet"]
    mail = outbox(client, operator.email)[0]
    assert "acceptée" in mail.subject and "souscrire à PORTNET" in mail.body
    assert any("souscrire à PORTNET" in text for text in notices(client, operator))
    again = client.post(f"{STAFF_BASE}/{code}/validate", headers=staff.headers)
    assert again.status_code == 409

    # PORTNET alone is now open to them, and no longer offered once asked for.
    portnet = client.post(BASE, json=verification(organisms=["portnet"]), headers=operator.headers)
    assert portnet.status_code == 201, portnet.text
    assert portnet.json()["path"] == "portnet"
    assert client.get(f"{BASE}/{code}", headers=operator.headers).json()["portnet_offered"] is False


def test_a_portnet_douane_subscription_mails_each_gu_user_at_validation(
    client: TestClient, operator: Operator, staff: SignedIn
) -> None:
    code = create(client, operator, organisms=["douane", "portnet"])["code"]
    fill(client, operator, code, path="portnet_douane")
    submit(client, operator, code)
    assert outbox(client, "gu1@essai-demo.ma") == []

    client.post(f"{STAFF_BASE}/{code}/validate", headers=staff.headers)

    for address in ("gu1@essai-demo.ma", "gu2@essai-demo.ma"):
        mails = outbox(client, address)
        assert len(mails) == 1 and code in mails[0].body
    owner_mail = outbox(client, operator.email)[0]
    assert "souscrire à PORTNET" not in owner_mail.body
    read = client.get(f"{BASE}/{code}", headers=operator.headers).json()
    assert read["portnet_offered"] is False and read["next_actions"] == []
    listed = client.get(BASE, headers=operator.headers).json()["subscriptions"]
    assert [s["code"] for s in listed] == [code]


def test_a_change_of_operator_type_reopens_the_documents(
    client: TestClient, operator: Operator
) -> None:
    from tests.subscriptions.conftest import company, put

    code = create(client, operator)["code"]
    fill(client, operator, code, path="douane", operator_type="exportateur")

    read = put(client, operator, code, "company", values=company(operator_type="freight_forwarder"))

    assert {s["name"]: s["completed"] for s in read["steps"]}["documents"] is False
    assert submit(client, operator, code, expect=409)["error"]["code"] == (
        "subscription_steps_incomplete"
    )


STAFF_ROUTES = [
    ("get", ""),
    ("get", "/{code}"),
    ("get", "/{code}/documents/cin_copy"),
    ("post", "/{code}/validate"),
    ("post", "/{code}/reject"),
]


@pytest.mark.parametrize(("method", "tail"), STAFF_ROUTES)
@pytest.mark.parametrize(
    ("role", "status"),
    [(None, 401), ("operator", 403), ("administration", 403), ("agent", None), ("staff", None)],
)
def test_staff_routes_are_for_agents_and_staff_only(
    client: TestClient,
    operator: Operator,
    method: str,
    tail: str,
    role: str | None,
    status: int | None,
) -> None:
    code = create(client, operator)["code"]
    headers = sign_in(client, f"user.{role}", role=role).headers if role else {}
    body = {"reasons": ["Pièce manquante"]}

    response = client.request(
        method, STAFF_BASE + tail.format(code=code), json=body, headers=headers
    )

    if status is None:
        assert response.status_code not in (401, 403), response.text
    else:
        assert response.status_code == status
    # An RNOCE operator is not staff either.
    refused = client.request(
        method, STAFF_BASE + tail.format(code=code), json=body, headers=operator.headers
    )
    assert refused.status_code == 403


def test_the_modification_only_path_from_draft_to_validated_offers_portnet(
    client: TestClient, operator: Operator, staff: SignedIn
) -> None:
    from tests.subscriptions.conftest import company, put

    draft = create(client, operator, modification_only=True)
    code = draft["code"]
    fill(client, operator, code, path="modification")
    read = put(client, operator, code, "company", values=company(repeated_address="oui"))
    assert read["data"]["company"]["values"]["repeated_address"] is True

    submit(client, operator, code)
    client.post(f"{STAFF_BASE}/{code}/validate", headers=staff.headers)

    mine = client.get(f"{BASE}/{code}", headers={**operator.headers, "Accept-Language": "en"})
    assert mine.json()["status_label"] == "Validated"
    assert mine.json()["organism_label"] == "DOUANE (change of your data)"
    assert mine.json()["portnet_offered"] is True
    combined = client.post(
        BASE, json=verification(organisms=["douane", "portnet"]), headers=operator.headers
    )
    assert combined.status_code == 409  # DOUANE is done: PORTNET alone is what is left
    assert combined.json()["error"]["code"] == "subscription_already_exists"
