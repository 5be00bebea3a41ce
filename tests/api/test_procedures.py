"""The procedures routes: the signed-in user's drafts (public API) and the internal
routes the Rasa form relays the chat through, on the toy procedure of the engine tests."""

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.accounts_helpers import SignedIn, sign_in
from tests.pdf_samples import make_pdf
from tests.procedures import toy

INTERNAL = {"X-Internal-Token": "internal-test-token"}


def chat(client: TestClient, session_id: str, who: SignedIn | None = None) -> None:
    response = client.post(
        "/api/v1/chat",
        json={"session_id": session_id, "message": "bonjour"},
        headers=who.headers if who else {},
    )
    assert response.status_code == 200, response.text


def start(client: TestClient, who: SignedIn, **body: Any) -> dict[str, Any]:
    response = client.post(
        "/api/v1/procedures", json={"kind": toy.KIND, **body}, headers=who.headers
    )
    assert response.status_code == 200, response.text
    return response.json()


def answer(client: TestClient, who: SignedIn, draft_id: str, **body: Any) -> dict[str, Any]:
    response = client.post(
        f"/api/v1/procedures/drafts/{draft_id}/answers", json=body, headers=who.headers
    )
    assert response.status_code == 200, response.text
    return response.json()


def internal(client: TestClient, path: str, body: dict[str, Any]) -> dict[str, Any]:
    response = client.post(f"/api/v1/internal/procedures/{path}", json=body, headers=INTERNAL)
    assert response.status_code == 200, response.text
    return response.json()


def prompt(client: TestClient, session_id: str) -> dict[str, Any]:
    response = client.get(
        "/api/v1/internal/procedures/prompt", params={"session_id": session_id}, headers=INTERNAL
    )
    assert response.status_code == 200, response.text
    return response.json()


@pytest.fixture(autouse=True)
def _fresh_submissions() -> None:
    toy.SUBMITTED.calls.clear()


@pytest.fixture
def alice(client: TestClient) -> SignedIn:
    return sign_in(client, "alice")


# ---------------------------------------------------------------- public API


def test_a_procedure_through_the_public_api(client: TestClient, alice: SignedIn) -> None:
    turn = start(client, alice, lang="en")
    assert turn["status"] == "asking"
    draft_id = turn["draft_id"]
    assert turn["messages"][-1]["buttons"][0]["title"] == "Complaint"

    assert answer(client, alice, draft_id, value="information request")["status"] == "asking"
    answer(client, alice, draft_id, value="Import title")
    refused = answer(client, alice, draft_id, value="nope")
    assert refused["status"] == "refused"
    assert refused["messages"][0] == {
        "text": '"E-mail": an e-mail address such as name@example.ma.',
        "buttons": [],
        "form": None,
        "kind": "refusal",
    }
    answer(client, alice, draft_id, value="a@b.ma")
    answer(client, alice, draft_id, field="phone", value="0612345678")
    answer(client, alice, draft_id, value="skip")
    # A whole step: the optional files left out of it mean none.
    turn = answer(client, alice, draft_id, values={"object": "Hello", "count": 2})
    assert turn["messages"][-1]["kind"] == "summary"

    back = client.post(f"/api/v1/procedures/drafts/{draft_id}/back", headers=alice.headers)
    assert back.status_code == 200 and "Any files?" in back.json()["messages"][-1]["text"]
    answer(client, alice, draft_id, value="skip")
    done = client.post(f"/api/v1/procedures/drafts/{draft_id}/confirm", headers=alice.headers)
    assert done.status_code == 200
    assert done.json()["status"] == "done" and done.json()["reference"] == "TOY-0001"

    read = client.get(f"/api/v1/procedures/drafts/{draft_id}", headers=alice.headers).json()
    assert read["status"] == "submitted" and read["reference"] == "TOY-0001"
    assert read["data"]["email"] == "a@b.ma"
    again = client.post(
        f"/api/v1/procedures/drafts/{draft_id}/answers", json={"value": "x"}, headers=alice.headers
    )
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "procedure_closed"


def test_listing_and_cancelling_drafts(client: TestClient, alice: SignedIn) -> None:
    draft_id = start(client, alice)["draft_id"]
    assert start(client, alice)["draft_id"] == draft_id  # resumed, not a second one

    listed = client.get("/api/v1/procedures/drafts", headers=alice.headers).json()
    assert [d["id"] for d in listed["drafts"]] == [draft_id]
    cancelled = client.post(f"/api/v1/procedures/drafts/{draft_id}/cancel", headers=alice.headers)
    assert cancelled.json()["status"] == "cancelled"
    open_ones = client.get(
        "/api/v1/procedures/drafts", params={"status": "draft"}, headers=alice.headers
    ).json()
    assert open_ones["drafts"] == []


