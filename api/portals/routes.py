"""Internal routes for the action server: the portal a conversation happens on."""

from fastapi import APIRouter

from api.deps import InternalCaller
from api.errors import NotFound, error_responses
from api.i18n import ReplyLang
from api.portals.catalog import PORTAL_NAMES, portal_name
from api.portals.models import PortalRead

router = APIRouter(prefix="/internal/portals", tags=["internal"])


@router.get("/{code}", response_model=PortalRead, responses=error_responses(401, 404))
def read_portal(code: str, _caller: InternalCaller, lang: ReplyLang = "fr") -> PortalRead:
    if code not in PORTAL_NAMES:
        raise NotFound("not_found")
    return PortalRead(code=code, name=portal_name(code, lang))
