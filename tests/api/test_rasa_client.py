import json

import httpx
import pytest

from api.rasa_client import RasaClient, RasaUnavailable


def client_answering(handler) -> RasaClient:  # type: ignore[no-untyped-def]
    return RasaClient("http://rasa.test", token="t", transport=httpx.MockTransport(handler))


def test_send_posts_to_the_core_channel_with_the_token_and_metadata() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=[{"recipient_id": "s", "text": "Bonjour"}])

    replies = client_answering(handler).send(
        sender="s", message="bonjour", metadata={"portal": "mic"}
    )

    assert replies == [{"recipient_id": "s", "text": "Bonjour"}]
    assert seen[0].url.path == "/webhooks/tijaria/webhook"
    assert seen[0].headers["Authorization"] == "Bearer t"
    assert json.loads(seen[0].content) == {
        "sender": "s",
        "message": "bonjour",
        "metadata": {"portal": "mic"},
    }


@pytest.mark.parametrize(
    "handler",
    [
        lambda r: (_ for _ in ()).throw(httpx.ReadTimeout("slow")),
        lambda r: (_ for _ in ()).throw(httpx.ConnectError("refused")),
        lambda r: httpx.Response(500, text="boom"),
        lambda r: httpx.Response(200, text="not json"),
        lambda r: httpx.Response(200, json={"a": 1}),
    ],
    ids=["timeout", "refused", "5xx", "not-json", "not-a-list"],
)
def test_any_failure_is_rasa_unavailable(handler) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RasaUnavailable):
        client_answering(handler).send(sender="s", message="x", metadata={})


@pytest.mark.parametrize(
    ("response", "ready"),
    [
        (httpx.Response(200, json={"model_file": "models/m.tar.gz"}), True),
        (httpx.Response(200, json={"model_file": None}), False),
        (httpx.Response(401, json={}), False),
    ],
)
def test_is_ready_needs_a_loaded_model(response: httpx.Response, ready: bool) -> None:
    assert client_answering(lambda r: response).is_ready() is ready
