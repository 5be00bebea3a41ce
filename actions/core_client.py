"""HTTP access to the TijarIA core's internal API (the only module that does HTTP).

The core owns all data and business rules; actions ask it through
:class:`CoreClient`. Configuration comes from the action server's environment:

- ``TIJARIA_CORE_URL``: base URL of the core (default ``http://127.0.0.1:8000``);
- ``TIJARIA_INTERNAL_TOKEN``: shared secret sent as ``X-Internal-Token``
  (no header at all when empty or unset).
"""

import os
from collections.abc import Mapping
from typing import Any, Final, Literal
from urllib.parse import quote

import httpx
from pydantic import BaseModel, ConfigDict, Field, ValidationError

CORE_URL_ENV: Final = "TIJARIA_CORE_URL"
INTERNAL_TOKEN_ENV: Final = "TIJARIA_INTERNAL_TOKEN"
DEFAULT_CORE_URL: Final = "http://127.0.0.1:8000"
DEFAULT_TIMEOUT_SECONDS: Final = 3.0
TOKEN_HEADER: Final = "X-Internal-Token"


class CoreUnavailableError(Exception):
    """The core could not be reached or gave an unusable answer."""


class PortalInfo(BaseModel):
    """A portal as described by the core, with its name in the asked language."""

    model_config = ConfigDict(frozen=True)

    code: str = Field(min_length=1)
    name: str = Field(min_length=1)


class Source(BaseModel):
    title: str
    guide: str
    section: str
    url: str = ""


class Article(BaseModel):
    id: str
    lang: str
    title: str
    body: str
    source: Source
    # Only a PORTNET agent can settle it (the answer offers one).
    agent_only: bool = False


class Candidate(BaseModel):
    id: str
    title: str


class KnowledgeAnswer(BaseModel):
    """The core's verdict on a message: answer it, ask which topic, nothing found, or
    perform the dialogue act the NLU found (``act``)."""

    kind: Literal["answer", "clarify", "none", "act"]
    article: Article | None = None
    candidates: list[Candidate] = Field(default_factory=list)
    # The other parts of a multi-part question, and close alternatives (« Voir aussi »).
    more: list[Article] = Field(default_factory=list)
    see_also: list[Candidate] = Field(default_factory=list)
    act: str | None = None
    # Perform `act` after the answer ("how do I reach an agent?" is answered, then offered one).
    then_act: bool = False
    # The core's no-answer rule: the new count of unanswered turns, and whether to offer
    # a human agent now.
    unanswered_turns: int = 0
    offer_human: bool = False


class ConversationUser(BaseModel):
    """The signed-in owner of a conversation, as the core describes them (no token)."""

    role: str = Field(min_length=1)
    realm: str = ""
    display_name: str = ""
    organisation: str | None = None


class Identity(BaseModel):
    """Who is talking in a conversation now, according to the core (None: anonymous)."""

    session_id: str
    user: ConversationUser | None = None


class TurnButton(BaseModel):
    title: str
    payload: str


class TurnMessage(BaseModel):
    """One message of the core's turn: text, buttons, and maybe a form card (the chat
    contract's ``form``: the whole step, answered at once by the widget)."""

    text: str = ""
    buttons: list[TurnButton] = Field(default_factory=list)
    form: dict[str, Any] | None = None
    sources: list[Source] = Field(default_factory=list)


BotTurnStatus = Literal[
    "asking",
    "refused",
    "done",
    "cancelled",
    "login_required",
    "digression",
    "human",
    "none",
    "choose",
    "unavailable",
]


class BotTurn(BaseModel):
    """What the procedures engine (or the files lookup) says for one turn."""

    status: BotTurnStatus
    messages: list[TurnMessage] = Field(default_factory=list)
    draft_id: str | None = None
    reference: str | None = None


