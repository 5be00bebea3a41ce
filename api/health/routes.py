from fastapi import APIRouter, Response

from api.deps import RasaDep, SessionDep, SettingsDep
from api.health import service
from api.health.models import HealthRead

router = APIRouter(tags=["health"])


@router.get(
    "/health",
    response_model=HealthRead,
    responses={503: {"model": HealthRead, "description": "a component the core needs is down"}},
)
def read_health(
    db: SessionDep, rasa: RasaDep, settings: SettingsDep, response: Response
) -> HealthRead:
    health = service.check_all(db=db, rasa=rasa, settings=settings)
    if health.status == "down":
        response.status_code = 503
    return health


@router.get("/health/live")
def read_liveness() -> dict[str, str]:
    """The API process itself answers: what the supervisor watches to restart it. Checks
    nothing else, so a hung Rasa or action server never gets the API restarted too."""
    return {"status": "ok"}
