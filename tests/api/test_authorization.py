"""Who may see what: every route is classified, and every personal route answers
404 (never 403, which would confirm the object exists) on another user's objects.

A new route fails `test_every_route_is_classified` until it is listed here; a
personal one also needs a case in PERSONAL_CASES.
"""

from collections.abc import Callable

import httpx
import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from api.route_table import route_table
from tests.api.accounts_helpers import SignedIn, sign_in
from tests.pdf_samples import make_pdf
from tests.procedures import toy

PUBLIC = {
    "GET /openapi.json",
    "GET /docs",
    "GET /docs/oauth2-redirect",
    "GET /redoc",
    "GET /api/v1/health",
    "GET /api/v1/health/live",
    "GET /api/v1/knowledge/search",
    "GET /api/v1/knowledge/articles/{article_id}",
    "GET /api/v1/widget/config",
    "GET /widget/tijaria.js",
    "GET /widget/{build}/{name}",
    "GET /demo/portal.css",
    "GET /demo/portal.js",
    "GET /",
    "GET /portals/{code}",
    "GET /portals/{code}/{page}",
    "GET /rnoce",
    "GET /rnoce/static/{name}",
    "GET /rnoce/connexion",
    "GET /rnoce/inscription",
    "GET /rnoce/mot-de-passe-oublie",
    "GET /rnoce/mot-de-passe",
    # A new conversation of the caller's own, under a session id the server chose.
    "POST /api/v1/conversations",
    # The agents' console: a page and its files; its data comes from the agent routes.
    "GET /console",
    "GET /console/static/{name}",
}
# Act on the caller's own account only (identified by credentials, a token or a link).
OWN_ACCOUNT = {
    "POST /api/v1/auth/login",
    "POST /api/v1/auth/mfa",
    "POST /api/v1/auth/logout",
    "GET /api/v1/auth/me",
    "POST /api/v1/auth/password",
    "POST /api/v1/auth/mfa/reset",
    "POST /api/v1/auth/mfa/reset/confirm",
    "POST /api/v1/rnoce/signup",
    "POST /api/v1/rnoce/links/check",
    "POST /api/v1/rnoce/password",
    "POST /api/v1/rnoce/login",
    "POST /api/v1/rnoce/forgot-password",
}
# Only the action server, with the internal token.
INTERNAL = {
    "GET /api/v1/internal/portals/{code}": ("get", "/api/v1/internal/portals/pmpce", None),
    "POST /api/v1/internal/knowledge/answer": (
        "post",
        "/api/v1/internal/knowledge/answer",
        {"question": "mot de passe", "portal": "pmpce", "lang": "fr"},
    ),
    "GET /api/v1/internal/conversations/{session_id}/identity": (
        "get",
        "/api/v1/internal/conversations/session-of-b/identity",
        None,
    ),
    "POST /api/v1/internal/procedures/start": (
        "post",
        "/api/v1/internal/procedures/start",
        {"session_id": "session-of-b", "intent": "file_toy"},
    ),
    "GET /api/v1/internal/procedures/prompt": (
        "get",
        "/api/v1/internal/procedures/prompt?session_id=session-of-b",
        None,
    ),
    "POST /api/v1/internal/procedures/answer": (
        "post",
        "/api/v1/internal/procedures/answer",
        {"session_id": "session-of-b", "text": "annuler"},
    ),
    "POST /api/v1/internal/handoff/offer": (
        "post",
        "/api/v1/internal/handoff/offer",
        {"session_id": "session-of-b"},
    ),
    "GET /api/v1/internal/claims/status": (
        "get",
        "/api/v1/internal/claims/status?session_id=session-of-b",
        None,
    ),
    "GET /api/v1/internal/files/lookup": (
        "get",
        "/api/v1/internal/files/lookup?session_id=session-of-b&text=DFD%2020263000000123",
        None,
    ),
}
# The signed-in caller's own procedure drafts (anonymous: 401).
OWN_DRAFTS = {
    "POST /api/v1/procedures": ("post", "/api/v1/procedures", {"kind": toy.KIND}),
    "GET /api/v1/procedures/drafts": ("get", "/api/v1/procedures/drafts", None),
}
# One draft of the signed-in caller's: another user's answers 404, like an unknown id.
DRAFT_ROUTES = {
    "GET /api/v1/procedures/drafts/{draft_id}": ("get", "", None),
    "POST /api/v1/procedures/drafts/{draft_id}/answers": ("post", "/answers", {"value": "x"}),
    "POST /api/v1/procedures/drafts/{draft_id}/back": ("post", "/back", None),
    "POST /api/v1/procedures/drafts/{draft_id}/confirm": ("post", "/confirm", None),
    "POST /api/v1/procedures/drafts/{draft_id}/cancel": ("post", "/cancel", None),
}

