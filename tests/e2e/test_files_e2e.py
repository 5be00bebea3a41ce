"""« Où en est mon dossier ? » through the real Rasa, action server, API and database: the
demo operator asks for each kind of portal file in French, then in Arabic and Darija; an
anonymous user is asked to sign in; a list's buttons and the kind buttons lead to the
files; another organisation's file is told like an unknown one."""

import httpx
import pytest

from tests.e2e.conftest import RunningTijaria
from tests.e2e.test_claims_e2e import Chat, operator_token, sign_in, text_of, titles  # noqa: F401

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            "Où en est ma DFD 20263000000123 ?",
            ["20263000000123", "Nouveau", "Gestion des demandes"],
        ),
        ("ma facture F-2026-000123 est-elle payée ?", ["F-2026-000123", "Paiement effectué"]),
        ("quels titres sont échus ?", ["2026300000000000803", "Échu"]),
        ("où en est ma demande MIC 2026400000000000388 ?", ["Décision rendue"]),
        ("le manifeste du navire Atlas Demo est arrivé ?", ["MAN-2026-00042", "Annoncé"]),
    ],
)
def test_each_kind_of_file_in_french(
    tijaria: RunningTijaria, operator_token: str, question: str, expected: list[str]
) -> None:
    answer = Chat(tijaria, operator_token, "fr").say(question)
    told = text_of(answer)
    for word in expected:
        assert word in told, (question, told)
    # The status's meaning comes from a guide section, cited like an answer.
    assert any(m.get("sources") for m in answer), answer


def test_arabic_english_and_darija(tijaria: RunningTijaria, operator_token: str) -> None:
    arabic = text_of(
        Chat(tijaria, operator_token, "ar").say("ما هي حالة طلب الإعفاء 20263000000124؟")
    )
    english = Chat(tijaria, operator_token, "en").say("status of my import licence")
    darija = Chat(tijaria, operator_token, "fr").say("wach lfatura dyali F-2026-000187 tkhlsat?")

    assert "مغلق" in arabic and "20263000000124" in arabic, arabic
    # Three import titles of the operator: a choice, in English.
    assert "My import titles: 3" in text_of(english), text_of(english)
    assert sum(title.startswith("Import title ") for title in titles(english)) == 3, english
    assert "En attente de confirmation" in text_of(darija), text_of(darija)


def test_anonymous_user_is_asked_to_sign_in_then_answered(
    tijaria: RunningTijaria, operator_token: str
) -> None:
    asked = httpx.post(
        f"{tijaria.api_url}/api/v1/chat",
        json={"session_id": "e2e-files-anon", "message": "Où en est ma DFD 20263000000123 ?"},
        timeout=60,
    ).json()["messages"]
    assert "Se connecter" in titles(asked), text_of(asked)
    assert "Nouveau" not in text_of(asked)


def test_several_files_come_as_buttons_that_lead_to_each(
    tijaria: RunningTijaria, operator_token: str
) -> None:
    chat = Chat(tijaria, operator_token, "fr")
    listed = chat.say("mes factures")
    choices = [b for m in listed for b in m.get("buttons", [])]
    assert [c["title"] for c in choices][:2] == [
        "Facture PORTNET F-2026-000187 – En attente de confirmation",
        "Facture PORTNET F-2026-000123 – Paiement effectué",
    ], text_of(listed)
    told = text_of(chat.say(choices[0]["payload"]))
    assert "F-2026-000187" in told and "Échéance de règlement" in told, told

    unknown = chat.say("et la DFD 20263000000311 ?")  # the other company's DFD
    assert "Aucun" in text_of(unknown) or "aucun" in text_of(unknown), text_of(unknown)
    kinds = {b["title"]: b["payload"] for m in unknown for b in m.get("buttons", [])}
    assert "Mes manifestes" in kinds, kinds
    manifests = chat.say(kinds["Mes manifestes"])
    assert all(t.startswith("Manifeste MAN-") for t in titles(manifests)), text_of(manifests)
    assert len(titles(manifests)) == 2


def test_a_guide_question_about_files_is_still_answered_from_the_guides(
    tijaria: RunningTijaria, operator_token: str
) -> None:
    answer = Chat(tijaria, operator_token, "fr").say("Comment consulter mes factures ?")
    assert any(m.get("sources") for m in answer), text_of(answer)
    assert "F-2026" not in text_of(answer)
