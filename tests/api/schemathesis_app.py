"""The core as Schemathesis sees it: in-process (ASGI), on a fresh SQLite database, with
the scripted Rasa of the API tests. Shared by tests/api (a small budget, in `make test`)
and tests/slow (a longer run)."""

from collections.abc import Iterator
from pathlib import Path

import httpx
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from starlette.types import ASGIApp, Receive, Scope, Send

from api.config import Settings
from api.main import create_app
from api.migrate import upgrade
from api.rasa_client import RasaClient
from tests.api.conftest import ScriptedRasa

INTERNAL_TOKEN = "internal-test-token"

# Not fuzzed here: Whisper on random bytes is slow and has its own tests (tests/voice).
EXCLUDED_PATHS = ("/api/v1/voice",)

# What the run asserts: no 5xx, and every answer is one the spec declares (status, media
# type, body schema, headers).
CHECKS = [
    schemathesis.checks.not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]


def make_app(tmp: Path) -> Iterator[FastAPI]:
    url = f"sqlite:///{tmp / 'tijaria.db'}"
    upgrade(url)
    settings = Settings(
        database_url=url,
        internal_token=INTERNAL_TOKEN,
        rasa_token="rasa-test-token",
        action_server_port=1,
        rasa_timeout_seconds=2.0,
    )
    app = create_app(
        settings,
        rasa=RasaClient(settings.rasa_url, transport=httpx.MockTransport(ScriptedRasa().handle)),
    )
    # Started once, as uvicorn would; Schemathesis' client must not stop it after each case.
    with TestClient(app):
        yield app


def without_lifespan(app: FastAPI) -> ASGIApp:
    """The app for Schemathesis' ASGI client, which starts and stops the app's lifespan
    around every call: acknowledged here, not run again."""

    async def serve(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                kind = message["type"].rsplit(".", 1)[-1]  # startup / shutdown
                await send({"type": f"lifespan.{kind}.complete"})
                if kind == "shutdown":
                    return
        await app(scope, receive, send)

    return serve


def load_schema() -> schemathesis.schemas.BaseSchema:
    """The spec of an app that never touched a database: enough to generate the cases, at
    import time (schemathesis' lazy fixture loader does not run under pytest 9). The cases
    are sent to `make_app`'s app with `case.call_and_validate(app=…)`."""
    spec = create_app(Settings(database_url="sqlite://")).openapi()
    return schemathesis.openapi.from_dict(spec).exclude(path=list(EXCLUDED_PATHS))
