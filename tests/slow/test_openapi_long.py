"""The Schemathesis run of tests/api/test_openapi_schemathesis.py with a real budget:
200 examples per operation, positive and negative data. Minutes, so not in `make test`:

    TIJARIA_SLOW_TESTS=1 make test-fast PYTEST_ARGS="tests/slow -q"
"""

import os
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

pytestmark = pytest.mark.skipif(
    os.environ.get("TIJARIA_SLOW_TESTS") != "1",
    reason="skipped: slow (set TIJARIA_SLOW_TESTS=1)",
)


@pytest.fixture(scope="module")
def fuzzed_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    yield from make_app(tmp_path_factory.mktemp("schemathesis-long"))


schema = load_schema()


@schema.parametrize()
@settings(
    max_examples=int(os.environ.get("TIJARIA_SCHEMATHESIS_EXAMPLES", "200")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_answers_as_its_spec_says_long_run(
    case: schemathesis.Case, fuzzed_app: FastAPI
) -> None:
    fuzzed_app.state.rate_limits.reset()
    case.call_and_validate(
        checks=CHECKS,
        headers={"X-Internal-Token": INTERNAL_TOKEN},
        app=without_lifespan(fuzzed_app),
    )
