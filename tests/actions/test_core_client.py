import asyncio
import json

import httpx
import pytest

from actions.core_client import (
    DEFAULT_CORE_URL,
    CoreClient,
    CoreUnavailableError,
    PortalInfo,
)

PORTALS = {
    ("douane", "fr"): "portail Douane",
    ("douane", "ar"): "بوابة الجمارك",
    ("douane", "en"): "Customs portal",
}


def fake_core(seen: list[httpx.Request]) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        code = request.url.path.rsplit("/", 1)[-1]
        name = PORTALS.get((code, request.url.params.get("lang", "")))
        if name is None:
            return httpx.Response(404, json={"error": {"code": "not_found", "message": "?"}})
        return httpx.Response(200, json={"code": code, "name": name})

    return httpx.MockTransport(handler)


@pytest.mark.parametrize("lang", ["fr", "ar", "en"])
def test_get_portal_returns_the_localized_name(lang: str) -> None:
    seen: list[httpx.Request] = []
    client = CoreClient("http://core.test/", "s3cret", transport=fake_core(seen))

    info = asyncio.run(client.get_portal("douane", lang))

    assert info == PortalInfo(code="douane", name=PORTALS[("douane", lang)])
    (request,) = seen
    assert request.method == "GET"
    assert str(request.url) == f"http://core.test/api/v1/internal/portals/douane?lang={lang}"


def test_token_header_is_sent_when_a_token_is_set() -> None:
    seen: list[httpx.Request] = []
    client = CoreClient("http://core.test", "s3cret", transport=fake_core(seen))

    asyncio.run(client.get_portal("douane", "fr"))

    assert seen[0].headers["X-Internal-Token"] == "s3cret"


@pytest.mark.parametrize("token", [None, ""])
def test_no_token_header_without_a_token(token: str | None) -> None:
    seen: list[httpx.Request] = []
    client = CoreClient("http://core.test", token, transport=fake_core(seen))

    asyncio.run(client.get_portal("douane", "fr"))

    assert "X-Internal-Token" not in seen[0].headers


def test_an_injected_async_client_is_used_and_left_open() -> None:
    seen: list[httpx.Request] = []

    async def scenario() -> tuple[PortalInfo, bool]:
        async with httpx.AsyncClient(transport=fake_core(seen)) as http:
            info = await CoreClient("http://core.test", "t", client=http).get_portal("douane", "en")
            return info, http.is_closed

    info, closed = asyncio.run(scenario())

    assert info.name == "Customs portal"
    assert closed is False
    assert seen[0].headers["X-Internal-Token"] == "t"


def test_portal_code_is_escaped_in_the_path() -> None:
    seen: list[httpx.Request] = []
    client = CoreClient("http://core.test", transport=fake_core(seen))

    with pytest.raises(CoreUnavailableError):
        asyncio.run(client.get_portal("../admin", "fr"))

    assert seen[0].url.raw_path.startswith(b"/api/v1/internal/portals/..%2Fadmin")


def handler_returning(response: httpx.Response) -> httpx.MockTransport:
    return httpx.MockTransport(lambda request: response)


@pytest.mark.parametrize(
    "transport",
    [
        handler_returning(httpx.Response(404, json={"error": {"code": "not_found"}})),
        handler_returning(httpx.Response(401, json={"error": {"code": "invalid_internal_token"}})),
        handler_returning(httpx.Response(500, text="boom")),
        handler_returning(httpx.Response(200, text="not json")),
        handler_returning(httpx.Response(200, json={"code": "douane"})),
        handler_returning(httpx.Response(200, json={"code": "douane", "name": ""})),
        handler_returning(httpx.Response(200, json=["douane"])),
    ],
    ids=["404", "401", "500", "not-json", "no-name", "empty-name", "not-an-object"],
)
def test_bad_answers_raise_core_unavailable(transport: httpx.MockTransport) -> None:
    client = CoreClient("http://core.test", transport=transport)

    with pytest.raises(CoreUnavailableError):
        asyncio.run(client.get_portal("douane", "fr"))


@pytest.mark.parametrize(
    "error", [httpx.ConnectError("refused"), httpx.ReadTimeout("slow")], ids=["down", "timeout"]
)
def test_network_errors_raise_core_unavailable(error: httpx.HTTPError) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise error

    client = CoreClient("http://core.test", transport=httpx.MockTransport(handler))

    with pytest.raises(CoreUnavailableError):
        asyncio.run(client.get_portal("douane", "fr"))


def test_from_env_reads_url_and_token() -> None:
    client = CoreClient.from_env(
        {"TIJARIA_CORE_URL": "http://core:9000/", "TIJARIA_INTERNAL_TOKEN": "abc"}
    )

    assert client.base_url == "http://core:9000"
    assert client.headers()["X-Internal-Token"] == "abc"


def test_from_env_defaults() -> None:
    client = CoreClient.from_env({"TIJARIA_INTERNAL_TOKEN": "  "})

    assert client.base_url == DEFAULT_CORE_URL == "http://127.0.0.1:8000"
    assert "X-Internal-Token" not in client.headers()


def test_portal_info_is_plain_json_shape() -> None:
    info = PortalInfo.model_validate(json.loads('{"code": "mic", "name": "Portail MIC"}'))

    assert info.model_dump() == {"code": "mic", "name": "Portail MIC"}


def test_get_identity_asks_about_the_conversation_escaped() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(
            200,
            json={
                "session_id": "a/b",
                "user": {"role": "operator", "realm": "portnet", "display_name": "Opérateur"},
            },
        )

    client = CoreClient("http://core.test", "s3cret", transport=httpx.MockTransport(handler))

    identity = asyncio.run(client.get_identity("a/b"))

    assert identity.user is not None and identity.user.display_name == "Opérateur"
    assert seen[0].url.raw_path == b"/api/v1/internal/conversations/a%2Fb/identity"
    assert seen[0].headers["X-Internal-Token"] == "s3cret"


def test_get_identity_of_an_anonymous_conversation() -> None:
    client = CoreClient(
        "http://core.test",
        transport=handler_returning(httpx.Response(200, json={"session_id": "s", "user": None})),
    )

    assert asyncio.run(client.get_identity("s")).user is None


@pytest.mark.parametrize(
    "response",
    [
        httpx.Response(401, json={"error": {"code": "invalid_internal_token"}}),
        httpx.Response(200, json={"session_id": "s", "user": {"display_name": "sans rôle"}}),
        httpx.Response(200, json=[]),
    ],
    ids=["401", "no-role", "not-an-object"],
)
def test_get_identity_bad_answers_raise_core_unavailable(response: httpx.Response) -> None:
    client = CoreClient("http://core.test", transport=handler_returning(response))

    with pytest.raises(CoreUnavailableError):
        asyncio.run(client.get_identity("s"))
