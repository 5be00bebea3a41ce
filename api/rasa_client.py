"""Talks to Rasa's REST channel. Any failure to get an answer is one exception type."""

from typing import Any
from urllib.parse import quote

import httpx

# assistant/rasa_channel.py: Rasa's REST contract, for the bearer of the Rasa token only.
WEBHOOK_PATH = "/webhooks/tijaria/webhook"


class RasaUnavailable(Exception):
    """Rasa did not answer in time, refused the connection, or failed."""


class RasaClient:
    def __init__(
        self,
        base_url: str,
        *,
        token: str = "",
        timeout_seconds: float = 10.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self._token = token
        self._http = httpx.Client(
            base_url=base_url,
            timeout=httpx.Timeout(timeout_seconds, connect=min(2.0, timeout_seconds)),
            transport=transport,
        )

    def send(self, *, sender: str, message: str, metadata: dict[str, Any]) -> list[dict[str, Any]]:
        """One user turn; returns Rasa's bot messages (text, buttons, custom)."""
        try:
            response = self._http.post(
                WEBHOOK_PATH,
                json={"sender": sender, "message": message, "metadata": metadata},
                headers={"Authorization": f"Bearer {self._token}"},
            )
            response.raise_for_status()
            replies = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise RasaUnavailable(str(exc) or type(exc).__name__) from exc
        if not isinstance(replies, list):
            raise RasaUnavailable(f"unexpected reply from Rasa: {replies!r:.200}")
        return [reply for reply in replies if isinstance(reply, dict)]

    def tracker_event(self, *, sender: str, event: dict[str, Any]) -> None:
        """Append an event to the conversation's tracker through Rasa's HTTP API (the
        handoff pauses Rasa while a person has the conversation, and resumes it)."""
        try:
            response = self._http.post(
                f"/conversations/{quote(sender, safe='')}/tracker/events",
                params={"token": self._token},
                json=event,
            )
            response.raise_for_status()
        except httpx.HTTPError as exc:
            raise RasaUnavailable(str(exc) or type(exc).__name__) from exc

    def is_ready(self) -> bool:
        """True once Rasa has loaded a model and can answer turns."""
        try:
            response = self._http.get("/status", params={"token": self._token}, timeout=2.0)
            return response.status_code == 200 and bool(response.json().get("model_file"))
        except (httpx.HTTPError, ValueError):
            return False

    def close(self) -> None:
        self._http.close()
