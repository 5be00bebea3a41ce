"""The widget's files, the demo portal pages, and the widget's own small API.

`router` serves pages and files at the site root; `api_router` goes under /api/v1.
"""

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, Response

from api.deps import OptionalUser, SessionDep, SettingsDep
from api.errors import NotFound, error_responses
from api.i18n import REPLY_LANGS
from api.portals.catalog import DEFAULT_PORTAL, PORTAL_CODES
from api.route_table import has_route
from api.uploads.models import DOCUMENT_TYPES, MAX_UPLOAD_BYTES
from api.web import pages, service
from api.web.models import ConversationList, WidgetConfig

STATIC = Path(__file__).resolve().parent / "static"
# Revalidated on every load (ETag), so a new widget reaches every portal at once.
_NO_CACHE = {"Cache-Control": "no-cache"}
# A module's URL holds the modules' version: what it serves never changes.
_IMMUTABLE = {"Cache-Control": "public, max-age=31536000, immutable"}
_JAVASCRIPT = "text/javascript; charset=utf-8"

router = APIRouter(tags=["widget"])
api_router = APIRouter(prefix="/widget", tags=["widget"])


def _javascript(request: Request, asset: service.Asset, cache: dict[str, str]) -> Response:
    headers = {**cache, "ETag": asset.etag}
    if asset.etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    return Response(asset.body, media_type=_JAVASCRIPT, headers=headers)


@router.get("/widget/tijaria.js", include_in_schema=False)
def widget_script(request: Request) -> Response:
    """The loader the portals embed: small, always revalidated; it imports the modules."""
    return _javascript(request, service.widget_loader(), _NO_CACHE)


@router.get("/widget/{build}/{name}", include_in_schema=False)
def widget_module(request: Request, build: str, name: str) -> Response:
    """A module of the widget, under the modules' version the loader names. A stale
    version (a loader from before a deploy) still gets the current module, uncached."""
    asset = service.widget_module(name=name)
    if asset is None:
        raise NotFound("not_found")
    return _javascript(request, asset, _IMMUTABLE if build == service.widget_build() else _NO_CACHE)


@router.get("/demo/portal.css", include_in_schema=False)
def demo_css() -> FileResponse:
    return FileResponse(
        STATIC / "portal.css", media_type="text/css; charset=utf-8", headers=_NO_CACHE
    )


@router.get("/demo/portal.js", include_in_schema=False)
def demo_js() -> FileResponse:
    return FileResponse(STATIC / "portal.js", media_type=_JAVASCRIPT, headers=_NO_CACHE)


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def index() -> HTMLResponse:
    return HTMLResponse(pages.index_page())


@router.get("/portals/{code}", response_class=HTMLResponse, include_in_schema=False)
@router.get("/portals/{code}/{page}", response_class=HTMLResponse, include_in_schema=False)
def portal_page(
    code: str, settings: SettingsDep, page: str | None = None, lang: str = "fr"
) -> HTMLResponse:
    html = pages.portal_page(
        code, page, lang=lang if lang in REPLY_LANGS else "fr", support_phone=settings.support_phone
    )
    if html is None:
        raise NotFound("not_found")
    return HTMLResponse(html)


@router.get("/console", response_class=HTMLResponse, include_in_schema=False)
def console_page(lang: str | None = None) -> HTMLResponse:
    """The agents' console: sign-in, claims queue, a claim's file (static/console/)."""
    html = pages.console_page(lang=lang, widget_modules=f"/widget/{service.widget_build()}/")
    return HTMLResponse(html, headers=_NO_CACHE)


@router.get("/console/static/{name}", include_in_schema=False)
def console_file(request: Request, name: str) -> Response:
    found = service.console_asset(name=name)
    if found is None:
        raise NotFound("not_found")
    asset, media_type = found
    headers = {**_NO_CACHE, "ETag": asset.etag}
    if asset.etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    return Response(asset.body, media_type=media_type, headers=headers)


@api_router.get("/config", response_model=WidgetConfig)
def widget_config(request: Request, settings: SettingsDep) -> WidgetConfig:
    voice_route = has_route(request.app, "/api/v1/voice")
    return WidgetConfig(
        voice=voice_route and settings.voice_enabled,
        voice_max_seconds=settings.voice_max_seconds,
        max_upload_bytes=MAX_UPLOAD_BYTES,
        upload_types=list(DOCUMENT_TYPES),
        max_message_chars=settings.max_message_chars,
        portals=[DEFAULT_PORTAL, *(code for code in PORTAL_CODES if code != DEFAULT_PORTAL)],
    )


@api_router.get("/conversations", response_model=ConversationList, responses=error_responses(401))
def conversation_list(
    db: SessionDep,
    user: OptionalUser,
    session_id: Annotated[list[str], Query()] = [],  # noqa: B006 - FastAPI query list
) -> ConversationList:
    """ "Historique TijarIA": the conversations of the session ids this browser kept,
    and, signed in, the user's own from any browser; never another user's."""
    return ConversationList(
        conversations=service.summaries(
            db=db, session_ids=session_id[: service.MAX_LISTED], user_id=user.id if user else None
        )
    )
