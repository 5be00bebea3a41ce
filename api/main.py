"""The application factory. `uvicorn api.main:app` serves the core."""

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI
from fastapi.middleware.cors import CORSMiddleware

from api import log_redaction
from api.accounts.routes import router as accounts_router
from api.chat.routes import router as chat_router
from api.claims.routes import agent_router as claims_agent_router
from api.claims.routes import internal_router as claims_internal_router
from api.claims.routes import router as claims_router
from api.config import Settings, get_settings
from api.conversations.routes import internal_router as conversations_internal_router
from api.conversations.routes import router as conversations_router
from api.database import make_engine, make_session_factory
from api.douane_accounts.routes import router as douane_accounts_router
from api.douane_accounts.routes import staff_router as douane_accounts_staff_router
from api.errors import error_responses, install_handlers
from api.handoff.routes import agent_router as handoff_agent_router
from api.handoff.routes import internal_router as handoff_internal_router
from api.handoff.routes import router as handoff_router
from api.health.gate import GuardedRasaClient
from api.health.routes import router as health_router
from api.knowledge.routes import internal_router as knowledge_internal_router
from api.knowledge.routes import router as knowledge_router
from api.knowledge.service import get_retriever
from api.language import warm_up
from api.notifications import retry_loop as mail_retry
from api.notifications.routes import router as outbox_router
from api.portal_files import demo_events as portal_file_events
from api.portal_files.routes import internal_router as portal_files_internal_router
from api.portal_files.routes import router as portal_files_router
from api.portal_files.routes import staff_router as portal_files_staff_router
from api.portals.routes import router as portals_router
from api.procedures.routes import internal_router as procedures_internal_router
from api.procedures.routes import router as procedures_router
from api.push.broker import make_broker
from api.rasa_client import RasaClient
from api.rate_limits import RateLimits
from api.rnoce.routes import pages_router as rnoce_pages_router
from api.rnoce.routes import router as rnoce_router
from api.security_headers import SecurityHeaders
from api.subscriptions.routes import router as subscriptions_router
from api.subscriptions.routes import staff_router as subscriptions_staff_router
from api.text_input import JsonGuard
from api.uploads.routes import router as uploads_router
from api.voice.routes import router as voice_router
from api.web.routes import api_router as widget_api_router
from api.web.routes import router as web_router
from api.webchat import routes as webchat


def create_app(settings: Settings | None = None, *, rasa: RasaClient | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        warm_up()
        get_retriever()  # loads (or builds) the knowledge index once, before the first question
        retrying = mail_retry.start(session_factory=app.state.session_factory, settings=settings)
        file_events = portal_file_events.start(
            session_factory=app.state.session_factory, settings=settings
        )
        yield
        for task in (retrying, file_events):
            if task is not None:
                task.cancel()
        app.state.rasa.close()
        app.state.broker.close()
        app.state.engine.dispose()

    app = FastAPI(title="TijarIA", version="0.1.0", lifespan=lifespan)
    app.state.settings = settings
    app.state.engine = make_engine(settings.database_url)
    # Server push (api/push): in this process, or through Redis with TIJARIA_REDIS_URL.
    app.state.broker = make_broker(settings)
    app.state.session_factory = make_session_factory(app.state.engine, broker=app.state.broker)
    # Guarded: when Rasa or the action server is down or hung, turns go to degraded mode
    # within a second or two instead of each waiting Rasa's timeout (api/health/gate.py).
    app.state.rasa = rasa or GuardedRasaClient(
        settings.rasa_url,
        action_server_url=settings.action_server_url,
        token=settings.rasa_token,
        timeout_seconds=settings.rasa_timeout_seconds,
    )
    app.state.rate_limits = RateLimits(settings)
    install_handlers(app)
    # Innermost: refuses oversized JSON and text that is not Unicode before any route reads it.
    app.add_middleware(JsonGuard, max_bytes=settings.json_max_bytes)
    if settings.cors_origin_list:
        # Bearer tokens, not cookies: no credentials mode is needed across origins.
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origin_list,
            allow_methods=["GET", "POST"],
            allow_headers=[
                "Authorization",
                "Content-Type",
                "Accept-Language",
                "X-Conversation-Key",
            ],
            # A widget on another origin keeps the conversation key it is handed (api.deps).
            # …and reads how long a refused (429) message must wait before it goes again.
            expose_headers=["X-Conversation-Key", "Retry-After"],
            max_age=600,
        )
    # Outermost: every response gets them, CORS preflights and refusals included.
    app.add_middleware(SecurityHeaders)
    # In front of it all: rasa-webchat's socket.io endpoint (api/webchat), which answers
    # its own CORS.
    webchat.install(app, settings)

    # Any route can be sent a body or query it cannot read (400) or fields it refuses (422).
    api = APIRouter(prefix="/api/v1", responses=error_responses(400, 422))
    for router in (
        accounts_router,
        chat_router,
        conversations_router,
        health_router,
        portals_router,
        knowledge_router,
        knowledge_internal_router,
    ):
        api.include_router(router)
    api.include_router(uploads_router)
    api.include_router(voice_router)
    api.include_router(widget_api_router)
    api.include_router(rnoce_router)
    api.include_router(outbox_router)
    api.include_router(conversations_internal_router)
    api.include_router(procedures_router)
    api.include_router(procedures_internal_router)
    api.include_router(claims_router)
    api.include_router(claims_agent_router)
    api.include_router(claims_internal_router)
    api.include_router(subscriptions_router)
    api.include_router(subscriptions_staff_router)
    api.include_router(handoff_agent_router)
    api.include_router(handoff_router)
    api.include_router(handoff_internal_router)
    api.include_router(portal_files_router)
    api.include_router(portal_files_internal_router)
    api.include_router(portal_files_staff_router)
    api.include_router(douane_accounts_router)
    api.include_router(douane_accounts_staff_router)
    app.include_router(api)
    app.include_router(web_router)
    app.include_router(rnoce_pages_router)
    return app


def app() -> FastAPI:
    """Factory for `uvicorn --factory api.main:app`."""
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    log_redaction.install()
    return create_app()
