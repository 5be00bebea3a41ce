"""Server push: who hears what is stored for a conversation.

A small broker interface (DESIGN.md, "The conversation orchestrator"): `publish` is
synchronous and thread-safe (it is called from threadpool code once a transaction has
committed, see api.push.publish), `subscribe` is an async context manager yielding an
async iterator of events. In-process by default; Redis pub/sub with TIJARIA_REDIS_URL,
so that what an agent says on replica B reaches the user's socket on replica A.

Publishing is best effort: a message is stored before it is published, and a client
that missed a push (a replica down, Redis unreachable) gets it on reconnecting
(`last_message_id`). A publish that fails is logged, never raised to the caller.
"""

import asyncio
import json
import logging
import threading
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any, Protocol

from api.config import Settings

log = logging.getLogger(__name__)

Event = dict[str, Any]

# A subscriber that does not keep up (a socket stuck on a slow network) loses the oldest
# events beyond this many: it gets them again by reconnecting with its last message id.
QUEUE_SIZE = 256


class BrokerUnavailable(Exception):
    """The broker cannot be reached (Redis down): no pushes for now."""


def conversation_channel(session_id: str) -> str:
    """The channel every socket of a conversation listens to."""
    return f"tijaria:conversation:{session_id}"


class Broker(Protocol):
    def publish(self, channel: str, event: Event) -> None:
        """Deliver `event` to every current subscriber of `channel` (thread-safe)."""
        ...

    def subscribe(self, channel: str) -> AbstractAsyncContextManager[AsyncIterator[Event]]:
        """`async with broker.subscribe(channel) as events: async for event in events: …`
        Events published after the `async with` has entered are delivered."""
        ...

    def close(self) -> None: ...


class _Subscriber:
    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.queue: asyncio.Queue[Event] = asyncio.Queue(maxsize=QUEUE_SIZE)

    def put(self, event: Event) -> None:
        """Runs in the subscriber's loop."""
        if self.queue.full():
            self.queue.get_nowait()
        self.queue.put_nowait(event)


async def _drain(queue: "asyncio.Queue[Event]") -> AsyncIterator[Event]:
    while True:
        yield await queue.get()


class InProcessBroker:
    """Subscribers of this process only: one API replica (the embedded default)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._channels: dict[str, set[_Subscriber]] = {}

    def publish(self, channel: str, event: Event) -> None:
        with self._lock:
            subscribers = list(self._channels.get(channel, ()))
        for subscriber in subscribers:
            try:
                subscriber.loop.call_soon_threadsafe(subscriber.put, event)
            except RuntimeError:
                # That subscriber's loop is closed: it is going away.
                continue

    @asynccontextmanager
    async def subscribe(self, channel: str) -> AsyncIterator[AsyncIterator[Event]]:
        subscriber = _Subscriber(asyncio.get_running_loop())
        with self._lock:
            self._channels.setdefault(channel, set()).add(subscriber)
        try:
            yield _drain(subscriber.queue)
        finally:
            with self._lock:
                listeners = self._channels.get(channel)
                if listeners is not None:
                    listeners.discard(subscriber)
                    if not listeners:
                        del self._channels[channel]

    def subscriber_count(self, channel: str) -> int:
        with self._lock:
            return len(self._channels.get(channel, ()))

    def close(self) -> None:
        return None


class RedisBroker:
    """Redis pub/sub: every replica's subscribers. Events travel as JSON."""

    def __init__(self, url: str) -> None:
        import redis

        self._url = url
        # Publishing is short and synchronous (threadpool code after a commit).
        self._redis = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)

    def publish(self, channel: str, event: Event) -> None:
        from redis import RedisError

        try:
            self._redis.publish(channel, json.dumps(event, ensure_ascii=False))
        except (RedisError, OSError) as exc:  # a push is best effort
            log.warning("push to %s not published (Redis): %s", channel, exc)

    @asynccontextmanager
    async def subscribe(self, channel: str) -> AsyncIterator[AsyncIterator[Event]]:
        import redis.asyncio as aioredis
        from redis import RedisError

        client = aioredis.Redis.from_url(self._url, socket_connect_timeout=2)
        pubsub = client.pubsub()
        try:
            try:
                await pubsub.subscribe(channel)
                # Wait for Redis to confirm: from then on every publish reaches us.
                while True:
                    confirmation = await pubsub.get_message(timeout=2.0)
                    if confirmation is None:
                        raise BrokerUnavailable(
                            f"Redis did not confirm the subscription to {channel}"
                        )
                    if confirmation.get("type") == "subscribe":
                        break
            except (RedisError, OSError) as exc:
                raise BrokerUnavailable(str(exc) or type(exc).__name__) from exc
            yield self._events(pubsub)
        finally:
            try:
                await pubsub.unsubscribe(channel)
                await pubsub.aclose()
            except (RedisError, OSError) as exc:
                log.info("leaving %s on Redis: %s", channel, exc)
            finally:
                await client.aclose()

    @staticmethod
    async def _events(pubsub: Any) -> AsyncIterator[Event]:
        async for message in pubsub.listen():
            if message.get("type") != "message":
                continue
            try:
                event = json.loads(message["data"])
            except (TypeError, ValueError):
                log.warning("unreadable push event on %s", message.get("channel"))
                continue
            if isinstance(event, dict):
                yield event

    def close(self) -> None:
        self._redis.close()


def make_broker(settings: Settings) -> InProcessBroker | RedisBroker:
    """Redis when TIJARIA_REDIS_URL is set (several replicas), else this process only."""
    if settings.redis_url:
        return RedisBroker(settings.redis_url)
    return InProcessBroker()
