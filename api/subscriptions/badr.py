"""BADR, the customs system, asked before the form: « Vérifier l'état de souscription
auprès du système BADR ». Behind an interface: a local stand-in backed by the
`badr_operators` table (seeded with invented operators), or BADR over HTTP when
TIJARIA_BADR_URL is set. BADR not answering (timeout, 5xx, an answer that cannot be read)
is a 503 `badr_unavailable`, never a guess."""

from dataclasses import dataclass, field
from typing import Any, Protocol

import httpx
from pydantic import BaseModel, ValidationError
from sqlalchemy.orm import Session

from api.config import Settings
from api.errors import ApiError
from api.subscriptions.models import BadrOperator


@dataclass(frozen=True)
class BadrQuery:
    """Already normalised by the rules (api.subscriptions.rules)."""

    email: str
    if_number: str
    ice: str
    rc: str
    operator_type: str
    rc_centre: str


@dataclass(frozen=True)
class BadrAnswer:
    registered: bool
    company: dict[str, Any] = field(default_factory=dict)


class Badr(Protocol):
    def check(self, *, db: Session, query: BadrQuery) -> BadrAnswer: ...


def unavailable() -> ApiError:
    return ApiError("badr_unavailable", status_code=503)


class LocalBadr:
    """Registered when an operator with this ICE, IF, RC and RC centre is known."""

    def check(self, *, db: Session, query: BadrQuery) -> BadrAnswer:
        known = db.get(BadrOperator, query.ice)
        if known is None or (known.if_number, known.rc, known.rc_centre) != (
            query.if_number,
            query.rc,
            query.rc_centre,
        ):
            return BadrAnswer(registered=False)
        company = {
            **dict(known.company or {}),
            "ice": known.ice,
            "if_number": known.if_number,
            "rc": known.rc,
            "rc_centre": known.rc_centre,
            "operator_type": known.operator_type,
        }
        return BadrAnswer(registered=True, company=company)


class _HttpAnswer(BaseModel):
    registered: bool
    company: dict[str, str | None] = {}


class HttpBadr:
    """POST {url}/operators/check with the query as JSON; the answer is
    {"registered": bool, "company": {field: value}}."""

    def __init__(
        self, url: str, *, timeout: float = 5.0, transport: httpx.BaseTransport | None = None
    ) -> None:
        self.url = url.rstrip("/")
        self.timeout = timeout
        self.transport = transport

    def check(self, *, db: Session, query: BadrQuery) -> BadrAnswer:
        try:
            with httpx.Client(timeout=self.timeout, transport=self.transport) as client:
                response = client.post(f"{self.url}/operators/check", json=query.__dict__)
        except httpx.HTTPError:
            raise unavailable() from None
        if response.status_code != 200:
            raise unavailable()
        try:
            answer = _HttpAnswer.model_validate_json(response.content)
        except ValidationError:
            raise unavailable() from None
        company = {k: v for k, v in answer.company.items() if v is not None}
        return BadrAnswer(
            registered=answer.registered, company=company if answer.registered else {}
        )


def badr_for(settings: Settings) -> Badr:
    if settings.badr_url:
        return HttpBadr(settings.badr_url, timeout=settings.badr_timeout_seconds)
    return LocalBadr()
