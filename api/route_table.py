"""Every route the app serves, with its full path: FastAPI keeps included routers
nested, so `app.routes` alone does not list them."""

from collections.abc import Iterator
from dataclasses import dataclass

from fastapi import FastAPI
from starlette.routing import BaseRoute


@dataclass(frozen=True)
class RouteInfo:
    path: str
    # "WS" for a WebSocket route.
    methods: frozenset[str]

    @property
    def is_websocket(self) -> bool:
        return self.methods == frozenset({"WS"})


def _info(path: str, route: BaseRoute) -> RouteInfo:
    methods = getattr(route, "methods", None)
    return RouteInfo(
        path=path, methods=frozenset(methods - {"HEAD"}) if methods else frozenset({"WS"})
    )


def route_table(app: FastAPI) -> Iterator[RouteInfo]:
    for route in app.routes:
        contexts = getattr(route, "effective_route_contexts", None)
        if contexts is None:
            yield _info(getattr(route, "path", ""), route)
            continue
        for context in contexts():
            # WebSocket contexts leave `path` empty; their Starlette route has it.
            path = context.path or getattr(context.starlette_route, "path", "")
            yield _info(path, context.original_route)


def has_route(app: FastAPI, path: str) -> bool:
    return any(info.path == path for info in route_table(app))
