"""api.claims.service on its own: references, the transitions table (every pair), the
notifications of a change, and the status told in the chat."""

from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.accounts.models import User
from api.claims import service
from api.claims.models import CLAIM_STATUSES, Claim, ClaimCreate
from api.conversations import service as conversations
from api.database import utcnow
from api.errors import ApiError
from api.notifications import service as notifications
from api.notifications.models import OutboxEmail
from tests.api.accounts_helpers import create_user


@pytest.fixture
def db(client: TestClient) -> Iterator[Session]:
    with client.app.state.session_factory() as session:
        yield session


def user(client: TestClient, db: Session, login: str, role: str = "operator") -> User:
    create_user(client, login, role=role, enrolled=False)
    found = db.scalar(select(User).where(User.login == login))
    assert found is not None
    return found


def new_claim(db: Session, owner: User, **changes: object) -> Claim:
    data = {
        "kind": "incident_technique",
        "portal": "pmpce",
        "service": "franchise_douaniere",
        "object": "Erreur à la création d'une DFD",
        "details": "Le bouton Ajouter renvoie une erreur.",
        **changes,
    }
    claim = service.create(db=db, owner=owner, data=ClaimCreate.model_validate(data))
    db.commit()
    return claim


def test_references_are_readable_random_and_forgiving_when_typed() -> None:
    made = {service.new_reference() for _ in range(200)}

    assert len(made) == 200
    assert all(service.normalize_reference(ref) == ref for ref in made)
    assert service.normalize_reference(" rec ab1o-cdil ") == "REC-AB10-CD11"
    assert service.normalize_reference("RECAB12CD34") == "REC-AB12-CD34"
    assert service.normalize_reference("REC-AB12-CD3U") is None  # U is not Crockford
    assert service.normalize_reference("REC-AB12") is None
    assert service.find_reference("où en est ma réclamation rec-7k2m-9qpz ?") == "REC-7K2M-9QPZ"
    assert service.find_reference("mes réclamations") is None
    # Words that read like a reference once their letters are confused: none is one.
    for words in (
        "la reclamation dyali",
        "reclamations",
        "chno w9e3 l reclamation",
        "rec lama tion",
    ):
        assert service.find_reference(words) is None, words
    assert service.find_reference("réclamation rec 7k2m 9qpz") == "REC-7K2M-9QPZ"
    assert service.find_reference("REC-ABCD-EFGH, où en est-elle ?") == "REC-ABCD-EFGH"


def test_every_status_pair_is_allowed_or_refused_as_the_table_says(
    client: TestClient, db: Session
) -> None:
    owner = user(client, db, "owner.t")
    agent = user(client, db, "agent.t", role="agent")
    actions = {
        "assigned": lambda c: service.assign(db=db, claim=c, agent=agent),
        "answered": lambda c: service.answer(db=db, claim=c, agent=agent, text="Réponse"),
        "closed": lambda c: service.close(db=db, claim=c, agent=agent, note="Fin"),
    }
    for start in CLAIM_STATUSES:
        for target, act in actions.items():
            claim = new_claim(db, owner)
            claim.status = start
            claim.assignee_user_id = None  # so assigning to the agent is a real change
            db.commit()
            if target in service.TRANSITIONS[start]:
                act(claim)
                db.commit()
                assert claim.status == target, (start, target)
            else:
                with pytest.raises(ApiError) as refused:
                    act(claim)
                db.rollback()
                assert refused.value.code == "claim_transition_not_allowed", (start, target)
                assert refused.value.status_code == 409
    # The table itself: forwards only, an answered claim may be taken back, closed is final.
    assert service.TRANSITIONS["new"] == {"assigned", "closed"}
    assert "answered" not in service.TRANSITIONS["new"]
    assert service.TRANSITIONS["closed"] == frozenset()


