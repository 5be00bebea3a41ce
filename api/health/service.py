"""Reachability of what the core depends on."""

from typing import Literal

import httpx
from sqlalchemy import text
from sqlalchemy.orm import Session

from api.config import Settings
from api.health.models import ComponentHealth, HealthRead
from api.rasa_client import RasaClient


def check_database(*, db: Session) -> ComponentHealth:
    try:
        db.execute(text("SELECT 1"))
        return ComponentHealth(ok=True)
    except Exception as exc:  # noqa: BLE001 - any failure means "not reachable"
        return ComponentHealth(ok=False, detail=type(exc).__name__)


def check_rasa(*, rasa: RasaClient) -> ComponentHealth:
    if rasa.is_ready():
        return ComponentHealth(ok=True)
    return ComponentHealth(ok=False, detail="no answer or no model loaded")


def check_action_server(*, settings: Settings) -> ComponentHealth:
    try:
        response = httpx.get(f"{settings.action_server_url}/health", timeout=2.0)
        return ComponentHealth(
            ok=response.status_code == 200, detail=f"HTTP {response.status_code}"
        )
    except httpx.HTTPError as exc:
        return ComponentHealth(ok=False, detail=type(exc).__name__)


def check_all(*, db: Session, rasa: RasaClient, settings: Settings) -> HealthRead:
    database = check_database(db=db)
    rasa_health = check_rasa(rasa=rasa)
    actions = check_action_server(settings=settings)
    status: Literal["ok", "degraded", "down"]
    if not database.ok:
        status = "down"
    elif rasa_health.ok and actions.ok:
        status = "ok"
    else:
        status = "degraded"
    return HealthRead(status=status, database=database, rasa=rasa_health, action_server=actions)