# PORTNET agents and staff only: operators get 403, anonymous callers 401.
AGENTS_AND_STAFF = {
    "GET /api/v1/outbox": ("get", "/api/v1/outbox"),
    "POST /api/v1/outbox/{email_id}/send": ("post", "/api/v1/outbox/unknown/send"),
    "GET /api/v1/agent/claims": ("get", "/api/v1/agent/claims"),
    "GET /api/v1/agent/claims/{reference}": ("get", "/api/v1/agent/claims/REC-0000-0000"),
    "POST /api/v1/agent/claims/{reference}/assign": (
        "post",
        "/api/v1/agent/claims/REC-0000-0000/assign",
    ),
    "POST /api/v1/agent/claims/{reference}/answer": (
        "post",
        "/api/v1/agent/claims/REC-0000-0000/answer",
    ),
    "POST /api/v1/agent/claims/{reference}/close": (
        "post",
        "/api/v1/agent/claims/REC-0000-0000/close",
    ),
    "GET /api/v1/agent/claims/{reference}/attachments/{attachment_id}": (
        "get",
        "/api/v1/agent/claims/REC-0000-0000/attachments/unknown",
    ),
    "PUT /api/v1/agent/presence": ("put", "/api/v1/agent/presence"),
    "GET /api/v1/agent/agents": ("get", "/api/v1/agent/agents"),
    "GET /api/v1/agent/handoffs": ("get", "/api/v1/agent/handoffs"),
    "GET /api/v1/agent/handoffs/{handoff_id}": ("get", "/api/v1/agent/handoffs/unknown"),
    "POST /api/v1/agent/handoffs/{handoff_id}/accept": (
        "post",
        "/api/v1/agent/handoffs/unknown/accept",
    ),
    "POST /api/v1/agent/handoffs/{handoff_id}/messages": (
        "post",
        "/api/v1/agent/handoffs/unknown/messages",
    ),
    "POST /api/v1/agent/handoffs/{handoff_id}/typing": (
        "post",
        "/api/v1/agent/handoffs/unknown/typing",
    ),
    "POST /api/v1/agent/handoffs/{handoff_id}/transfer": (
        "post",
        "/api/v1/agent/handoffs/unknown/transfer",
    ),
    "POST /api/v1/agent/handoffs/{handoff_id}/hand-back": (
        "post",
        "/api/v1/agent/handoffs/unknown/hand-back",
    ),
    "POST /api/v1/agent/handoffs/{handoff_id}/close": (
        "post",
        "/api/v1/agent/handoffs/unknown/close",
    ),
    "GET /api/v1/agent/tickets": ("get", "/api/v1/agent/tickets"),
    # The console's demo portal files (tests/portal_files/test_staff_routes.py).
    "GET /api/v1/staff/files": ("get", "/api/v1/staff/files"),
    "POST /api/v1/staff/files/{kind}/{reference}/status": (
        "post",
        "/api/v1/staff/files/dfd/20263000000123/status",
    ),
    # The review of operator subscriptions (tests/subscriptions/test_lifecycle.py).
    "GET /api/v1/staff/subscriptions": ("get", "/api/v1/staff/subscriptions"),
    "GET /api/v1/staff/subscriptions/{code}": (
        "get",
        "/api/v1/staff/subscriptions/01012026100000000001",
    ),
    "GET /api/v1/staff/subscriptions/{code}/documents/{kind}": (
        "get",
        "/api/v1/staff/subscriptions/01012026100000000001/documents/cin_copy",
    ),
    "POST /api/v1/staff/subscriptions/{code}/validate": (
        "post",
        "/api/v1/staff/subscriptions/01012026100000000001/validate",
    ),
    "POST /api/v1/staff/subscriptions/{code}/reject": (
        "post",
        "/api/v1/staff/subscriptions/01012026100000000001/reject",
    ),
    # The Douane account operations' queue (tests/douane_accounts/test_routes.py).
    "GET /api/v1/staff/douane-operations": ("get", "/api/v1/staff/douane-operations"),
    "GET /api/v1/staff/douane-operations/{operation_id}": (
        "get",
        "/api/v1/staff/douane-operations/unknown",
    ),
    "GET /api/v1/staff/douane-operations/{operation_id}/documents/{document_id}": (
        "get",
        "/api/v1/staff/douane-operations/unknown/documents/unknown",
    ),
    "POST /api/v1/staff/douane-operations/{operation_id}/validate": (
        "post",
        "/api/v1/staff/douane-operations/unknown/validate",
    ),
    "POST /api/v1/staff/douane-operations/{operation_id}/refuse": (
        "post",
        "/api/v1/staff/douane-operations/unknown/refuse",
    ),
}
# The agents' console socket: the same bearer token, agents and staff only (checked in
# tests/handoff/test_routes.py).
AGENT_SOCKETS = {"WS /api/v1/agent/ws"}

