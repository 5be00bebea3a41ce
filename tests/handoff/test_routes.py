"""The handoff through the API (TestClient, Rasa played by a stand-in): the offer and its
confirmation in the chat, the agents' routes of the contract, the user's two routes, the
contact form when nobody is there, the agents' WebSocket, and refusals in the user's
language."""

from typing import Any

from fastapi.testclient import TestClient

from tests.api.conftest import ScriptedRasa
from tests.handoff.conftest import (
    SOURCE,
    Person,
    available,
    chat,
    chat_turns,
    person,
    queue,
    tracker_events,
)

INTERNAL = {"X-Internal-Token": "internal-test-token"}


def offer(client: TestClient, session_id: str, reason: str = "asked") -> dict[str, Any]:
    response = client.post(
        "/api/v1/internal/handoff/offer",
        json={"session_id": session_id, "reason": reason},
        headers=INTERNAL,
    )
    assert response.status_code == 200, response.text
    return dict(response.json())


def handoffs(client: TestClient, agent: Person, **params: str) -> list[dict[str, Any]]:
    response = client.get("/api/v1/agent/handoffs", params=params, headers=agent.headers)
    assert response.status_code == 200, response.text
    return list(response.json()["items"])


def test_the_whole_handoff_user_agent_and_back_to_the_bot(
    client: TestClient, rasa: ScriptedRasa, samira: Person, karim: Person
) -> None:
    available(client, samira)
    chat(client, "u-1", "J'ai oublié mon mot de passe")

    offered = offer(client, "u-1")
    assert offered["status"] == "human"
    [message] = offered["messages"]
    assert "n° 1" in message["text"] and "Voulez-vous attendre un agent" in message["text"]
    confirm = message["buttons"][0]["payload"]

    queued = chat(client, "u-1", confirm)
    assert queued["handoff"] == {"state": "queued", "position": 1}
    assert queued["messages"][0]["text"].startswith("Vous êtes n° 1 dans la file")
    assert queued["messages"][0]["sender"] == "system"
    assert tracker_events(rasa) == ["pause"]
    assert confirm not in chat_turns(rasa)  # the core's button, never Rasa's

    waiting = chat(client, "u-1", "Vous êtes là ?")
    assert (waiting["messages"], waiting["handoff"]["state"]) == ([], "queued")
    assert "Vous êtes là ?" not in chat_turns(rasa)

    [item] = handoffs(client, samira)
    assert (item["state"], item["position"], item["reason"], item["portal"]) == (
        "queued",
        1,
        "asked",
        "pmpce",
    )
    assert item["summary"]["questions"] == ["J'ai oublié mon mot de passe"]
    assert item["summary"]["articles"] == [{"title": SOURCE["title"], "url": SOURCE["url"]}]
    detail = client.get(f"/api/v1/agent/handoffs/{item['id']}", headers=samira.headers).json()
    assert [m["text"] for m in detail["transcript"]][-1] == "Vous êtes là ?"

    accepted = client.post(f"/api/v1/agent/handoffs/{item['id']}/accept", headers=samira.headers)
    assert accepted.status_code == 200, accepted.text
    assert (accepted.json()["state"], accepted.json()["agent_name"]) == ("active", "Name of samira")
    late = client.post(f"/api/v1/agent/handoffs/{item['id']}/accept", headers=karim.headers)
    assert late.status_code == 409
    assert late.json()["error"]["code"] == "handoff_taken"
    assert late.json()["detail"] == "Un autre agent a déjà pris cette conversation."

    reply = client.post(
        f"/api/v1/agent/handoffs/{item['id']}/messages",
        json={"text": "Bonjour, je regarde votre compte."},
        headers=samira.headers,
    )
    assert reply.status_code == 201, reply.text
    assert (reply.json()["sender"], reply.json()["agent"]) == ("agent", {"name": "Name of samira"})

    with_agent = chat(client, "u-1", "Merci")
    assert with_agent["handoff"] == {"state": "active", "agent": {"name": "Name of samira"}}
    transcript = client.get("/api/v1/conversations/u-1/messages").json()["messages"]
    assert [m["text"] for m in transcript if m["sender"] in ("agent", "system")][-2:] == [
        "Name of samira a rejoint la conversation.",
        "Bonjour, je regarde votre compte.",
    ]

    back = client.post(f"/api/v1/agent/handoffs/{item['id']}/hand-back", headers=samira.headers)
    assert (back.status_code, back.json()["state"]) == (200, "closed")
    assert tracker_events(rasa) == ["pause", "resume"]
    answered = chat(client, "u-1", "bonjour")
    assert answered["handoff"] == {"state": "none"}
    assert [m["text"] for m in answered["messages"]] == ["Bonjour !"]
    assert chat_turns(rasa)[-1] == "bonjour"


