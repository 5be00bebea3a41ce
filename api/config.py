"""Every setting of the core in one place, read from TIJARIA_* environment variables."""

from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TIJARIA_", extra="ignore")

    database_url: str = f"sqlite:///{PROJECT_ROOT / 'var' / 'tijaria.db'}"
    redis_url: str | None = None

    api_host: str = "127.0.0.1"
    api_port: int = 8000
    rasa_port: int = 5005
    action_server_port: int = 5055
    # Shared secret between Rasa's HTTP API and the core (Rasa's --auth-token).
    rasa_token: str = ""
    # Shared secret the action server presents to the core's internal routes.
    internal_token: str = ""
    # A Rasa turn that takes longer than this is answered in degraded mode.
    rasa_timeout_seconds: float = 10.0

    max_message_chars: int = 2000
    support_phone: str = "+212 520 47 31 00"

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def action_server_url(self) -> str:
        return f"http://127.0.0.1:{self.action_server_port}"

    @property
    def public_url(self) -> str:
        return f"http://{self.api_host}:{self.api_port}"


@lru_cache
def get_settings() -> Settings:
    return Settings()
