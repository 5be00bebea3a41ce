"""Rasa's socket.io protocol mapped onto the chat contract, both ways.

In: a `user_uttered` event ({message, session_id, customData, metadata?}) becomes a
ChatRequest and goes through api.chat.service.handle_turn, checked exactly as the HTTP and
WebSocket transports check theirs: `customData` carries `portal`, `lang` (or rasa-webchat's
`language`) and the signed-in user's `token`.

Out: each stored message becomes what Rasa's socket.io channel emits as `bot_uttered`
(rasa/core/channels/socketio.py in Rasa 3.6): `{"text"}`, or `{"text", "quick_replies":
[{"content_type": "text", "title", "payload"}]}` for buttons; a form card goes as a
custom message `{"custom": {"form"}}`. rasa-webchat draws a message by its exact set of
keys ({"text"} alone is text, {"text", "quick_replies"} buttons): what it cannot draw
(sources, an agent's name) is written into the text, and our ids travel in `metadata`,
which rasa-webchat takes off before it looks at the keys.

An error never closes the socket: it is emitted as a bot message in the user's language."""

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from starlette.datastructures import State

from api import i18n
from api.accounts import service as accounts
from api.chat import service as chat
from api.chat.models import ChatRequest
from api.conversations import service as conversations
from api.errors import ApiError, error_body, lang_of_body, validation_error_code
from api.webchat import texts as _texts  # noqa: F401 (registers the texts)

log = logging.getLogger(__name__)

Utterance = dict[str, Any]


@dataclass
class TurnOutcome:
    """What to emit for one `user_uttered`: the session it went to (a new one when the
    socket's was someone else's, see `take_turn`) and the `bot_uttered` payloads."""

    session_id: str
    utterances: list[Utterance] = field(default_factory=list)


def custom_data(data: dict[str, Any]) -> dict[str, Any]:
    custom = data.get("customData")
    return custom if isinstance(custom, dict) else {}


def token_of(custom: dict[str, Any]) -> str | None:
    token = custom.get("token")
    return token if isinstance(token, str) and token else None


def chat_body(data: dict[str, Any], session_id: str) -> dict[str, Any]:
    """A `user_uttered` event as the chat contract's request body. Rasa's `metadata` (our
    client_message_id, attachments, a form's answer) is the contract's `metadata`."""
    custom = custom_data(data)
    lang = custom.get("lang")
    if lang is None:
        # rasa-webchat's own convention (Botfront): customData {"language": "fr"}.
        lang = custom.get("language")
    metadata = data.get("metadata")
    if metadata is None:
        metadata = {}
    if isinstance(metadata, dict) and data.get("client_message_id") is not None:
        metadata = {**metadata, "client_message_id": data["client_message_id"]}
    return {
        "session_id": session_id,
        "message": data.get("message"),
        "portal": custom.get("portal"),
        "lang": lang,
        "metadata": metadata,
    }


def error_utterance(
    code: str,
    lang: str,
    params: Mapping[str, object] | None = None,
    *,
    retry_after: int | None = None,
) -> Utterance:
    """An error as a bot message: the text rasa-webchat shows, the code in `metadata`
    (and, for a refused message, how many seconds to wait: the HTTP answer's Retry-After)."""
    error = error_body(code, lang, **(params or {}))["error"]
    tijaria: dict[str, Any] = {"error": code}
    if retry_after is not None:
        tijaria["retry_after"] = retry_after
    return {"text": error["message"], "metadata": {"tijaria": tijaria}}


def failure_utterance(lang: str) -> Utterance:
    """A bug, not bad input: said to the user rather than dropping the socket."""
    return {
        "text": i18n.text("webchat_failed", lang),
        "metadata": {"tijaria": {"error": "internal_error"}},
    }


