"""The Douane account operations over HTTP, rule by rule (guide RNOCE, section IV): who may,
modification / cancellation / restoration and their documents, refusal then resubmission,
validation applying the change, e-mails and chat notices, and nobody else's operations."""

from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from api.conversations.models import Conversation, Message
from api.database import utcnow
from api.douane_accounts import rules
from tests.api.accounts_helpers import SignedIn
from tests.douane_accounts.conftest import (
    PNG,
    Operator,
    account_fields,
    cancellation,
    days_ago,
    emails_to,
    modification,
    operator,
    restoration,
    upload_id,
)

STAFF_URL = "/api/v1/staff/douane-operations"


def staff_decides(
    client: TestClient, staff: SignedIn, operation_id: str, verb: str, **body: Any
) -> Any:
    response = client.post(
        f"{STAFF_URL}/{operation_id}/{verb}", json=body or None, headers=staff.headers
    )
    assert response.status_code == 200, response.text
    return response.json()


def account_of(client: TestClient, who: Operator) -> dict[str, Any]:
    response = client.get("/api/v1/douane-account", headers=who.headers)
    assert response.status_code == 200, response.text
    return dict(response.json())


def fields_of(response: Any) -> dict[str, str]:
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == "fields_refused"
    return {f["field"]: f["code"] for f in error["fields"]}


def system_texts(client: TestClient, session_id: str) -> list[str]:
    with client.app.state.session_factory() as db:  # type: ignore[attr-defined]
        conversation = db.scalar(select(Conversation).where(Conversation.session_id == session_id))
        assert conversation is not None
        return list(
            db.scalars(
                select(Message.text)
                .where(Message.conversation_id == conversation.id, Message.sender == "system")
                .order_by(Message.seq)
            )
        )


# ---------------------------------------------------------------- who may


def test_the_owner_reads_the_account_as_registered(client: TestClient, owner: Operator) -> None:
    account = account_of(client, owner)

    assert account["ice"] == "001234567000089" and account["state"] == "active"
    assert account["operator_type_label"] == "Importateur" and account["latest"] == {}


def test_a_user_without_a_douane_account_is_told_why_in_their_language(
    client: TestClient,
) -> None:
    newcomer = operator(client, "newcomer", open_account=False)

    for lang, words in (
        ("fr", "réservée aux opérateurs"),
        ("en", "only for operators"),
        ("ar", "مخصص"),
    ):
        response = client.get(
            "/api/v1/douane-account/operations",
            headers={**newcomer.headers, "Accept-Language": lang},
        )
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "douane_account_not_found"
        assert words in response.json()["error"]["message"]
    assert modification(client, newcomer).status_code == 404
    assert client.get("/api/v1/douane-account").status_code == 401


# ---------------------------------------------------------------- modification


def test_modification_is_processed_then_validated_and_applied(
    client: TestClient, owner: Operator, staff: SignedIn
) -> None:
    response = modification(client, owner, ice="001234567000090", operator_type="Exportateur")

    assert response.status_code == 201, response.text
    operation = response.json()
    assert (
        operation["status"] == "pending" and operation["status_label"] == "En cours de traitement"
    )
    assert operation["changes"] == {
        "operator_type": "exportateur",
        "ice": "001234567000090",
        "raison_sociale": "Atlas Essai Négoce SARL",
    }
    assert operation["previous"]["raison_sociale"] == "Atlas Essai Import SARL"
    assert [d["kind"] for d in operation["documents"]] == ["modele_j"]
    assert account_of(client, owner)["raison_sociale"] == "Atlas Essai Import SARL"
    [received] = emails_to(client, owner.email)
    assert "en cours de traitement" in received.body

    decided = staff_decides(client, staff, operation["id"], "validate")

    assert decided["status"] == "validated" and decided["decided_at"]
    account = account_of(client, owner)
    assert (account["raison_sociale"], account["ice"], account["operator_type"]) == (
        "Atlas Essai Négoce SARL",
        "001234567000090",
        "exportateur",
    )
    assert account["latest"]["modification"]["status_label"] == "Validé"
    assert "Validé" in emails_to(client, owner.email)[-1].subject
    assert any("est validée" in text for text in system_texts(client, owner.session_id))


