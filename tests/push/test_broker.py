"""api/push/broker.py: what is published on a channel reaches that channel's current
subscribers (from any thread), and nobody else."""

import asyncio
import threading
from collections.abc import AsyncIterator
from typing import Any

import pytest

from api.config import Settings
from api.push.broker import (
    QUEUE_SIZE,
    BrokerUnavailable,
    InProcessBroker,
    RedisBroker,
    conversation_channel,
    make_broker,
)

Broker = InProcessBroker | RedisBroker


async def next_event(events: AsyncIterator[dict[str, Any]], timeout: float = 3.0) -> dict[str, Any]:
    return await asyncio.wait_for(anext(events), timeout)


async def nothing_comes(events: AsyncIterator[dict[str, Any]], wait: float = 0.3) -> bool:
    try:
        await asyncio.wait_for(anext(events), wait)
    except TimeoutError:
        return True
    return False


def publish_from_a_thread(broker: Broker, channel: str, event: dict[str, Any]) -> None:
    # As after a commit in threadpool code: not the subscriber's event loop thread.
    thread = threading.Thread(target=broker.publish, args=(channel, event))
    thread.start()
    thread.join()


def test_a_subscriber_receives_what_is_published_from_another_thread(
    broker: Broker, channel: str
) -> None:
    async def scenario() -> list[dict[str, Any]]:
        async with broker.subscribe(channel) as events:
            publish_from_a_thread(broker, channel, {"type": "message", "n": 1})
            publish_from_a_thread(broker, channel, {"type": "message", "n": 2, "text": "é ع"})
            return [await next_event(events), await next_event(events)]

    assert asyncio.run(scenario()) == [
        {"type": "message", "n": 1},
        {"type": "message", "n": 2, "text": "é ع"},
    ]


def test_every_subscriber_of_the_channel_receives_and_no_other_channel(
    broker: Broker, channel: str
) -> None:
    async def scenario() -> tuple[dict[str, Any], dict[str, Any], bool]:
        async with (
            broker.subscribe(channel) as first,
            broker.subscribe(channel) as second,
            broker.subscribe(channel + "-other") as other,
        ):
            broker.publish(channel, {"n": 1})
            return await next_event(first), await next_event(second), await nothing_comes(other)

    first, second, other_silent = asyncio.run(scenario())
    assert first == second == {"n": 1}
    assert other_silent


def test_nothing_is_delivered_after_leaving_nor_before_subscribing(
    broker: Broker, channel: str
) -> None:
    async def scenario() -> tuple[dict[str, Any], bool]:
        broker.publish(channel, {"n": "before"})
        async with broker.subscribe(channel) as events:
            broker.publish(channel, {"n": "during"})
            during = await next_event(events)
        broker.publish(channel, {"n": "after"})  # nobody listens: no error either
        async with broker.subscribe(channel) as events:
            return during, await nothing_comes(events)

    during, silent = asyncio.run(scenario())
    assert during == {"n": "during"} and silent


def test_the_in_process_broker_forgets_a_subscriber_that_left() -> None:
    broker = InProcessBroker()

    async def scenario() -> int:
        async with broker.subscribe("c"):
            assert broker.subscriber_count("c") == 1
        return broker.subscriber_count("c")

    assert asyncio.run(scenario()) == 0


def test_a_subscriber_that_does_not_keep_up_loses_the_oldest_events() -> None:
    broker = InProcessBroker()

    async def scenario() -> dict[str, Any]:
        async with broker.subscribe("c") as events:
            for n in range(QUEUE_SIZE + 5):
                broker.publish("c", {"n": n})
            await asyncio.sleep(0.05)  # let the loop run the deliveries
            return await next_event(events)

    assert asyncio.run(scenario()) == {"n": 5}


def test_redis_down_publishing_is_logged_not_raised(caplog: pytest.LogCaptureFixture) -> None:
    broker = RedisBroker("redis://127.0.0.1:1/0")

    broker.publish("c", {"n": 1})

    assert "not published" in caplog.text


def test_make_broker_picks_redis_when_a_url_is_set() -> None:
    assert isinstance(make_broker(Settings(redis_url=None)), InProcessBroker)
    assert isinstance(make_broker(Settings(redis_url="redis://127.0.0.1:6379/0")), RedisBroker)
    assert conversation_channel("abc") != conversation_channel("abd")


def test_redis_down_subscribing_says_the_broker_is_unavailable() -> None:
    broker = RedisBroker("redis://127.0.0.1:1/0")

    async def scenario() -> None:
        async with broker.subscribe("c"):
            pass

    with pytest.raises(BrokerUnavailable):
        asyncio.run(scenario())