def utterances(message: dict[str, Any], lang: str) -> list[Utterance]:
    """One message of the chat contract as `bot_uttered` payloads (usually one)."""
    text = str(message.get("text") or "")
    if message.get("sender") == "agent":
        agent = message.get("agent") or {}
        name = str(agent.get("name") or "").strip()
        who = i18n.text("webchat_agent", lang)
        text = f"**{f'{name} · {who}' if name else who}**\n\n{text}"
    sources = [s for s in message.get("sources") or [] if isinstance(s, dict)]
    if sources:
        text = f"{text}\n\n{source_line(sources, lang)}" if text else source_line(sources, lang)
    tijaria = {"id": message.get("id"), "sender": message.get("sender") or "bot"}
    out: list[Utterance] = []
    buttons = [b for b in message.get("buttons") or [] if isinstance(b, dict)]
    if buttons:
        out.append(
            {
                "text": text,
                "quick_replies": [
                    {
                        "content_type": "text",
                        "title": str(b.get("title", "")),
                        "payload": str(b.get("payload", "")),
                    }
                    for b in buttons
                ],
                "metadata": {"tijaria": tijaria},
            }
        )
    elif text:
        out.append({"text": text, "metadata": {"tijaria": tijaria}})
    if message.get("form"):
        # Rasa's custom JSON: rasa-webchat hands it to the page's customComponent, if any.
        out.append({"custom": {"form": message["form"]}, "metadata": {"tijaria": tijaria}})
    return out


def source_line(sources: list[dict[str, Any]], lang: str) -> str:
    """« Sources : [Mot de passe oublié](url) (Guide PMPCE, Connexion) », in markdown
    (rasa-webchat renders it)."""
    parts = []
    for source in sources:
        title = _markdown_text(str(source.get("title") or ""))
        url = str(source.get("url") or "")
        label = (
            f"[{title}]({_markdown_url(url)})" if url.startswith(("https://", "http://")) else title
        )
        where = ", ".join(
            _markdown_text(str(source.get(key) or ""))
            for key in ("guide", "section")
            if source.get(key)
        )
        parts.append(f"{label} ({where})" if where else label)
    return f"{i18n.text('webchat_sources', lang)} {' · '.join(parts)}"


def _markdown_text(value: str) -> str:
    for char in "\\[]*_`":
        value = value.replace(char, f"\\{char}")
    return value


def _markdown_url(url: str) -> str:
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def take_turn(
    app_state: State,
    *,
    session_id: str,
    data: dict[str, Any],
    token: str | None,
    client: str | None,
    origin: str,
) -> TurnOutcome:
    """One `user_uttered` through the orchestrator's one path (store, route by state, store
    the replies; what is stored is pushed to the conversation's other sockets on commit).

    A socket whose session is someone else's (a signed-in user's, or an anonymous one that
    a user now signed in cannot prove was theirs: rasa-webchat has no conversation key) is
    given a new session, and the message goes there: the user is answered, never stuck on
    « conversation not found »; the caller confirms the new session to the client."""
    body = chat_body(data, session_id)
    lang = lang_of_body(body) or "fr"
    try:
        request = ChatRequest.model_validate(body)
    except ValidationError as exc:
        code, params = validation_error_code([dict(error) for error in exc.errors()])
        return TurnOutcome(session_id, [error_utterance(code, lang, params)])
    try:
        app_state.rate_limits.hit("chat", session_id=session_id, client=client)
    except ApiError as exc:
        retry_after = int((exc.headers or {}).get("Retry-After", "1"))
        return TurnOutcome(
            session_id, [error_utterance(exc.code, lang, exc.params, retry_after=retry_after)]
        )
    with app_state.session_factory() as db:
        db.info["origin"] = origin
        # Checked on every message: a token revoked (logout) stops working at once.
        user = accounts.user_for_token(db=db, token=token) if token else None
        if token and user is None:
            return TurnOutcome(session_id, [error_utterance("invalid_token", lang)])
        try:
            response = chat.handle_turn(
                db=db, rasa=app_state.rasa, settings=app_state.settings, request=request, user=user
            )
        except ApiError as exc:
            if exc.code != "conversation_not_found":
                db.rollback()
                return TurnOutcome(session_id, [error_utterance(exc.code, lang, exc.params)])
            db.rollback()
            session_id = conversations.new_session_id()
            log.info("socket.io session given a new id: the old one is another user's")
            request = request.model_copy(update={"session_id": session_id})
            response = chat.handle_turn(
                db=db, rasa=app_state.rasa, settings=app_state.settings, request=request, user=user
            )
    reply = response.model_dump(mode="json")
    return TurnOutcome(
        session_id,
        [u for message in reply["messages"] for u in utterances(message, reply["lang"])],
    )
