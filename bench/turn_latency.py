"""How much the core adds to a Rasa turn.

Starts the real stack on free ports (like the end-to-end tests), then times 200
sequential turns through the core's POST /api/v1/chat and 200 straight to Rasa's
webhook (the core's channel, with the core's token, as the core posts them), with the
same messages, and prints p50/p95 for both and their ratio.

    make bench        (or: TIJARIA_RASA_VENV=… TIJARIA_RASA_MODEL=… python bench/turn_latency.py)
"""

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from api.rasa_client import WEBHOOK_PATH
from assistant.supervisor import start_on_free_ports

TURNS = int(os.environ.get("BENCH_TURNS", "200"))
# A mix of turns answered by a plain response and by a custom action that calls the core.
MESSAGES = ["bonjour", "merci", "hello", "thank you", "مرحبا", "شكرا"]


def percentile(samples: list[float], q: int) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[q - 1]


def timed(
    post: Callable[..., httpx.Response],
    url: str,
    body: dict[str, Any],
    headers: dict[str, str] | None = None,
) -> float:
    started = time.perf_counter()
    response = post(url, json=body, headers=headers or {})
    elapsed = (time.perf_counter() - started) * 1000
    response.raise_for_status()
    return elapsed


def main() -> None:
    # One client sending turns back to back, as fast as it can: not what the rate limits
    # are for (a person types ~20 messages a minute), so they are lifted for the bench.
    os.environ.setdefault("TIJARIA_CHAT_PER_SESSION_MINUTE", "1000000")
    os.environ.setdefault("TIJARIA_CHAT_PER_CLIENT_MINUTE", "1000000")
    rasa_venv = Path(os.environ["TIJARIA_RASA_VENV"])
    model = Path(os.environ["TIJARIA_RASA_MODEL"])
    with tempfile.TemporaryDirectory() as tmp, open(Path(tmp) / "processes.log", "w") as log:
        settings, supervisor = start_on_free_ports(
            rasa_venv=rasa_venv, model=model, database_url=f"sqlite:///{tmp}/bench.db", out=log
        )
        try:
            if not supervisor.wait_ready():
                sys.exit(f"the stack did not start; see {log.name}")
            api = f"http://127.0.0.1:{settings.api_port}/api/v1/chat"
            webhook = f"{settings.rasa_url}{WEBHOOK_PATH}"
            core_token = {"Authorization": f"Bearer {settings.rasa_token}"}
            langs = {"bonjour": "fr", "merci": "fr", "hello": "en", "thank you": "en"}
            with httpx.Client(timeout=30) as http:
                for warm in MESSAGES:  # first turns load lazily-built parts
                    http.post(api, json={"session_id": "warm", "message": warm})
                core, bare = [], []
                for i in range(TURNS):
                    message = MESSAGES[i % len(MESSAGES)]
                    lang = langs.get(message, "ar")
                    core.append(
                        timed(
                            http.post,
                            api,
                            {
                                "session_id": f"core-{i // 20}",
                                "message": message,
                                "portal": "douane",
                            },
                        )
                    )
                    bare.append(
                        timed(
                            http.post,
                            webhook,
                            {
                                "sender": f"bare-{i // 20}",
                                "message": message,
                                "metadata": {
                                    "portal": "douane",
                                    "language": lang,
                                    "detected_language": lang,
                                    "user": None,
                                },
                            },
                            core_token,
                        )
                    )
        finally:
            supervisor.stop()

    c50, c95 = percentile(core, 50), percentile(core, 95)
    b50, b95 = percentile(bare, 50), percentile(bare, 95)
    print(f"turns: {TURNS} sequential each, messages: {', '.join(MESSAGES)}")
    print(f"bare Rasa webhook      : p50 {b50:6.1f} ms   p95 {b95:6.1f} ms")
    print(f"through the core       : p50 {c50:6.1f} ms   p95 {c95:6.1f} ms")
    print(
        f"core / bare            : p50 {c50 / b50:6.2f}x    p95 {c95 / b95:6.2f}x   "
        f"(core adds {100 * (c50 / b50 - 1):+.0f}% at p50; target ≤ +30%)"
    )


if __name__ == "__main__":
    main()
