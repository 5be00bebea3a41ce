from typing import Literal

from pydantic import BaseModel


class ComponentHealth(BaseModel):
    ok: bool
    detail: str = ""


class HealthRead(BaseModel):
    status: Literal["ok", "degraded", "down"]
    database: ComponentHealth
    rasa: ComponentHealth
    action_server: ComponentHealth