def test_declining_the_offer_keeps_the_bot(client: TestClient, samira: Person) -> None:
    available(client, samira)
    chat(client, "u-decline", "bonjour")

    declined = chat(client, "u-decline", "/handoff_decline")

    assert declined["handoff"] == {"state": "none"}
    assert declined["messages"][0]["text"].startswith("Très bien")
    assert handoffs(client, samira) == []


def test_the_user_leaves_the_queue_by_button_or_route(
    client: TestClient, rasa: ScriptedRasa, samira: Person
) -> None:
    available(client, samira)
    queued = queue(client, "u-leave")
    leave_button = queued["messages"][0]["buttons"][0]["payload"]

    left = chat(client, "u-leave", leave_button)
    assert left["handoff"] == {"state": "none"}
    assert "quitté la file" in left["messages"][0]["text"]

    queue(client, "u-leave")
    response = client.post("/api/v1/conversations/u-leave/handoff/leave")
    assert (response.status_code, response.json()["resolution"]) == (200, "left")
    assert tracker_events(rasa) == ["pause", "resume", "pause", "resume"]
    again = client.post(
        "/api/v1/conversations/u-leave/handoff/leave", headers={"Accept-Language": "en"}
    )
    assert again.status_code == 409
    assert again.json()["error"] == {
        "code": "handoff_none_open",
        "message": "You are not waiting for an agent.",
    }


def test_typing_both_ways(client: TestClient, samira: Person) -> None:
    available(client, samira)
    queue(client, "u-typing")
    [item] = handoffs(client, samira)
    assert not item["user_typing"]

    assert client.post("/api/v1/conversations/u-typing/typing").status_code == 204
    assert handoffs(client, samira)[0]["user_typing"]

    typing = f"/api/v1/agent/handoffs/{item['id']}/typing"
    assert client.post(typing, headers=samira.headers).status_code == 409  # not accepted yet
    client.post(f"/api/v1/agent/handoffs/{item['id']}/accept", headers=samira.headers)
    assert client.post(typing, headers=samira.headers).status_code == 204


def test_transfer_close_and_the_lists(client: TestClient, samira: Person, karim: Person) -> None:
    available(client, samira)
    queue(client, "u-transfer")
    [item] = handoffs(client, samira)
    client.post(f"/api/v1/agent/handoffs/{item['id']}/accept", headers=samira.headers)

    agents = client.get("/api/v1/agent/agents", headers=samira.headers).json()
    assert [(a["display_name"], a["status"]) for a in agents] == [("Name of samira", "available")]
    moved = client.post(
        f"/api/v1/agent/handoffs/{item['id']}/transfer",
        json={"agent_id": karim.user_id},
        headers=samira.headers,
    )
    assert (moved.status_code, moved.json()["agent_name"]) == (200, "Name of karim")

    closed = client.post(
        f"/api/v1/agent/handoffs/{item['id']}/close",
        json={"resolution": "Mot de passe réinitialisé."},
        headers=karim.headers,
    )
    assert closed.status_code == 200, closed.text
    assert (closed.json()["state"], closed.json()["resolution"]) == (
        "closed",
        "Mot de passe réinitialisé.",
    )
    assert handoffs(client, samira) == []
    assert [h["id"] for h in handoffs(client, samira, state="closed")] == [item["id"]]
    assert handoffs(client, samira, state="closed", portal="douane") == []