# A signed-in user's own claims (reached by reference): B's claim answers A exactly like
# an unknown reference (404 claim_not_found); anonymous callers get 401.
OWN_CLAIMS = {
    "POST /api/v1/claims": ("post", "", {"kind": "reclamation"}),
    "GET /api/v1/claims": ("get", "", None),
    "GET /api/v1/claims/{reference}": ("get", "/{ref}", None),
    "POST /api/v1/claims/{reference}/messages": ("post", "/{ref}/messages", {"text": "Alors ?"}),
    "POST /api/v1/claims/{reference}/attachments": (
        "post",
        "/{ref}/attachments",
        {"upload_id": "0" * 32},
    ),
    "GET /api/v1/claims/{reference}/attachments/{attachment_id}": (
        "get",
        "/{ref}/attachments/{attachment}",
        None,
    ),
}

# The RNOCE operator's own subscription requests: anonymous callers get 401, users of
# another realm 403 `subscription_rnoce_only`; another operator's request answers exactly
# like an unknown code (tests/subscriptions/test_steps.py).
OWN_SUBSCRIPTIONS = {
    "POST /api/v1/subscriptions/badr-check": ("post", "/badr-check"),
    "POST /api/v1/subscriptions": ("post", ""),
    "GET /api/v1/subscriptions": ("get", ""),
    "GET /api/v1/subscriptions/{code}": ("get", "/01012026100000000001"),
    "PUT /api/v1/subscriptions/{code}/steps/{step}": ("put", "/01012026100000000001/steps/company"),
    "POST /api/v1/subscriptions/{code}/submit": ("post", "/01012026100000000001/submit"),
    "POST /api/v1/subscriptions/{code}/rectify": ("post", "/01012026100000000001/rectify"),
}

# The signed-in caller's portal files (its organisation's by ICE, its bank's domiciliations,
# or what was addressed to its administration): another organisation's file answers exactly
# like an unknown reference (404 portal_file_not_found), and is absent from the list;
# anonymous callers get 401.
OWN_FILES = {
    "GET /api/v1/files": "/api/v1/files",
    "GET /api/v1/files/{kind}/{reference}": "/api/v1/files/dfd/{ref}",
}

