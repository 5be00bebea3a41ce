"""A fake TijarIA core for the action tests: the internal routes the actions call, with
what each request carried recorded, and answers scripted per route (or computed by a
small toy procedure, see :class:`ToyEngine`)."""

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from actions.core_client import CoreClient

START = "/api/v1/internal/procedures/start"
PROMPT = "/api/v1/internal/procedures/prompt"
ANSWER = "/api/v1/internal/procedures/answer"
KNOWLEDGE = "/api/v1/internal/knowledge/answer"
TOKEN = "internal-secret"

Answer = dict[str, Any] | httpx.Response | Callable[[httpx.Request], Any]


def message(
    text: str, buttons: list[str] | None = None, form: dict[str, Any] | None = None
) -> dict[str, Any]:
    """A BotTurn message; each button's payload is its label, as the engine sends them."""
    return {
        "text": text,
        "buttons": [{"title": b, "payload": b} for b in buttons or []],
        **({"form": form} if form else {}),
    }


def turn(status: str, *messages: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"status": status, "messages": list(messages), **extra}


@dataclass
class Call:
    method: str
    path: str
    params: dict[str, str]
    body: Any
    token: str | None


@dataclass
class FakeCore:
    """Answers each route from `answers` (a payload, a response, or a function of the
    request); any other route is a 404, as an unknown route of the core would be."""

    answers: dict[str, Answer] = field(default_factory=dict)
    calls: list[Call] = field(default_factory=list)

    def handler(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content) if request.content else None
        self.calls.append(
            Call(
                request.method,
                request.url.path,
                dict(request.url.params),
                body,
                request.headers.get("X-Internal-Token"),
            )
        )
        answer = self.answers.get(request.url.path)
        if answer is None:
            return httpx.Response(404, json={"error": {"code": "not_found", "message": "?"}})
        if callable(answer):
            answer = answer(request)
        if isinstance(answer, httpx.Response):
            return answer
        return httpx.Response(200, json=answer)

    def client(self) -> CoreClient:
        return CoreClient("http://core.test", TOKEN, transport=httpx.MockTransport(self.handler))

    def paths(self) -> list[str]:
        return [call.path for call in self.calls]

    def bodies(self, path: str) -> list[Any]:
        return [call.body for call in self.calls if call.path == path]


KINDS = ["Réclamation", "Demande d'information"]
OBJECT_QUESTION = "Quel est l'objet de votre demande ?"
TYPE_QUESTION = "Quel type de demande ?"


@dataclass
class ToyEngine:
    """A two-question procedure, as the procedures engine would run it (toy rules): a
    type among KINDS, then an object of at most 20 characters; « annuler » cancels,
    « retour » goes back, a text ending with « ? » is a digression."""

    step: int = 0
    data: dict[str, str] = field(default_factory=dict)
    status: str = "none"

    def prompt(self) -> dict[str, Any]:
        if self.status != "draft":
            return turn("none", message("Aucune démarche en cours."))
        if self.step == 0:
            return turn("asking", message(TYPE_QUESTION, KINDS))
        return turn("asking", message(OBJECT_QUESTION))

    def start(self, request: httpx.Request) -> dict[str, Any]:
        self.status = "draft"
        intro = message("D'accord, déposons votre réclamation.")
        return {**self.prompt(), "messages": [intro, *self.prompt()["messages"]]}

    def answer(self, request: httpx.Request) -> dict[str, Any]:
        body = json.loads(request.content)
        text = body["text"].strip()
        if body["intent"] == "cancel_procedure" or text.lower() == "annuler":
            self.status = "cancelled"
            return turn("cancelled", message("Votre réclamation est annulée."))
        if text.endswith("?"):
            return turn("digression")
        if text.lower() == "retour":
            self.step = max(0, self.step - 1)
            return self.prompt()
        if self.step == 0:
            if text not in KINDS:
                return turn(
                    "refused",
                    message("Choisissez un type de la liste."),
                    *self.prompt()["messages"],
                )
            self.data["type"], self.step = text, 1
            return self.prompt()
        if len(text) > 20:
            return turn("refused", message("L'objet tient en 20 caractères au plus."))
        self.data["object"], self.status = text, "submitted"
        return turn(
            "done", message("Réclamation enregistrée : REC-7K2M-Q9XD."), reference="REC-7K2M-Q9XD"
        )

    def core(self) -> FakeCore:
        return FakeCore(
            {
                START: self.start,
                PROMPT: lambda request: self.prompt(),
                ANSWER: self.answer,
                KNOWLEDGE: {"kind": "none", "unanswered_turns": 1},
            }
        )