def test_a_change_is_told_by_e_mail_and_in_recent_open_conversations_only(
    client: TestClient, db: Session
) -> None:
    owner = user(client, db, "owner.n")
    agent = user(client, db, "agent.n", role="agent")
    recent = conversations.get_or_create(
        db=db, session_id="recent-one", portal="pmpce", lang="ar", user_id=owner.id
    )
    old = conversations.get_or_create(
        db=db, session_id="old-one", portal="pmpce", lang="fr", user_id=owner.id
    )
    db.flush()
    old.updated_at = utcnow() - timedelta(days=3)
    db.commit()
    claim = new_claim(db, owner, lang="ar")
    notifications.take_pending_ids(db)

    service.assign(db=db, claim=claim, agent=agent)
    ids = notifications.take_pending_ids(db)
    db.commit()

    assert len(ids) == 1
    email = db.get(OutboxEmail, ids[0])
    assert email is not None and email.to == "owner.n@example.ma"
    assert claim.reference in email.subject and "مُسندة" in email.subject  # owner's language
    assert email.next_attempt_at is not None  # the retry loop sends it if nobody else does
    told = [
        m for m in conversations.list_messages(db=db, conversation=recent) if m.sender == "system"
    ]
    assert len(told) == 1 and claim.reference in told[0].text and told[0].lang == "ar"
    assert [m for m in conversations.list_messages(db=db, conversation=old)] == []


def test_nothing_is_recorded_when_the_change_is_refused(client: TestClient, db: Session) -> None:
    owner = user(client, db, "owner.r")
    agent = user(client, db, "agent.r", role="agent")
    claim = new_claim(db, owner)
    notifications.take_pending_ids(db)

    with pytest.raises(ApiError):
        service.answer(db=db, claim=claim, agent=agent, text="Trop tôt")

    assert notifications.take_pending_ids(db) == []
    assert claim.status == "new" and len(claim.events) == 1


def test_status_text_tells_status_dates_and_the_last_answer(
    client: TestClient, db: Session
) -> None:
    owner = user(client, db, "owner.s")
    agent = user(client, db, "agent.s", role="agent")
    claim = new_claim(db, owner)
    waiting = service.status_text(claim=claim, lang="en")
    service.assign(db=db, claim=claim, agent=agent)
    service.answer(db=db, claim=claim, agent=agent, text="Corrigé, réessayez.")
    service.add_message(db=db, claim=claim, author=owner, text="Merci")
    db.commit()

    told = service.status_text(claim=claim, lang="fr")

    assert "New" in waiting and "No answer from an agent yet." in waiting
    assert claim.reference in told and "Répondue" in told
    assert utcnow().strftime("%d/%m/%Y") in told
    assert "« Corrigé, réessayez. »" in told  # the agent's, not the owner's later message


def test_visibility_owner_and_staff_only(client: TestClient, db: Session) -> None:
    owner = user(client, db, "owner.v")
    stranger = user(client, db, "stranger.v")
    staff = user(client, db, "staff.v", role="staff")
    claim = new_claim(db, owner)

    assert service.get_visible_or_raise(db=db, reference=claim.reference, user=owner) is claim
    assert service.get_visible_or_raise(db=db, reference=claim.reference, user=staff) is claim
    for who, fetch in (
        (stranger, service.get_visible_or_raise),
        (staff, service.get_owned_or_raise),
    ):
        with pytest.raises(ApiError) as hidden:
            fetch(db=db, reference=claim.reference, user=who)
        assert hidden.value.code == "claim_not_found" and hidden.value.status_code == 404


def test_waiting_time_stops_once_answered(client: TestClient, db: Session) -> None:
    owner = user(client, db, "owner.w")
    claim = new_claim(db, owner)
    claim.created_at = utcnow() - timedelta(minutes=10)

    assert 590 <= service.waiting_seconds(claim=claim) <= 660
    claim.status = "answered"
    assert service.waiting_seconds(claim=claim) == 0
