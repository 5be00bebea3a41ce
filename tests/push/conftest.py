"""Both brokers: the in-process one, and Redis at 127.0.0.1:6379 when it answers."""

import os
import socket
import uuid
from collections.abc import Iterator

import pytest

from api.push.broker import InProcessBroker, RedisBroker

REDIS_URL = os.environ.get("TIJARIA_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def redis_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture
def redis_url() -> str:
    if not redis_reachable():
        pytest.skip("skipped: no Redis on 127.0.0.1:6379")
    return REDIS_URL


@pytest.fixture(params=["in-process", "redis"])
def broker(request: pytest.FixtureRequest) -> Iterator[InProcessBroker | RedisBroker]:
    if request.param == "in-process":
        yield InProcessBroker()
        return
    made = RedisBroker(request.getfixturevalue("redis_url"))
    yield made
    made.close()


@pytest.fixture
def channel() -> str:
    # Redis is shared between test runs: a channel of this test's own.
    return f"test:{uuid.uuid4().hex}"