def test_nobody_available_gives_the_phone_and_the_contact_form_that_makes_a_ticket(
    client: TestClient, samira: Person
) -> None:
    chat(client, "u-contact", "bonjour")

    offered = offer(client, "u-contact")

    assert offered["status"] == "asking"
    nobody, _intro, question = offered["messages"]
    assert "+212 520 47 31 00" in nobody["text"]
    card = question["form"]
    assert [f["name"] for f in card["fields"]] == ["full_name", "email", "request"]
    answer = client.post(
        "/api/v1/internal/procedures/answer",
        json={
            "session_id": "u-contact",
            "text": "",
            "form": {
                "id": card["id"],
                "values": {
                    "full_name": "Amina Alaoui",
                    "email": "pas-un-email",
                    "request": "Ma DUM est bloquée.",
                },
            },
        },
        headers=INTERNAL,
    ).json()
    assert answer["status"] == "refused"
    answer = client.post(
        "/api/v1/internal/procedures/answer",
        json={"session_id": "u-contact", "text": "amina@example.ma"},
        headers=INTERNAL,
    ).json()
    assert answer["status"] == "asking"  # the summary, to confirm
    done = client.post(
        "/api/v1/internal/procedures/answer",
        json={"session_id": "u-contact", "text": "Confirmer"},
        headers=INTERNAL,
    ).json()
    assert done["status"] == "done", done
    assert done["reference"].startswith("CT-")
    assert "+212 520 47 31 00" in done["messages"][0]["text"]

    tickets = client.get("/api/v1/agent/tickets", headers=samira.headers).json()["items"]
    assert [(t["reference"], t["email"], t["session_id"]) for t in tickets] == [
        (done["reference"], "amina@example.ma", "u-contact")
    ]


def test_a_procedure_step_refused_twice_offers_an_agent(client: TestClient) -> None:
    from tests.claims.conftest import person as claims_person

    who = claims_person(client, "refused.twice")
    start = client.post(
        "/api/v1/internal/procedures/start",
        json={"session_id": who.session_id, "intent": "file_claim"},
        headers=INTERNAL,
    ).json()
    assert start["status"] == "asking"

    def refuse() -> dict[str, Any]:
        return dict(
            client.post(
                "/api/v1/internal/procedures/answer",
                json={"session_id": who.session_id, "text": "zzzz qqqq"},
                headers=INTERNAL,
            ).json()
        )

    once, twice = refuse(), refuse()

    assert once["status"] == twice["status"] == "refused"
    assert not any(b["payload"] == "/ask_human" for m in once["messages"] for b in m["buttons"])
    assert twice["messages"][-1]["buttons"] == [
        {"title": "Parler à un agent", "payload": "/ask_human"}
    ]
    human = client.post(
        "/api/v1/internal/procedures/answer",
        json={
            "session_id": who.session_id,
            "text": "/ask_human",
            "intent": "ask_human",
            "confidence": 1.0,
        },
        headers=INTERNAL,
    ).json()
    # Nobody is available here: the contact form goes on in the procedure form.
    assert human["status"] == "refused"
    assert any("+212 520 47 31 00" in m["text"] for m in human["messages"])


def test_agents_socket_pushes_the_queue_and_messages(client: TestClient, samira: Person) -> None:
    operator = person(client, "not.an.agent")
    with client.websocket_connect(f"/api/v1/agent/ws?token={operator.signed.token}") as ws:
        assert ws.receive_json()["error"]["code"] == "forbidden_role"
    with client.websocket_connect("/api/v1/agent/ws") as ws:
        assert ws.receive_json()["error"]["code"] == "not_authenticated"

    available(client, samira)
    with client.websocket_connect(f"/api/v1/agent/ws?token={samira.signed.token}") as ws:
        assert ws.receive_json() == {"type": "ready"}
        chat(client, "u-ws", "bonjour")
        chat(client, "u-ws", '/handoff_confirm{"reason":"asked"}')
        seen = [ws.receive_json() for _ in range(2)]
        assert {e["type"] for e in seen} == {"queue", "message"}
        chat(client, "u-ws", "Vous êtes là ?")
        pushed = ws.receive_json()
        assert pushed["type"] == "message"
        assert pushed["message"]["text"] == "Vous êtes là ?"
        client.post("/api/v1/conversations/u-ws/typing")
        assert ws.receive_json() == {"type": "typing", "handoff_id": pushed["handoff_id"]}