def test_modification_refused_while_a_cancellation_is_being_processed(
    client: TestClient, owner: Operator
) -> None:
    assert cancellation(client, owner).status_code == 201

    response = modification(client, owner)

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "douane_modification_cancellation_pending"
    assert "en cours de traitement" in response.json()["error"]["message"]


def test_modification_refused_once_a_cancellation_is_accepted(
    client: TestClient, owner: Operator, staff: SignedIn
) -> None:
    cancelled = cancellation(client, owner).json()
    staff_decides(client, staff, cancelled["id"], "validate")
    assert account_of(client, owner)["state"] == "cancelled"

    response = modification(client, owner, lang="en")
    english = client.post(
        "/api/v1/douane-account/operations/modification",
        json={"raison_sociale": "X"},
        headers={**owner.headers, "Accept-Language": "en"},
    )

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "douane_modification_account_cancelled"
    assert english.status_code == 409 and "restoration" in english.json()["error"]["message"]


def test_modification_allowed_again_after_a_refused_cancellation(
    client: TestClient, owner: Operator, staff: SignedIn
) -> None:
    cancelled = cancellation(client, owner).json()
    staff_decides(client, staff, cancelled["id"], "refuse", reason="Document illisible")

    assert modification(client, owner).status_code == 201


def test_a_transitaire_changing_its_raison_sociale_attaches_the_adii_decision(
    client: TestClient,
) -> None:
    broker = operator(client, "broker", account=account_fields(operator_type="transitaire"))

    refused = modification(client, broker)
    other_field = modification(client, broker, raison_sociale=None, rc_number="778899")
    with_decision = modification(client, broker, adii_decision_upload_id=upload_id(client, broker))

    assert fields_of(refused) == {"adii_decision_upload_id": "douane_adii_decision_required"}
    assert "ADII" in refused.json()["error"]["message"]
    assert other_field.status_code == 201, other_field.text
    assert with_decision.status_code == 409  # one modification at a time
    assert with_decision.json()["error"]["code"] == "douane_operation_in_progress"


def test_the_adii_decision_is_accepted_with_the_change(client: TestClient) -> None:
    broker = operator(client, "broker2", account=account_fields(operator_type="transitaire"))

    response = modification(client, broker, adii_decision_upload_id=upload_id(client, broker))

    assert response.status_code == 201, response.text
    assert sorted(d["kind"] for d in response.json()["documents"]) == ["adii_decision", "modele_j"]


def test_an_importer_changes_its_raison_sociale_without_an_adii_decision(
    client: TestClient, owner: Operator
) -> None:
    assert modification(client, owner).status_code == 201


def test_a_modele_j_older_than_3_months_is_refused(client: TestClient, owner: Operator) -> None:
    old = rules.months_before(utcnow().date(), 3) - timedelta(days=1)

    response = modification(client, owner, modele_j_date=old.strftime("%d/%m/%Y"))

    assert fields_of(response) == {"modele_j_date": "douane_modele_j_too_old"}
    assert "3 mois" in response.json()["error"]["message"]


def test_a_modele_j_of_exactly_3_months_is_accepted(client: TestClient, owner: Operator) -> None:
    limit = rules.months_before(utcnow().date(), 3).isoformat()

    assert modification(client, owner, modele_j_date=limit).status_code == 201


def test_a_modele_j_dated_in_the_future_is_refused(client: TestClient, owner: Operator) -> None:
    response = modification(client, owner, modele_j_date=days_ago(-2))

    assert fields_of(response) == {"modele_j_date": "douane_date_in_future"}


def test_every_refused_field_is_listed_with_its_rule_in_the_callers_language(
    client: TestClient, owner: Operator
) -> None:
    response = client.post(
        "/api/v1/douane-account/operations/modification",
        json={"ice": "12345678901234", "operator_type": "Pirate", "modele_j_date": "31/02/2026"},
        headers={**owner.headers, "Accept-Language": "en"},
    )

    assert fields_of(response) == {
        "ice": "douane_ice_format",
        "operator_type": "douane_choice_unknown",
        "modele_j_upload_id": "douane_field_required",
        "modele_j_date": "douane_invalid_date",
    }
    messages = {f["field"]: f["message"] for f in response.json()["error"]["fields"]}
    assert messages["ice"] == '"ICE number" must be exactly 15 digits (you entered 14).'
    assert "Importer, Exporter" in messages["operator_type"]
    assert messages["modele_j_upload_id"] == '"Modèle J" is required.'