# A signed-in RNOCE operator's own Douane account and its operations: B's operation
# answers A (another operator with an account) exactly like an unknown id (404
# douane_operation_not_found); the account routes only ever show A's own; anonymous: 401.
OWN_DOUANE_ACCOUNT = {
    "GET /api/v1/douane-account": ("get", "", None),
    "GET /api/v1/douane-account/operations": ("get", "/operations", None),
    "POST /api/v1/douane-account/operations/modification": (
        "post",
        "/operations/modification",
        {},
    ),
    "POST /api/v1/douane-account/operations/cancellation": (
        "post",
        "/operations/cancellation",
        {},
    ),
    "POST /api/v1/douane-account/operations/restoration": ("post", "/operations/restoration", {}),
    "GET /api/v1/douane-account/operations/{operation_id}": ("get", "/operations/{id}", None),
    "POST /api/v1/douane-account/operations/{operation_id}/resubmit": (
        "post",
        "/operations/{id}/resubmit",
        {},
    ),
}

B_SESSION = "session-of-b"
PDF = make_pdf()


def _chat(client: TestClient, a: SignedIn | None) -> httpx.Response:
    return client.post(
        "/api/v1/chat",
        json={"session_id": B_SESSION, "message": "bonjour"},
        headers=a.headers if a else {},
    )


def _transcript(client: TestClient, a: SignedIn | None) -> httpx.Response:
    return client.get(f"/api/v1/conversations/{B_SESSION}/messages", headers=a.headers if a else {})


def _upload(client: TestClient, a: SignedIn | None) -> httpx.Response:
    return client.post(
        "/api/v1/uploads",
        data={"session_id": B_SESSION},
        files={"file": ("doc.pdf", PDF, "application/pdf")},
        headers=a.headers if a else {},
    )


def _voice(client: TestClient, a: SignedIn | None) -> httpx.Response:
    """A spoken message, heard by a stand-in for Whisper (the real one is not needed here)."""
    from tests.voice.conftest import FakeWhisper, fake_transcriber
    from tests.voice.speech import encode, tone

    client.app.state.transcriber = fake_transcriber(FakeWhisper("bonjour"), vad=False)
    return client.post(
        "/api/v1/voice",
        data={"session_id": B_SESSION, "lang": "fr"},
        files={"audio": ("voice.webm", encode(tone(1.0), 16_000, "webm"), "audio/webm")},
        headers=a.headers if a else {},
    )


def _leave_queue(client: TestClient, a: SignedIn | None) -> httpx.Response:
    """Past the ownership check, B's conversation has no handoff to leave (409): through."""
    response = client.post(
        f"/api/v1/conversations/{B_SESSION}/handoff/leave", headers=a.headers if a else {}
    )
    if response.status_code == 409:
        assert response.json()["error"]["code"] == "handoff_none_open"
        return httpx.Response(200, json=response.json())
    return response


def _typing(client: TestClient, a: SignedIn | None) -> httpx.Response:
    response = client.post(
        f"/api/v1/conversations/{B_SESSION}/typing", headers=a.headers if a else {}
    )
    return httpx.Response(200) if response.status_code == 204 else response


def _history(client: TestClient, a: SignedIn | None) -> httpx.Response:
    """A list has no 404: B's conversation is simply not in it, even asked for by its id."""
    response = client.get(
        "/api/v1/widget/conversations",
        params={"session_id": B_SESSION},
        headers=a.headers if a else {},
    )
    assert response.status_code == 200
    listed = [c["session_id"] for c in response.json()["conversations"]]
    return httpx.Response(
        404 if B_SESSION not in listed else 200, json={"error": {"code": "conversation_not_found"}}
    )


