"""`python -m assistant.action_server --port 5055`: the rasa-sdk action server, for Rasa only.

rasa-sdk's own server binds 0.0.0.0 and runs any action for whoever posts to
/webhook, with whatever tracker (slots, sender id) the caller made up. This one
listens on 127.0.0.1 and answers only requests that carry the secret Rasa sends
(`Authorization: Bearer <TIJARIA_ACTION_SERVER_TOKEN>`, from endpoints.yml);
/health stays open for the supervisor. It will not start without the secret.
Actions still never take identity from the tracker: they ask the core.
"""

import argparse
import hmac
import logging
import os
import sys
from functools import partial
from typing import Final

from rasa_sdk import utils
from rasa_sdk.endpoint import create_app_for_serve
from rasa_sdk.executor import ActionExecutor
from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse
from sanic.worker.loader import AppLoader

TOKEN_ENV: Final = "TIJARIA_ACTION_SERVER_TOKEN"
OPEN_PATHS: Final = frozenset({"/health"})
HOST: Final = "127.0.0.1"


def is_authorized(authorization: str | None, token: str) -> bool:
    """`Bearer <token>`, compared in constant time (bytes: non-ASCII is a mismatch)."""
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not given.strip() or not token:
        return False
    return hmac.compare_digest(given.strip().encode(), token.encode())


def create_app(action_executor: ActionExecutor, *, token: str) -> Sanic:
    """rasa-sdk's app, each request first checked for the secret.

    Module-level: Sanic's worker processes rebuild the app by calling it (AppLoader).
    """
    # No CORS: only Rasa, never a browser page, calls the action server.
    app = create_app_for_serve(action_executor, cors_origins="")

    async def require_token(request: Request) -> HTTPResponse | None:
        if request.path in OPEN_PATHS:
            return None
        if is_authorized(request.headers.get("Authorization"), token):
            return None
        return response.json(
            {"error": {"code": "invalid_token", "message": "invalid_token"}}, status=401
        )

    # Before rasa-sdk's own middleware, so nothing of a refused request is read.
    app.on_request(require_token, priority=1000)
    return app


def serve(*, actions_package: str, port: int, token: str) -> None:
    executor = ActionExecutor()
    executor.register_package(actions_package)
    loader = AppLoader(factory=partial(create_app, executor, token=token))
    app = loader.load()
    app.prepare(host=HOST, port=port, workers=utils.number_of_sanic_workers())
    Sanic.serve(primary=app, app_loader=loader)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=5055)
    args = parser.parse_args()
    token = os.environ.get(TOKEN_ENV, "").strip()
    if not token:
        sys.exit(f"{TOKEN_ENV} is not set: the action server answers Rasa only, with that secret.")
    utils.configure_colored_logging(logging.INFO)
    utils.update_sanic_log_level()
    serve(actions_package="actions", port=args.port, token=token)


if __name__ == "__main__":
    main()