def test_the_user_s_socket_hears_the_agent(client: TestClient, samira: Person) -> None:
    available(client, samira)
    queue(client, "u-sock")
    [item] = handoffs(client, samira)
    with client.websocket_connect("/api/v1/chat/ws?session_id=u-sock") as ws:
        client.post(f"/api/v1/agent/handoffs/{item['id']}/accept", headers=samira.headers)
        frames = [ws.receive_json() for _ in range(2)]
        client.post(
            f"/api/v1/agent/handoffs/{item['id']}/messages",
            json={"text": "Bonjour !"},
            headers=samira.headers,
        )
        frames.append(ws.receive_json())

    assert frames[-1]["messages"][0]["text"] == "Bonjour !"
    assert frames[-1]["handoff"] == {"state": "active", "agent": {"name": "Name of samira"}}
    joined = [m["text"] for f in frames for m in f["messages"]]
    assert "Name of samira a rejoint la conversation." in joined


def test_bad_input_is_refused_in_the_user_s_language(client: TestClient, samira: Person) -> None:
    arabic = {**samira.headers, "Accept-Language": "ar"}

    unknown = client.get("/api/v1/agent/handoffs/nope", headers=arabic)
    assert unknown.status_code == 404
    assert unknown.json()["error"]["message"] == "لا يوجد طلب تواصل مع عون بهذا المعرّف."

    both = client.post(
        "/api/v1/agent/handoffs/nope/messages",
        json={"text": "a", "article_id": "b"},
        headers=arabic,
    )
    assert both.status_code == 422
    assert both.json()["error"]["code"] == "handoff_text_or_article"
    assert both.json()["error"]["message"].startswith("أرسلوا إما نصا")
    presence = client.put("/api/v1/agent/presence", json={"status": "busy"}, headers=arabic)
    assert presence.status_code == 422
    resolution = client.post(
        "/api/v1/agent/handoffs/nope/close", json={"resolution": ""}, headers=arabic
    )
    assert resolution.status_code == 422
    assert client.get("/api/v1/agent/handoffs?state=lost", headers=arabic).status_code == 422
    missing = client.post("/api/v1/conversations/nobody-here/typing")
    assert (missing.status_code, missing.json()["error"]["code"]) == (
        404,
        "conversation_not_found",
    )


def test_the_agent_sends_a_knowledge_article_in_the_user_s_language(
    client: TestClient, samira: Person
) -> None:
    available(client, samira)
    chat(client, "u-article", "hello", lang="en")
    chat(client, "u-article", '/handoff_confirm{"reason":"asked"}')
    [item] = handoffs(client, samira)
    client.post(f"/api/v1/agent/handoffs/{item['id']}/accept", headers=samira.headers)

    sent = client.post(
        f"/api/v1/agent/handoffs/{item['id']}/messages",
        json={"article_id": "rnoce-bank-account"},
        headers=samira.headers,
    )
    unknown = client.post(
        f"/api/v1/agent/handoffs/{item['id']}/messages",
        json={"article_id": "no-such-article"},
        headers=samira.headers,
    )

    assert sent.status_code == 201, sent.text
    assert sent.json()["text"].startswith("**") and sent.json()["sources"]
    assert (sent.json()["sender"], sent.json()["agent"]) == ("agent", {"name": "Name of samira"})
    assert unknown.status_code == 404
    assert unknown.json()["error"]["code"] == "handoff_article_not_found"