def test_a_modification_that_changes_nothing_is_refused(
    client: TestClient, owner: Operator
) -> None:
    response = modification(client, owner, raison_sociale="  Atlas Essai Import SARL ")

    assert response.status_code == 422
    assert response.json()["error"]["code"] == "douane_modification_empty"


def test_the_modification_s_modele_j_may_be_an_image(client: TestClient, owner: Operator) -> None:
    """The guide sets no format for it: what uploads accept (PDF, PNG, JPEG)."""
    response = modification(
        client, owner, modele_j_upload_id=upload_id(client, owner, PNG, "j.png")
    )

    assert response.status_code == 201, response.text


def test_a_json_null_is_the_same_as_absent(client: TestClient, owner: Operator) -> None:
    response = modification(client, owner, ice=None, adii_decision_upload_id=None, entity_type=None)

    assert response.status_code == 201, response.text
    assert set(response.json()["changes"]) == {"raison_sociale"}


# ---------------------------------------------------------------- cancellation


def test_radiation_needs_the_modele_j(client: TestClient, owner: Operator) -> None:
    response = cancellation(client, owner, modele_j_upload_id=None)

    assert fields_of(response) == {"modele_j_upload_id": "douane_field_required"}
    assert "registre de commerce" in response.json()["error"]["message"]


def test_liquidation_needs_the_judgement_or_the_official_bulletin(
    client: TestClient, owner: Operator
) -> None:
    refused = cancellation(client, owner, reason="Liquidation judiciaire")
    accepted = cancellation(
        client, owner, reason="liquidation_judiciaire", judgement_upload_id=upload_id(client, owner)
    )

    assert fields_of(refused) == {"judgement_upload_id": "douane_field_required"}
    assert accepted.status_code == 201, accepted.text
    body = accepted.json()
    assert body["cancellation_reason"] == "liquidation_judiciaire"
    assert [d["kind"] for d in body["documents"]] == ["judgement"]
    assert body["comment"] == "Cessation d'activité"


def test_cancellation_documents_are_pdf_only(client: TestClient, owner: Operator) -> None:
    response = cancellation(
        client, owner, modele_j_upload_id=upload_id(client, owner, PNG, "j.png")
    )

    assert fields_of(response) == {"modele_j_upload_id": "douane_document_pdf_only"}


def test_an_unknown_cancellation_reason_is_refused_with_the_choices(
    client: TestClient, owner: Operator
) -> None:
    response = cancellation(client, owner, reason="Fusion")

    assert fields_of(response) == {"reason": "douane_choice_unknown"}
    assert "Liquidation judiciaire, Radiation" in response.json()["error"]["message"]


def test_the_comment_is_optional(client: TestClient, owner: Operator) -> None:
    response = cancellation(client, owner, comment=None)

    assert response.status_code == 201 and response.json()["comment"] is None


def test_a_cancelled_account_cannot_be_cancelled_again(
    client: TestClient, owner: Operator, staff: SignedIn
) -> None:
    staff_decides(client, staff, cancellation(client, owner).json()["id"], "validate")

    response = cancellation(client, owner)

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "douane_account_already_cancelled"


def test_one_cancellation_at_a_time(client: TestClient, owner: Operator) -> None:
    assert cancellation(client, owner).status_code == 201

    response = cancellation(client, owner)

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "douane_operation_in_progress"
    assert "annulation" in response.json()["error"]["message"]


# ---------------------------------------------------------------- restoration


def test_only_a_cancelled_account_is_restored(client: TestClient, owner: Operator) -> None:
    response = restoration(client, owner)

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "douane_restoration_not_cancelled"


def test_restoration_of_a_cancelled_account_makes_it_active(
    client: TestClient, owner: Operator, staff: SignedIn
) -> None:
    staff_decides(client, staff, cancellation(client, owner).json()["id"], "validate")

    response = restoration(client, owner)
    assert response.status_code == 201, response.text
    assert response.json()["comment"].startswith("Reprise")
    staff_decides(client, staff, response.json()["id"], "validate")

    assert account_of(client, owner)["state"] == "active"
    assert modification(client, owner).status_code == 201