def test_an_answer_to_a_field_of_another_step_is_refused(
    client: TestClient, alice: SignedIn
) -> None:
    draft_id = start(client, alice)["draft_id"]

    response = client.post(
        f"/api/v1/procedures/drafts/{draft_id}/answers",
        json={"field": "email", "value": "a@b.ma"},
        headers=alice.headers,
    )

    assert response.status_code == 422
    assert response.json()["error"]["code"] == "procedure_field_not_current"


def test_an_unknown_kind_is_not_found(client: TestClient, alice: SignedIn) -> None:
    response = client.post("/api/v1/procedures", json={"kind": "nope"}, headers=alice.headers)

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "procedure_not_found"


def test_the_session_of_the_files_must_be_the_callers(client: TestClient, alice: SignedIn) -> None:
    bob = sign_in(client, "bob")
    chat(client, "session-of-bob", bob)

    response = client.post(
        "/api/v1/procedures",
        json={"kind": toy.KIND, "session_id": "session-of-bob"},
        headers=alice.headers,
    )

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "conversation_not_found"


# ---------------------------------------------------------------- internal, for Rasa


def test_the_chat_path_with_a_form_card_and_an_uploaded_file(
    client: TestClient, alice: SignedIn
) -> None:
    chat(client, "alice-chat", alice)
    turn = internal(
        client, "start", {"session_id": "alice-chat", "intent": "file_toy", "text": "jouet"}
    )
    assert turn["status"] == "asking"
    assert prompt(client, "alice-chat")["messages"][0]["text"].endswith("Quel type de demande ?")
    for text in ("Demande d'information", "titre", "a@b.ma", "passer", "passer"):
        assert internal(client, "answer", {"session_id": "alice-chat", "text": text})["status"] == (
            "asking"
        )
    card = prompt(client, "alice-chat")["messages"][0]["form"]
    upload = client.post(
        "/api/v1/uploads",
        data={"session_id": "alice-chat"},
        files={"file": ("doc.pdf", make_pdf(), "application/pdf")},
        headers=alice.headers,
    )
    assert upload.status_code == 201, upload.text

    turn = internal(
        client,
        "answer",
        {
            "session_id": "alice-chat",
            "text": "Objet : Bonjour · Nombre : 2",
            "form": {"id": card["id"], "values": {"object": "Bonjour", "count": "2"}},
            "attachments": [upload.json()["id"]],
        },
    )

    assert turn["status"] == "asking" and turn["messages"][0]["kind"] == "summary"
    assert "1 fichier(s)" in turn["messages"][0]["text"]
    turn = internal(client, "answer", {"session_id": "alice-chat", "text": "Confirmer"})
    assert turn["status"] == "done" and turn["reference"] == "TOY-0001"
    assert toy.SUBMITTED.calls[0]["data"]["files"] == [upload.json()["id"]]


def test_digression_and_commands_through_the_chat(client: TestClient, alice: SignedIn) -> None:
    # An agent is available: « un agent » gets the handoff offer and ends the form (with
    # nobody there, the contact form would go on in it instead: tests/handoff).
    agent = sign_in(client, "agent.on.duty", role="agent")
    client.put("/api/v1/agent/presence", json={"status": "available"}, headers=agent.headers)
    chat(client, "alice-chat", alice)
    internal(client, "start", {"session_id": "alice-chat", "intent": "file_toy"})

    turn = internal(
        client,
        "answer",
        {
            "session_id": "alice-chat",
            "text": "c'est quoi BADR",
            "intent": "ask_question",
            "confidence": 0.8,
        },
    )
    assert turn["status"] == "digression"
    turn = internal(
        client,
        "answer",
        {
            "session_id": "alice-chat",
            "text": "bghit nhder m3a chi wahed",
            "intent": "ask_human",
            "confidence": 0.9,
        },
    )
    assert turn["status"] == "human"
    assert turn["messages"][-1]["buttons"][0]["payload"].startswith("/handoff_confirm")
    assert (
        internal(client, "answer", {"session_id": "alice-chat", "text": "annuler"})["status"]
        == "cancelled"
    )
    assert prompt(client, "alice-chat")["status"] == "none"