def _websocket(client: TestClient, a: SignedIn | None) -> httpx.Response:
    query = f"?session_id={B_SESSION}" + (f"&access_token={a.token}" if a else "")
    try:
        with client.websocket_connect("/api/v1/chat/ws" + query) as ws:
            ws.send_json({"message": "bonjour"})
            frame = ws.receive_json()
    except WebSocketDisconnect:
        return httpx.Response(500)
    status = 404 if frame.get("error", {}).get("code") == "conversation_not_found" else 200
    return httpx.Response(status, json=frame)


PERSONAL_CASES: dict[str, Callable[[TestClient, SignedIn | None], httpx.Response]] = {
    "POST /api/v1/chat": _chat,
    "WS /api/v1/chat/ws": _websocket,
    "GET /api/v1/conversations/{session_id}/messages": _transcript,
    "POST /api/v1/uploads": _upload,
    "POST /api/v1/voice": _voice,
    "GET /api/v1/widget/conversations": _history,
    "POST /api/v1/conversations/{session_id}/handoff/leave": _leave_queue,
    "POST /api/v1/conversations/{session_id}/typing": _typing,
}


def route_keys(client: TestClient) -> set[str]:
    return {
        f"{method} {info.path}"
        for info in route_table(client.app)  # type: ignore[arg-type]
        for method in info.methods
    }


def test_every_route_is_classified(client: TestClient) -> None:
    classified = (
        PUBLIC
        | OWN_ACCOUNT
        | set(INTERNAL)
        | set(PERSONAL_CASES)
        | set(AGENTS_AND_STAFF)
        | set(OWN_DRAFTS)
        | set(DRAFT_ROUTES)
        | set(OWN_CLAIMS)
        | set(OWN_FILES)
        | set(OWN_SUBSCRIPTIONS)
        | set(OWN_DOUANE_ACCOUNT)
        | AGENT_SOCKETS
    )
    assert route_keys(client) - classified == set(), "classify the new route(s) in this file"
    assert classified - route_keys(client) == set(), "a classified route no longer exists"


@pytest.fixture
def owned_by_b(client: TestClient) -> SignedIn:
    b = sign_in(client, "user.b")
    assert (
        client.post(
            "/api/v1/chat", json={"session_id": B_SESSION, "message": "bonjour"}, headers=b.headers
        ).status_code
        == 200
    )
    return b


@pytest.mark.parametrize("route", sorted(PERSONAL_CASES))
def test_another_user_gets_404_on_b_s_conversation(
    client: TestClient, owned_by_b: SignedIn, route: str
) -> None:
    a = sign_in(client, "user.a")

    response = PERSONAL_CASES[route](client, a)

    assert response.status_code == 404, response.text
    assert response.json()["error"]["code"] == "conversation_not_found"


@pytest.mark.parametrize("route", sorted(PERSONAL_CASES))
def test_an_anonymous_caller_gets_404_on_b_s_conversation(
    client: TestClient, owned_by_b: SignedIn, route: str
) -> None:
    response = PERSONAL_CASES[route](client, None)

    assert response.status_code == 404, response.text


@pytest.mark.parametrize("route", sorted(PERSONAL_CASES))
def test_the_owner_still_gets_through(client: TestClient, owned_by_b: SignedIn, route: str) -> None:
    response = PERSONAL_CASES[route](client, owned_by_b)

    assert response.status_code in (200, 201), response.text


@pytest.mark.parametrize("route", sorted(INTERNAL))
def test_internal_routes_need_the_internal_token(client: TestClient, route: str) -> None:
    method, url, body = INTERNAL[route]

    response = client.request(method, url, json=body)

    assert response.status_code == 401


