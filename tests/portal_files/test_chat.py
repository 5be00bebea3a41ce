"""The « où en est mon dossier ? » turn (api/portal_files/chat.py): what a message names,
and what the signed-in owner is told."""

from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.portal_files import chat, seed
from tests.portal_files.test_routes import INTERNAL, conversation, lookup, operator


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("quels titres sont échus ?", ["title"]),
        ("status of my import licence", ["title"]),
        ("ma facture est-elle payée ?", ["invoice"]),
        ("واش الفاتورة ديالي تخلصات؟", ["invoice"]),
        ("le manifeste du navire X est arrivé ?", ["manifest"]),
        ("mes DFD et mes factures", ["dfd", "invoice"]),
        ("un billet de train", []),
        ("our relationship with the bank", []),
    ],
)
def test_kinds_named(text: str, kinds: list[str]) -> None:
    assert chat.kinds_named(text) == kinds


def test_status_named_takes_the_longest_stem_of_the_named_kinds() -> None:
    assert chat.status_named("quels titres sont échus ?", ["title"]) == "expired"
    assert chat.status_named("mes factures impayées", ["invoice"]) == "pending_confirmation"
    assert chat.status_named("mes factures payées", ["invoice"]) == "paid"
    # « payée » names no status of a title.
    assert chat.status_named("mes titres payés", ["title"]) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Où en est ma DFD 20263000000123 ?", True),
        ("fin wslat la reclamation REC-8GKD-T0QS", True),
        ("quels titres sont échus ?", True),
        ("the manifest MAN-2026-00042?", True),
        ("Comment consulter mes factures ?", False),
        ("Combien de caractères pour le numéro ICE ?", False),
        ("Que fait la banque pour un titre ?", False),
    ],
)
def test_asks_for_files(text: str, expected: bool) -> None:
    assert chat.asks_for_files(text) is expected


def texts_of(turn: dict[str, Any]) -> str:
    return "\n".join(m["text"] for m in turn["messages"])


def buttons_of(turn: dict[str, Any]) -> list[str]:
    return [b["title"] for m in turn["messages"] for b in m["buttons"]]


def test_one_file_is_told_with_its_guide_section_as_source(client: TestClient) -> None:
    session_id = conversation(client, operator(client), "chat-one")
    turn = lookup(client, session_id, "Où en est ma DFD 2026 3000 0001 23 ?")
    assert turn["status"] == "done"
    (message,) = turn["messages"]
    assert "Nouveau" in message["text"] and "/portals/pmpce" in message["text"]
    assert (
        message["sources"][0]["section"] == "IV. Navigation dans le portail – C. Accès à un service"
    )


def test_a_kind_and_a_status_list_the_owner_s_matching_files(client: TestClient) -> None:
    session_id = conversation(client, operator(client), "chat-kind")
    expired = lookup(client, session_id, "quels titres sont échus ?")
    titles = lookup(client, session_id, "mes titres d'importation")
    unpaid = lookup(client, session_id, "quelles factures sont en attente de confirmation ?", "en")
    closed = lookup(client, session_id, "mes DFD clôturées", "fr")

    # One expired title of the demo operator: told at once.
    assert expired["status"] == "done" and "2026300000000000803" in texts_of(expired)
    assert "Échu" in texts_of(expired)
    # Its other company's title (…915) is never listed.
    assert titles["status"] == "choose"
    assert all("0915" not in title for title in buttons_of(titles))
    assert len(buttons_of(titles)) == 3
    # F-2026-000190 awaits confirmation too, but is the other company's.
    assert unpaid["status"] == "done" and "F-2026-000187" in texts_of(unpaid)
    assert "Awaiting confirmation" in texts_of(unpaid)
    assert closed["status"] == "done" and "20263000000124" in texts_of(closed)


def test_a_kind_without_files_of_that_status_says_so_and_offers_each_kind(
    client: TestClient,
) -> None:
    bank = operator(client, "bank.chat")
    with client.app.state.session_factory() as session:  # type: ignore[attr-defined]
        from api.accounts import service as accounts

        user = accounts.get_by_login(db=session, realm="portnet", login="bank.chat")
        assert user is not None
        user.role, user.administration, user.organisation, user.ice = (
            "administration",
            "banques",
            seed.DEMO_BANK,
            None,
        )
        session.commit()
    session_id = conversation(client, bank, "chat-bank")
    expired = lookup(client, session_id, "quels titres sont échus ?")
    turn = lookup(client, session_id, "quels titres sont nouveaux ?")
    # The demo bank's expired title is the demo operator's; the only new title is
    # domiciliated with another bank.
    assert expired["status"] == "done" and "2026300000000000803" in texts_of(expired)
    assert turn["status"] == "none"
    assert "Nouveau" in texts_of(turn)
    # A bank sees only titles (and its claims).
    assert buttons_of(turn) == ["Mes titres d'importation", "Mes réclamations"]


def test_a_kind_button_lists_that_kind_whatever_the_text(client: TestClient) -> None:
    session_id = conversation(client, operator(client), "chat-button")
    response = client.get(
        "/api/v1/internal/files/lookup",
        params={
            "session_id": session_id,
            "text": '/ask_my_files{"file_kind": "manifest"}',
            "lang": "ar",
            "kind": "manifest",
        },
        headers=INTERNAL,
    )
    assert response.status_code == 200
    turn = response.json()
    assert turn["status"] == "choose"
    assert all(title.startswith("بيان الحمولة MAN-") for title in buttons_of(turn))


def test_no_reference_gives_the_latest_files_and_claims_go_to_the_claims_turn(
    client: TestClient,
) -> None:
    session_id = conversation(client, operator(client), "chat-latest")
    latest = lookup(client, session_id, "où en est mon dossier ?", "en")
    claims = lookup(client, session_id, "où en est ma réclamation ?")
    unknown_claim = lookup(client, session_id, "et la réclamation REC-AAAA-BBBB ?")

    assert latest["status"] == "choose"
    assert len(buttons_of(latest)) == chat.MAX_CHOICES
    # Newest first: the manifest announced on 29/11 before the DFD of 18/11.
    titles = buttons_of(latest)
    assert titles[0].startswith("Manifest MAN-2026-00042")
    assert claims["status"] == "none" and "aucune réclamation" in texts_of(claims)
    assert unknown_claim["status"] == "none" and "REC-AAAA-BBBB" in texts_of(unknown_claim)


def test_an_unknown_reference_says_so_and_offers_the_search_by_kind(client: TestClient) -> None:
    session_id = conversation(client, operator(client), "chat-unknown")
    turn = lookup(client, session_id, "ma DFD 20269999999999 ?")
    assert turn["status"] == "none" and "20269999999999" in texts_of(turn)
    payloads = [b["payload"] for m in turn["messages"] for b in m["buttons"]]
    assert payloads[0] == '/ask_my_files{"file_kind": "dfd"}'
    assert payloads[-1] == '/ask_my_files{"file_kind": "claim"}'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("status of my import licence", True),
        ("quel est le statut de ma facture ?", True),
        ("fin wslat la DFD dyali", True),
        ("Comment voir le statut de ma DFD ?", False),
        ("Que signifie l'état Échu de mon titre ?", False),
        ("quel est le statut d'une facture ?", False),  # no file of the user's
    ],
)
def test_asks_own_status(text: str, expected: bool) -> None:
    assert chat.asks_own_status(text) is expected
