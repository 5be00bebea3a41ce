"""Schemathesis against the OpenAPI spec, in-process: no 5xx, no answer the spec does not
declare. A small budget here (part of `make test`); tests/slow/ runs a longer one."""

from collections.abc import Iterator

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, settings

from tests.api.schemathesis_app import (
    CHECKS,
    INTERNAL_TOKEN,
    load_schema,
    make_app,
    without_lifespan,
)


@pytest.fixture(scope="module")
def fuzzed_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    yield from make_app(tmp_path_factory.mktemp("schemathesis"))


schema = load_schema()


@schema.parametrize()
@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_the_api_answers_as_its_spec_says(case: schemathesis.Case, fuzzed_app: FastAPI) -> None:
    # Reset between examples: the rate limits must not turn every later case into a 429.
    fuzzed_app.state.rate_limits.reset()
    case.call_and_validate(
        checks=CHECKS,
        headers={"X-Internal-Token": INTERNAL_TOKEN},
        app=without_lifespan(fuzzed_app),
    )


def test_the_spec_declares_what_the_routes_answer(fuzzed_app: FastAPI) -> None:
    """Statuses the routes really give (issue 12): a spec without them fails the run above."""
    paths = fuzzed_app.openapi()["paths"]

    def statuses(path: str, method: str = "post") -> set[str]:
        return set(paths[path][method]["responses"])

    assert {"401", "404", "429"} <= statuses("/api/v1/chat")
    assert {"401", "404", "413", "415", "429"} <= statuses("/api/v1/uploads")
    assert {"410"} <= statuses("/api/v1/rnoce/password")
    assert {"429"} <= statuses("/api/v1/rnoce/signup")
    assert {"404"} <= statuses("/api/v1/conversations/{session_id}/messages", "get")
    for operations in paths.values():
        for operation in operations.values():
            assert "422" in operation["responses"]
            body = operation["responses"]["422"]["content"]["application/json"]["schema"]
            assert body == {"$ref": "#/components/schemas/ErrorBody"}