def test_restoration_documents_and_reason(
    client: TestClient, owner: Operator, staff: SignedIn
) -> None:
    staff_decides(client, staff, cancellation(client, owner).json()["id"], "validate")

    nothing = client.post(
        "/api/v1/douane-account/operations/restoration", json={}, headers=owner.headers
    )
    old_modele_j = restoration(
        client,
        owner,
        general_assembly_minutes_upload_id=None,
        modele_j_upload_id=upload_id(client, owner),
        modele_j_date=days_ago(120),
    )
    image = restoration(
        client, owner, handwritten_request_upload_id=upload_id(client, owner, PNG, "d.png")
    )
    recent_modele_j = restoration(
        client,
        owner,
        general_assembly_minutes_upload_id=None,
        modele_j_upload_id=upload_id(client, owner),
        modele_j_date=days_ago(30),
    )

    assert fields_of(nothing) == {
        "handwritten_request_upload_id": "douane_field_required",
        "modele_j_upload_id": "douane_restoration_proof_required",
        "reason": "douane_field_required",
    }
    assert fields_of(old_modele_j) == {"modele_j_date": "douane_modele_j_too_old"}
    assert fields_of(image) == {"handwritten_request_upload_id": "douane_document_pdf_only"}
    assert recent_modele_j.status_code == 201, recent_modele_j.text
    assert (
        recent_modele_j.json()["modele_j_date"]
        == (utcnow().date() - timedelta(days=30)).isoformat()
    )


# ---------------------------------------------------------------- refusal and resubmission


def test_refused_then_corrected_then_validated(
    client: TestClient, owner: Operator, staff: SignedIn
) -> None:
    operation = cancellation(client, owner).json()

    refused = staff_decides(client, staff, operation["id"], "refuse", reason="Document incorrect")
    assert refused["status"] == "refused" and refused["refusal_reason"] == "Document incorrect"
    mine = client.get(f"/api/v1/douane-account/operations/{operation['id']}", headers=owner.headers)
    assert mine.json()["status_label"] == "Annulée"
    assert mine.json()["refusal_reason"] == "Document incorrect"
    assert "Document incorrect" in emails_to(client, owner.email)[-1].body
    assert any("Document incorrect" in t for t in system_texts(client, owner.session_id))

    again = client.post(
        f"/api/v1/douane-account/operations/{operation['id']}/resubmit",
        json={
            "reason": "liquidation_judiciaire",
            "judgement_upload_id": upload_id(client, owner),
            "comment": "Jugement joint",
        },
        headers=owner.headers,
    )
    assert again.status_code == 200, again.text
    body = again.json()
    assert (body["id"], body["status"], body["submissions"]) == (operation["id"], "pending", 2)
    assert body["refusal_reason"] is None and [d["kind"] for d in body["documents"]] == [
        "judgement"
    ]
    assert [
        row["id"] for row in client.get(STAFF_URL, headers=staff.headers).json()["operations"]
    ] == [operation["id"]]

    staff_decides(client, staff, operation["id"], "validate")
    assert account_of(client, owner)["state"] == "cancelled"
    subjects = [mail.subject for mail in emails_to(client, owner.email)]
    assert len(subjects) == 4  # submitted, refused, resubmitted, validated
    assert "Annulée" in subjects[1] and "Validé" in subjects[3]


def test_only_a_refused_request_is_resubmitted(
    client: TestClient, owner: Operator, staff: SignedIn
) -> None:
    operation = modification(client, owner).json()
    url = f"/api/v1/douane-account/operations/{operation['id']}/resubmit"

    pending = client.post(url, json={"raison_sociale": "Autre SARL"}, headers=owner.headers)
    staff_decides(client, staff, operation["id"], "refuse", reason="Modèle J illisible")
    wrong_kind = client.post(url, json={"reason": "radiation"}, headers=owner.headers)
    invalid = client.post(url, json={"raison_sociale": "Autre SARL"}, headers=owner.headers)

    assert pending.status_code == 409
    assert pending.json()["error"]["code"] == "douane_operation_not_refused"
    assert fields_of(wrong_kind) == {"reason": "douane_field_not_for_kind"}
    assert fields_of(invalid) == {
        "modele_j_upload_id": "douane_field_required",
        "modele_j_date": "douane_field_required",
    }


