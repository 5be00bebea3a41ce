"""The claim procedure as declared for the engine (api/claims/procedure.py), registered by
api/procedures/catalog.py, and its submission."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.accounts.models import User
from api.claims import catalog, service
from api.claims.procedure import upload_ids
from api.procedures import catalog as procedures_catalog
from api.procedures import definitions
from api.procedures.definitions import Context, Refusal
from tests.claims.conftest import PNG, Person, upload_id


@pytest.fixture
def db(client: TestClient) -> Iterator[Session]:
    with client.app.state.session_factory() as session:
        yield session


def test_the_catalog_registers_the_claim_procedure() -> None:
    claim = definitions.get("claim")

    assert claim is not None and claim in procedures_catalog.PROCEDURES
    assert definitions.for_intent("file_claim") is claim
    assert claim.requires_login
    assert {"réclamation", "reclamation", "شكاية", "complaint", "chikaya"} <= set(claim.names)
    assert [step.name for step in claim.steps] == ["type", "service", "details"]
    assert [f.name for f in claim.steps[2].fields] == ["object", "details", "attachments"]
    assert claim.steps[2].as_card and not claim.steps[0].as_card


def test_the_fields_follow_the_portals_form() -> None:
    claim = definitions.get("claim")
    assert claim is not None
    kind, service_field = claim.steps[0].fields[0], claim.steps[1].fields[0]
    object_, details, files = claim.steps[2].fields

    assert kind.type == "select" and kind.choices == catalog.KINDS
    assert service_field.allow_free_text and callable(service_field.choices)
    douane = service_field.choices(Context(portal="douane", lang="fr", data={}))
    assert [c.value for c in douane] == [c.value for c in catalog.services_for("douane")]
    assert object_.max_length == 200 and details.max_length == 4000
    assert files.type == "file" and not files.required
    assert set(files.accept) == {"application/pdf", "image/png", "image/jpeg"}
    assert files.max_files == 5 and files.max_file_bytes == 3 * 1024 * 1024
    for field in (kind, service_field, object_, details, files):
        assert set(field.question) == {"fr", "ar", "en"}, field.name
    with pytest.raises(Refusal) as blank:
        object_.validators[0]("   ", Context(portal="douane", lang="fr", data={}))
    assert blank.value.code == "claim_field_empty"


def test_confirming_files_the_claim_for_the_conversations_user(
    client: TestClient, owner: Person, db: Session
) -> None:
    claim_procedure = definitions.get("claim")
    assert claim_procedure is not None
    picture = upload_id(client, owner, PNG, "ecran.png")
    owner_row = db.scalar(select(User).where(User.login == "owner.one"))
    assert owner_row is not None
    context = Context(
        portal="douane",
        lang="ar",
        user_id=owner_row.id,
        session_id=owner.session_id,
        data={
            "kind": "demande_information",
            "service": "programmation",
            "object": "Horaires de programmation",
            "details": "Quels sont les créneaux de programmation ?",
            "attachments": [{"id": picture, "filename": "ecran.png"}],
        },
    )

    submission = claim_procedure.submit(db, context)
    db.commit()

    claim = service.get(db=db, reference=submission.reference)
    assert claim is not None and claim.owner_user_id == owner_row.id
    assert (claim.kind, claim.service, claim.portal, claim.lang) == (
        "demande_information",
        "programmation",
        "douane",
        "ar",
    )
    assert claim.session_id == owner.session_id
    assert [a.content_type for a in claim.attachments] == ["image/png"]
    assert submission.reference in submission.texts["ar"].format(reference=submission.reference)
    assert set(submission.texts) == {"fr", "ar", "en"}


def test_upload_ids_reads_what_a_file_field_holds() -> None:
    assert upload_ids(None) == []
    assert upload_ids("abc") == ["abc"]
    assert upload_ids(["a", {"id": "b"}, {"filename": "no id"}]) == ["a", "b"]
