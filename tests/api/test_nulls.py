"""`null` means absent (DESIGN.md, issue 10 part 3): every optional field of every request
body, sent as JSON null, is taken as if it were left out."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import BaseModel

from api.accounts.models import (
    LoginRequest,
    MfaConfirmRequest,
    MfaRequest,
    MfaResetRequest,
    PasswordChange,
)
from api.chat.models import ChatRequest
from api.claims.models import (
    ClaimAnswer,
    ClaimAttachmentCreate,
    ClaimClose,
    ClaimCreate,
    ClaimMessageCreate,
)
from api.config import Settings
from api.conversations.models import ConversationCreate
from api.douane_accounts.models import (
    CancellationCreate,
    ModificationCreate,
    OperationRefuse,
    OperationResubmit,
    RestorationCreate,
)
from api.handoff.models import (
    AgentMessageCreate,
    CloseCreate,
    OfferRequest,
    PresenceUpdate,
    TransferCreate,
)
from api.knowledge.models import AnswerRequest
from api.main import create_app
from api.migrate import upgrade
from api.portal_files.models import FileStatusChange
from api.procedures.models import AnswerIn, InternalAnswer, InternalStart, ProcedureStart
from api.rnoce.models import ForgotPassword, LinkCheck, RnoceLogin, SetPassword, SignUp
from api.subscriptions.models import BadrCheck, StepUpdate, SubscriptionCreate, SubscriptionReject
from tests.api.conftest import ScriptedRasa

_BADR_CHECK = {
    "email": "a@example.ma",
    "if_number": "1234567",
    "ice": "009988776655443",
    "rc": "43210",
    "operator_type": "importateur",
    "rc_centre": "81 CASABLANCA",
}
# Every JSON request body of the API with a body that is valid without its optional fields.
MINIMAL: dict[type[BaseModel], dict[str, Any]] = {
    ChatRequest: {"session_id": "s-1", "message": "bonjour"},
    AnswerRequest: {"question": "mot de passe"},
    LoginRequest: {"login": "demo", "password": "x"},
    MfaRequest: {"mfa_token": "t", "code": "123456"},
    PasswordChange: {"current_password": "a", "new_password": "b", "confirmation": "b"},
    MfaResetRequest: {"password": "x"},
    MfaConfirmRequest: {"code": "123456"},
    SignUp: {
        "raison_sociale": "Société",
        "adresse": "Casablanca",
        "email": "a@example.ma",
        "telephone": "0522000000",
    },
    LinkCheck: {"token": "t"},
    SetPassword: {"token": "t", "password": "abcd", "confirmation": "abcd"},
    RnoceLogin: {"email": "a@example.ma", "password": "abcd"},
    ForgotPassword: {"email": "a@example.ma"},
    ConversationCreate: {},
    ProcedureStart: {"kind": "claim"},
    AnswerIn: {},
    InternalStart: {"session_id": "s-1"},
    InternalAnswer: {"session_id": "s-1"},
    ClaimCreate: {"kind": "reclamation", "service": "autre", "object": "o", "details": "d"},
    ClaimMessageCreate: {"text": "t"},
    ClaimAttachmentCreate: {"upload_id": "u"},
    ClaimAnswer: {"text": "t"},
    ClaimClose: {"note": "n"},
    PresenceUpdate: {"status": "available"},
    AgentMessageCreate: {"text": "t"},
    TransferCreate: {"agent_id": "a"},
    CloseCreate: {"resolution": "r"},
    OfferRequest: {"session_id": "s-1"},
    BadrCheck: _BADR_CHECK,
    SubscriptionCreate: _BADR_CHECK,
    StepUpdate: {},
    SubscriptionReject: {"reasons": ["Document ICE incorrect"]},
    ModificationCreate: {},
    CancellationCreate: {},
    RestorationCreate: {},
    OperationResubmit: {},
    OperationRefuse: {"reason": "r"},
    FileStatusChange: {"status": "new"},
}
# Bodies that take one field of a pair (a reply's text, or an article): the minimal body
# when that field is the one sent as null is the other one.
ONE_OF: dict[tuple[type[BaseModel], str], dict[str, Any]] = {
    (AgentMessageCreate, "text"): {"article_id": "a"},
}


@pytest.fixture
def database_url(tmp_path: Path) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'tijaria.db'}"
    upgrade(url)
    yield url


def schema_name(schema: dict[str, Any]) -> str:
    """The model of a request body: `$ref`, or the one `$ref` of an optional body's anyOf."""
    if "$ref" not in schema:
        (schema,) = [option for option in schema["anyOf"] if "$ref" in option]
    return str(schema["$ref"]).rsplit("/", 1)[-1]


def test_the_table_covers_every_json_request_body_of_the_api() -> None:
    spec = create_app(Settings(database_url="sqlite://")).openapi()
    bodies = {
        schema_name(content["schema"])
        for operations in spec["paths"].values()
        for operation in operations.values()
        for media, content in operation.get("requestBody", {}).get("content", {}).items()
        if media == "application/json"
    }

    assert bodies == {model.__name__ for model in MINIMAL}


def _optional_fields() -> list[tuple[type[BaseModel], str]]:
    return [
        (model, name)
        for model in MINIMAL
        for name, field in model.model_fields.items()
        if not field.is_required()
    ]


def test_there_are_optional_fields_to_test() -> None:
    names = {f"{model.__name__}.{name}" for model, name in _optional_fields()}
    assert {"ChatRequest.portal", "ChatRequest.lang", "ChatRequest.metadata"} <= names
    assert {"AnswerRequest.portal", "AnswerRequest.lang", "SignUp.lang"} <= names


@pytest.mark.parametrize(
    ("model", "name"), _optional_fields(), ids=lambda v: getattr(v, "__name__", v)
)
def test_null_is_the_same_as_absent(model: type[BaseModel], name: str) -> None:
    minimal = ONE_OF.get((model, name), MINIMAL[model])
    absent = model.model_validate(minimal)
    null = model.model_validate({**minimal, name: None})

    assert null.model_dump() == absent.model_dump()


def test_a_required_field_sent_as_null_is_still_refused(client: TestClient) -> None:
    response = client.post("/api/v1/chat", json={"session_id": "s-1", "message": None})

    assert response.status_code == 422


def test_chat_with_every_optional_field_null(client: TestClient, rasa: ScriptedRasa) -> None:
    response = client.post(
        "/api/v1/chat",
        json={
            "session_id": "null-1",
            "message": "bonjour",
            "portal": None,
            "lang": None,
            "metadata": None,
        },
    )
    with client.websocket_connect("/api/v1/chat/ws?session_id=null-2") as ws:
        ws.send_json({"message": "hello", "portal": None, "lang": None, "metadata": None})
        frame = ws.receive_json()

    assert response.status_code == 200, response.text
    assert response.json()["lang"] == "fr"
    assert rasa.received[0]["metadata"]["portal"] == "pmpce"
    assert frame["lang"] == "en" and rasa.received[1]["metadata"]["portal"] == "pmpce"


def test_internal_answer_with_null_lang_and_portal(client: TestClient) -> None:
    response = client.post(
        "/api/v1/internal/knowledge/answer",
        json={"question": "mot de passe oublié", "portal": None, "lang": None},
        headers={"X-Internal-Token": "internal-test-token"},
    )

    assert response.status_code == 200, response.text