class CoreClient:
    """Small async client for ``{base_url}/api/v1/internal/...``.

    Pass ``client`` to reuse an existing :class:`httpx.AsyncClient` (it is not
    closed here), or ``transport`` (e.g. :class:`httpx.MockTransport` in tests)
    for the per-request client this class creates otherwise.
    """

    def __init__(
        self,
        base_url: str = DEFAULT_CORE_URL,
        token: str | None = None,
        *,
        timeout: float = DEFAULT_TIMEOUT_SECONDS,
        client: httpx.AsyncClient | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._base_url = base_url.rstrip("/")
        self._token = token or None
        self._timeout = timeout
        self._client = client
        self._transport = transport

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> "CoreClient":
        """Build a client from ``TIJARIA_CORE_URL`` and ``TIJARIA_INTERNAL_TOKEN``."""
        env = os.environ if environ is None else environ
        base_url = env.get(CORE_URL_ENV, "").strip() or DEFAULT_CORE_URL
        token = env.get(INTERNAL_TOKEN_ENV, "").strip() or None
        return cls(base_url, token)

    @property
    def base_url(self) -> str:
        return self._base_url

    def headers(self) -> dict[str, str]:
        """Headers sent with every request (the token only when one is set)."""
        headers = {"Accept": "application/json"}
        if self._token:
            headers[TOKEN_HEADER] = self._token
        return headers

    async def get_portal(self, portal: str, language: str) -> PortalInfo:
        """``GET /api/v1/internal/portals/{portal}?lang={language}``."""
        data = await self._get_json(
            f"/api/v1/internal/portals/{quote(portal, safe='')}", {"lang": language}
        )
        try:
            return PortalInfo.model_validate(data)
        except ValidationError as exc:
            raise CoreUnavailableError(f"unexpected portal payload from the core: {exc}") from exc

    async def get_identity(self, session_id: str) -> Identity:
        """``GET /api/v1/internal/conversations/{session_id}/identity``.

        The only source of who is talking: a slot or message metadata says who was
        talking when it was written, or whatever a forged call put there; the core
        knows who owns the conversation now (signed out: nobody).
        """
        data = await self._get_json(
            f"/api/v1/internal/conversations/{quote(session_id, safe='')}/identity", {}
        )
        return self._validated(Identity, data)

    async def answer_question(
        self,
        question: str,
        portal: str,
        language: str,
        *,
        intent: str | None = None,
        intent_confidence: float | None = None,
        unanswered_turns: int = 0,
        session_id: str | None = None,
    ) -> KnowledgeAnswer:
        """``POST /api/v1/internal/knowledge/answer``: the core decides answer/clarify/none,
        or (given the NLU's ``intent``) whether to perform that dialogue act instead."""
        # The core bounds the question to its message limit (TIJARIA_MAX_MESSAGE_CHARS).
        body: dict[str, Any] = {"question": question, "portal": portal, "lang": language}
        if intent is not None:
            body["intent"] = intent
            body["intent_confidence"] = intent_confidence
        body["unanswered_turns"] = max(0, unanswered_turns)
        if session_id:
            body["session_id"] = session_id[:128]
        data = await self._request_json("POST", "/api/v1/internal/knowledge/answer", json=body)
        return self._validated(KnowledgeAnswer, data)

    async def get_article(self, article_id: str, language: str) -> Article:
        """``GET /api/v1/knowledge/articles/{id}?lang=``: one article in the reply language."""
        data = await self._get_json(
            f"/api/v1/knowledge/articles/{quote(article_id, safe='')}", {"lang": language}
        )
        return self._validated(Article, data)

    async def start_procedure(self, session_id: str, *, intent: str, text: str) -> BotTurn:
        """``POST /api/v1/internal/procedures/start``: start the procedure the intent names
        (or resume the open draft the text names); the core knows who is talking."""
        body = {"session_id": session_id, "intent": intent, "text": text}
        data = await self._request_json("POST", "/api/v1/internal/procedures/start", json=body)
        return self._validated(BotTurn, data)

    async def offer_handoff(self, session_id: str, *, reason: str = "asked") -> BotTurn:
        """``POST /api/v1/internal/handoff/offer``: what to say when the user asks for a
        person: the queue position and wait with a confirmation (``human``), already with
        one (``none``), or nobody available: the phone and the contact form (``asking``)."""
        body = {"session_id": session_id, "reason": reason}
        data = await self._request_json("POST", "/api/v1/internal/handoff/offer", json=body)
        return self._validated(BotTurn, data)

    async def procedure_prompt(self, session_id: str) -> BotTurn:
        """``GET /api/v1/internal/procedures/prompt?session_id=``: the current question."""
        data = await self._get_json(
            "/api/v1/internal/procedures/prompt", {"session_id": session_id}
        )
        return self._validated(BotTurn, data)

    async def procedure_answer(
        self,
        session_id: str,
        *,
        text: str,
        intent: str | None,
        confidence: float | None,
        form: Mapping[str, Any] | None = None,
        attachments: list[str] | None = None,
    ) -> BotTurn:
        """``POST /api/v1/internal/procedures/answer``: the user's answer (typed text, a
        button's label, or a form card's values and uploaded files) to the current question."""
        body: dict[str, Any] = {
            "session_id": session_id,
            "text": text,
            "intent": intent,
            "confidence": confidence or 0.0,
            "form": dict(form) if form is not None else None,
            "attachments": list(attachments or []),
        }
        data = await self._request_json("POST", "/api/v1/internal/procedures/answer", json=body)
        return self._validated(BotTurn, data)

    async def my_files(
        self, session_id: str, *, text: str, language: str, kind: str | None = None
    ) -> BotTurn:
        """``GET /api/v1/internal/files/lookup``: the claims and portal files the message
        names, for the conversation's signed-in owner (`kind`: a « Mes factures » button's
        kind of file); ``login_required`` when nobody is signed in."""
        params = {"session_id": session_id, "text": text[:2000] or "?", "lang": language}
        if kind:
            params["kind"] = kind
        data = await self._get_json("/api/v1/internal/files/lookup", params)
        return self._validated(BotTurn, data)

    @staticmethod
    def _validated(model: type[BaseModel], data: Any) -> Any:
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            raise CoreUnavailableError(f"unexpected {model.__name__} payload: {exc}") from exc

    async def _get_json(self, path: str, params: Mapping[str, str]) -> Any:
        return await self._request_json("GET", path, params=params)

    async def _request_json(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        json: Any = None,
    ) -> Any:
        url = f"{self._base_url}{path}"
        try:
            if self._client is not None:
                response = await self._client.request(
                    method,
                    url,
                    params=params,
                    json=json,
                    headers=self.headers(),
                    timeout=self._timeout,
                )
            else:
                async with httpx.AsyncClient(
                    timeout=self._timeout, transport=self._transport
                ) as client:
                    response = await client.request(
                        method, url, params=params, json=json, headers=self.headers()
                    )
            response.raise_for_status()
            return response.json()
        except httpx.HTTPStatusError as exc:
            raise CoreUnavailableError(
                f"core answered {exc.response.status_code} for {method} {path}"
            ) from exc
        except httpx.HTTPError as exc:
            raise CoreUnavailableError(f"core unreachable for {method} {path}: {exc!r}") from exc
        except ValueError as exc:  # body is not JSON
            raise CoreUnavailableError(f"core sent invalid JSON for {method} {path}") from exc