@pytest.mark.parametrize("route", sorted(AGENTS_AND_STAFF))
@pytest.mark.parametrize(
    ("role", "status"),
    [(None, 401), ("operator", 403), ("administration", 403), ("agent", None), ("staff", None)],
)
def test_agent_and_staff_routes_refuse_everyone_else(
    client: TestClient, route: str, role: str | None, status: int | None
) -> None:
    method, url = AGENTS_AND_STAFF[route]
    headers = sign_in(client, f"user.{role}", role=role).headers if role else {}

    response = client.request(method, url, headers=headers)

    if status is None:  # let through: whatever the route itself answers, never a refusal
        assert response.status_code not in (401, 403), response.text
    else:
        assert response.status_code == status, response.text
        expected = "forbidden_role" if status == 403 else "not_authenticated"
        assert response.json()["error"]["code"] == expected


@pytest.mark.parametrize("route", sorted(OWN_DRAFTS))
def test_drafts_need_a_signed_in_user(client: TestClient, route: str) -> None:
    method, url, body = OWN_DRAFTS[route]

    assert client.request(method, url, json=body).status_code == 401
    b = sign_in(client, "user.b")
    assert client.request(method, url, json=body, headers=b.headers).status_code == 200


@pytest.fixture
def draft_of_b(client: TestClient) -> tuple[SignedIn, str]:
    b = sign_in(client, "user.b")
    response = client.post("/api/v1/procedures", json={"kind": toy.KIND}, headers=b.headers)
    assert response.status_code == 200, response.text
    return b, response.json()["draft_id"]


@pytest.mark.parametrize("route", sorted(DRAFT_ROUTES))
def test_another_users_draft_is_not_found(
    client: TestClient, draft_of_b: tuple[SignedIn, str], route: str
) -> None:
    b, draft_id = draft_of_b
    method, tail, body = DRAFT_ROUTES[route]
    url = f"/api/v1/procedures/drafts/{draft_id}{tail}"
    a = sign_in(client, "user.a")

    assert client.request(method, url, json=body).status_code == 401
    response = client.request(method, url, json=body, headers=a.headers)
    assert response.status_code == 404, response.text
    assert response.json()["error"]["code"] == "procedure_draft_not_found"
    unknown = client.request(
        method, f"/api/v1/procedures/drafts/unknown{tail}", json=body, headers=b.headers
    )
    assert unknown.status_code == 404
    assert unknown.json() == response.json()
    assert client.request(method, url, json=body, headers=b.headers).status_code == 200


@pytest.fixture
def claim_of_b(client: TestClient, owned_by_b: SignedIn) -> tuple[str, str]:
    """B's claim, with one attachment uploaded in B's conversation: (reference, attachment id)."""
    uploaded = _upload(client, owned_by_b)
    assert uploaded.status_code == 201, uploaded.text
    filed = client.post(
        "/api/v1/claims",
        json={
            "kind": "reclamation",
            "portal": "pmpce",
            "service": "franchise_douaniere",
            "object": "DFD bloquée",
            "details": "La DFD reste à l'état Nouveau.",
            "attachment_ids": [uploaded.json()["id"]],
            "session_id": B_SESSION,
        },
        headers=owned_by_b.headers,
    )
    assert filed.status_code == 201, filed.text
    return filed.json()["reference"], filed.json()["attachments"][0]["id"]


@pytest.mark.parametrize("route", sorted(OWN_CLAIMS))
def test_another_user_gets_404_on_b_s_claim_like_an_unknown_one(
    client: TestClient, claim_of_b: tuple[str, str], route: str
) -> None:
    method, tail, body = OWN_CLAIMS[route]
    reference, attachment = claim_of_b
    a = sign_in(client, "user.a")
    url = "/api/v1/claims" + tail.format(ref=reference, attachment=attachment)

    response = client.request(method, url, json=body, headers=a.headers)

    if "{ref}" in tail:
        unknown_url = "/api/v1/claims" + tail.format(ref="REC-0000-0000", attachment=attachment)
        unknown = client.request(method, unknown_url, json=body, headers=a.headers)
        assert response.status_code == 404, response.text
        assert response.json() == unknown.json()
        assert response.json()["error"]["code"] == "claim_not_found"
    elif method == "get":  # the list: B's claim is simply not in it
        assert response.status_code == 200 and response.json() == {"claims": []}
    else:  # filing: A's own claim, never B's (an incomplete body is refused first)
        assert response.status_code == 422
    assert client.request(method, url, json=body).status_code == 401