def test_resume_from_another_conversation_of_the_same_user(
    client: TestClient, alice: SignedIn
) -> None:
    chat(client, "alice-monday", alice)
    first = internal(client, "start", {"session_id": "alice-monday", "intent": "file_toy"})
    internal(client, "answer", {"session_id": "alice-monday", "text": "Réclamation"})
    chat(client, "alice-tuesday", alice)

    turn = internal(
        client,
        "start",
        {
            "session_id": "alice-tuesday",
            "intent": "resume_procedure",
            "text": "reprendre ma demande jouet",
        },
    )

    assert turn["draft_id"] == first["draft_id"]
    assert "Quel service ?" in turn["messages"][-1]["text"]
    read = client.get(
        f"/api/v1/procedures/drafts/{first['draft_id']}", headers=alice.headers
    ).json()
    assert read["session_id"] == "alice-tuesday"


def test_nothing_to_resume(client: TestClient, alice: SignedIn) -> None:
    chat(client, "alice-chat", alice)

    turn = internal(
        client, "start", {"session_id": "alice-chat", "intent": "resume_procedure", "text": "x"}
    )

    assert turn["status"] == "none"
    assert turn["messages"][0]["text"] == "Vous n'avez aucune démarche en cours à reprendre."


@pytest.mark.parametrize("signed_out", [False, True])
def test_an_anonymous_conversation_must_sign_in_first(
    client: TestClient, alice: SignedIn, signed_out: bool
) -> None:
    if signed_out:
        chat(client, "the-chat", alice)
        client.post("/api/v1/auth/logout", headers=alice.headers)
    else:
        chat(client, "the-chat")

    for turn in (
        internal(client, "start", {"session_id": "the-chat", "intent": "file_toy"}),
        internal(client, "answer", {"session_id": "the-chat", "text": "Réclamation"}),
        prompt(client, "the-chat"),
    ):
        assert turn["status"] == "login_required"
        assert turn["messages"][0]["buttons"] == [
            {"title": "Se connecter", "payload": "/request_login"}
        ]


@pytest.mark.parametrize(
    "question",
    ["Comment déposer une réclamation ?", "How can I file a complaint?", "كيف أقدم شكاية؟"],
)
def test_asking_how_to_is_answered_from_the_guides_not_started(
    client: TestClient, alice: SignedIn, question: str
) -> None:
    chat(client, "alice-chat", alice)

    turn = internal(
        client, "start", {"session_id": "alice-chat", "intent": "file_toy", "text": question}
    )

    assert turn["status"] == "digression" and turn["draft_id"] is None
    asked = internal(
        client,
        "start",
        {"session_id": "alice-chat", "intent": "file_toy", "text": "je veux déposer un jouet"},
    )
    assert asked["status"] == "asking"


@pytest.mark.parametrize(
    "text",
    ["je veux faire une demande d'information", "bghit nakhod rendez-vous", "I want a refund"],
)
def test_a_request_that_does_not_name_the_procedure_is_answered_from_the_guides(
    client: TestClient, alice: SignedIn, text: str
) -> None:
    """The NLU's file_toy on a message without a word for toys is its mistake."""
    chat(client, "alice-chat", alice)

    turn = internal(
        client, "start", {"session_id": "alice-chat", "intent": "file_toy", "text": text}
    )

    assert turn["status"] == "digression" and turn["draft_id"] is None
    for named in ("je veux rendre mon jouet", "أريد إرجاع لعبة", "/file_toy"):
        started = internal(
            client, "start", {"session_id": "alice-chat", "intent": "file_toy", "text": named}
        )
        assert started["status"] == "asking", named


def test_the_chat_answers_the_conversations_owner_only(client: TestClient, alice: SignedIn) -> None:
    """Whoever the caller names, the draft answered is the signed-in owner's."""
    chat(client, "alice-chat", alice)
    internal(client, "start", {"session_id": "alice-chat", "intent": "file_toy"})
    bob = sign_in(client, "bob")
    chat(client, "bob-chat", bob)

    assert prompt(client, "bob-chat")["status"] == "none"
    internal(client, "answer", {"session_id": "bob-chat", "text": "Réclamation"})
    drafts = client.get("/api/v1/procedures/drafts", headers=alice.headers).json()["drafts"]
    assert drafts[0]["data"] == {}