def test_a_decided_request_is_not_decided_again(
    client: TestClient, owner: Operator, staff: SignedIn
) -> None:
    operation = modification(client, owner).json()
    staff_decides(client, staff, operation["id"], "validate")

    again = client.post(
        f"{STAFF_URL}/{operation['id']}/refuse", json={"reason": "x"}, headers=staff.headers
    )
    blank = client.post(
        f"{STAFF_URL}/{operation['id']}/refuse", json={"reason": "  "}, headers=staff.headers
    )

    assert again.status_code == 409
    assert again.json()["error"]["code"] == "douane_operation_not_pending"
    assert blank.status_code == 422


# ---------------------------------------------------------------- staff and other users


def test_staff_see_the_queue_with_documents_and_download_them(
    client: TestClient, owner: Operator, staff: SignedIn
) -> None:
    operation = cancellation(client, owner).json()

    queue = client.get(STAFF_URL, headers=staff.headers).json()["operations"]
    [row] = queue
    document = row["documents"][0]
    download = client.get(
        f"{STAFF_URL}/{row['id']}/documents/{document['id']}", headers=staff.headers
    )
    unknown = client.get(f"{STAFF_URL}/{row['id']}/documents/nope", headers=staff.headers)

    assert row["id"] == operation["id"] and row["owner_email"] == owner.email
    assert row["account"]["ice"] == "001234567000089"
    assert document["label"].startswith("Copie du modèle J")
    assert download.status_code == 200 and download.content.startswith(b"%PDF-")
    assert unknown.status_code == 404
    assert client.get(STAFF_URL, params={"status": "validated"}, headers=staff.headers).json() == {
        "operations": []
    }


def test_another_operator_cannot_read_or_act_on_your_operations(
    client: TestClient, owner: Operator, staff: SignedIn
) -> None:
    operation = modification(client, owner).json()
    staff_decides(client, staff, operation["id"], "refuse", reason="Modèle J illisible")
    intruder = operator(client, "intruder")
    base = "/api/v1/douane-account/operations"

    read = client.get(f"{base}/{operation['id']}", headers=intruder.headers)
    unknown = client.get(f"{base}/{'0' * 32}", headers=intruder.headers)
    resubmit = client.post(f"{base}/{operation['id']}/resubmit", json={}, headers=intruder.headers)
    listed = client.get(base, headers=intruder.headers)

    assert read.status_code == 404 and read.json() == unknown.json()
    assert read.json()["error"]["code"] == "douane_operation_not_found"
    assert resubmit.status_code == 404 and resubmit.json() == unknown.json()
    assert listed.json() == {"operations": []}


def test_an_upload_of_someone_else_s_conversation_is_not_found(
    client: TestClient, owner: Operator
) -> None:
    intruder = operator(client, "intruder2")

    response = modification(client, owner, modele_j_upload_id=upload_id(client, intruder))

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "upload_not_found"


def test_operators_cannot_use_the_staff_routes(client: TestClient, owner: Operator) -> None:
    operation = modification(client, owner).json()

    response = client.post(f"{STAFF_URL}/{operation['id']}/validate", headers=owner.headers)

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden_role"


def test_a_refused_modification_is_not_resubmitted_while_a_cancellation_is_processed(
    client: TestClient, owner: Operator, staff: SignedIn
) -> None:
    operation = modification(client, owner).json()
    staff_decides(client, staff, operation["id"], "refuse", reason="Modèle J illisible")
    assert cancellation(client, owner).status_code == 201

    response = client.post(
        f"/api/v1/douane-account/operations/{operation['id']}/resubmit",
        json={
            "raison_sociale": "Atlas Essai Négoce SARL",
            "modele_j_upload_id": upload_id(client, owner),
            "modele_j_date": days_ago(5),
        },
        headers=owner.headers,
    )

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "douane_modification_cancellation_pending"


def test_a_pending_modification_is_not_applied_to_a_cancelled_account(
    client: TestClient, owner: Operator, staff: SignedIn
) -> None:
    """Submitted before the cancellation (allowed then), validated after it was accepted."""
    operation = modification(client, owner).json()
    staff_decides(client, staff, cancellation(client, owner).json()["id"], "validate")

    response = client.post(f"{STAFF_URL}/{operation['id']}/validate", headers=staff.headers)

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "douane_modification_account_cancelled"
    assert account_of(client, owner)["raison_sociale"] == "Atlas Essai Import SARL"