@pytest.mark.parametrize("route", sorted(OWN_FILES))
def test_another_organisation_s_file_is_404_like_an_unknown_one(
    client: TestClient, route: str
) -> None:
    from api.accounts import service as accounts
    from api.portal_files import seed as portal_files_seed

    a = sign_in(client, "user.a")
    with client.app.state.session_factory() as db:  # type: ignore[attr-defined]
        portal_files_seed.seed(db=db)
        user = accounts.get_by_login(db=db, realm="portnet", login="user.a")
        assert user is not None
        user.ice = portal_files_seed.OTHER_ICE
        db.commit()
    of_b = OWN_FILES[route].format(ref="20263000000123")  # Société Démo Import's DFD
    own = OWN_FILES[route].format(ref="20263000000311")  # A's organisation's DFD

    response = client.get(of_b, headers=a.headers)

    if "{ref}" in OWN_FILES[route]:
        unknown = client.get(OWN_FILES[route].format(ref="20269999999999"), headers=a.headers)
        assert response.status_code == 404, response.text
        assert response.json() == unknown.json()
        assert response.json()["error"]["code"] == "portal_file_not_found"
        assert client.get(own, headers=a.headers).status_code == 200
    else:  # the list: B's files are simply not in it
        assert response.status_code == 200
        listed = {f["reference"] for f in response.json()["files"]}
        assert "20263000000123" not in listed and "20263000000311" in listed
    assert client.get(of_b).status_code == 401


@pytest.mark.parametrize("route", sorted(OWN_SUBSCRIPTIONS))
def test_subscriptions_are_for_signed_in_rnoce_operators(client: TestClient, route: str) -> None:
    method, tail = OWN_SUBSCRIPTIONS[route]
    url = "/api/v1/subscriptions" + tail

    anonymous = client.request(method, url, json={})
    portnet_user = client.request(method, url, json={}, headers=sign_in(client, "user.a").headers)

    assert anonymous.status_code == 401
    assert portnet_user.status_code == 403
    assert portnet_user.json()["error"]["code"] == "subscription_rnoce_only"


@pytest.mark.parametrize("route", sorted(OWN_DOUANE_ACCOUNT))
def test_another_operator_gets_404_on_b_s_douane_operation_like_an_unknown_one(
    client: TestClient, route: str
) -> None:
    from tests.douane_accounts.conftest import account_fields, modification, operator

    b = operator(client, "douane.b")
    operation = modification(client, b)
    assert operation.status_code == 201, operation.text
    a = operator(client, "douane.a", account=account_fields(raison_sociale="Société A Essai"))
    method, tail, body = OWN_DOUANE_ACCOUNT[route]
    url = "/api/v1/douane-account" + tail.format(id=operation.json()["id"])

    response = client.request(method, url, json=body, headers=a.headers)

    if "{id}" in tail:
        unknown_url = "/api/v1/douane-account" + tail.format(id="0" * 32)
        unknown = client.request(method, unknown_url, json=body, headers=a.headers)
        assert response.status_code == 404, response.text
        assert response.json() == unknown.json()
        assert response.json()["error"]["code"] == "douane_operation_not_found"
    elif tail == "":  # A's own account, never B's
        assert (
            response.status_code == 200 and response.json()["raison_sociale"] == "Société A Essai"
        )
    elif method == "get":  # the list: B's operation is simply not in it
        assert response.status_code == 200 and response.json() == {"operations": []}
    else:  # a request on A's own account (an empty body is refused, never filed for B)
        assert response.status_code in (409, 422), response.text
    assert client.request(method, url, json=body).status_code == 401
