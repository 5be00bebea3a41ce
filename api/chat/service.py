"""One chat turn: store the user's message, ask Rasa, store and return the replies."""

import logging
from typing import Any

from sqlalchemy.orm import Session

from api import i18n
from api.accounts.models import User
from api.chat.models import ChatMessage, ChatRequest, ChatResponse
from api.config import Settings
from api.conversations import service as conversations
from api.conversations.models import Conversation, Message
from api.knowledge import service as knowledge
from api.language import DetectedLang, detect_language
from api.rasa_client import RasaClient, RasaUnavailable
from api.voice.texts import VOICE_RETRY_PAYLOAD, voice_retry_reply

log = logging.getLogger(__name__)


def handle_turn(
    *,
    db: Session,
    rasa: RasaClient,
    settings: Settings,
    request: ChatRequest,
    user: User | None = None,
    owner_key: str | None = None,
) -> ChatResponse:
    """One turn. `owner_key`: the caller's conversation key (api.deps.ConversationKey),
    the proof a signed-in user needs to go on with an anonymous conversation."""
    user_id = user.id if user is not None else None
    existing = conversations.get_visible(db=db, session_id=request.session_id, user_id=user_id)
    previous = i18n.reply_lang(existing.lang if existing else None)
    detected: DetectedLang
    if request.lang:
        detected = request.lang
    elif request.message.startswith("/"):
        # A button's payload ("/choose_article{…}") says nothing of the user's language.
        detected = previous
    else:
        detected = detect_language(request.message, default=previous)
    lang = i18n.reply_lang(detected)
    conversation = conversations.get_or_create(
        db=db,
        session_id=request.session_id,
        portal=request.portal,
        lang=lang,
        user_id=user_id,
        owner_key=owner_key,
    )

    user_message, is_new = conversations.receive(
        db=db,
        conversation=conversation,
        text=request.message,
        lang=detected,
        client_message_id=request.client_message_id,
    )
    if not is_new:
        # A retry of a message we already have: answer it again, store nothing.
        return _response(conversation, conversations.replies_to(db=db, message=user_message))
    # Committed before Rasa is asked: whatever happens next, the user's words are kept.
    db.commit()

    if request.message == VOICE_RETRY_PAYLOAD:
        # « Non, je réessaie » under a voice transcript the user did not recognise: nothing
        # for Rasa in it (inside a form it would be taken as the answer to a question).
        replies, degraded = [voice_retry_reply(lang)], False
    else:
        replies, degraded = _ask_rasa(
            rasa=rasa, settings=settings, request=request, lang=lang, detected=detected, user=user
        )
    stored = [
        conversations.add_message(
            db=db,
            conversation=conversation,
            sender="bot",
            text=reply["text"],
            lang=lang,
            reply_to=user_message.id,
            buttons=reply["buttons"],
            sources=reply["sources"],
            degraded=degraded,
        )
        for reply in replies
    ]
    db.commit()
    return _response(conversation, stored)


def rasa_user(user: User | None) -> dict[str, Any] | None:
    """Who is talking, as the assistant may know it: never the token, nor any secret."""
    if user is None:
        return None
    return {
        "role": user.role,
        "realm": user.realm,
        "display_name": user.display_name,
        "organisation": user.organisation,
    }


def _ask_rasa(
    *,
    rasa: RasaClient,
    settings: Settings,
    request: ChatRequest,
    lang: str,
    detected: str,
    user: User | None,
) -> tuple[list[dict[str, Any]], bool]:
    metadata = {
        "portal": request.portal,
        "language": lang,
        "detected_language": detected,
        "user": rasa_user(user),
        # The one home of the support phone: Rasa's responses show it from this slot.
        "support_phone": settings.support_phone,
    }
    try:
        raw = rasa.send(sender=request.session_id, message=request.message, metadata=metadata)
    except RasaUnavailable as exc:
        log.warning("Rasa unavailable, answering in degraded mode: %s", exc)
        return _degraded_replies(settings=settings, request=request, lang=lang), True
    return _merge_rasa_messages(raw), False


def _merge_rasa_messages(raw: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rasa's REST channel sends an action's text and its custom JSON as two messages:
    the sources of a custom-only message belong to the text before it."""
    replies: list[dict[str, Any]] = []
    for reply in map(_from_rasa, raw):
        if reply["text"] or reply["buttons"]:
            replies.append(reply)
        elif reply["sources"] and replies:
            replies[-1]["sources"].extend(reply["sources"])
    return replies


def _from_rasa(raw: dict[str, Any]) -> dict[str, Any]:
    custom: dict[str, Any] = raw["custom"] if isinstance(raw.get("custom"), dict) else {}
    return {
        # Long answers come as custom JSON, which Rasa's REST channel does not split.
        "text": str(raw.get("text") or custom.get("text") or ""),
        "buttons": [
            {"title": str(b.get("title", "")), "payload": str(b.get("payload", ""))}
            for b in raw.get("buttons") or []
            if isinstance(b, dict)
        ],
        "sources": [s for s in custom.get("sources", []) if isinstance(s, dict)],
    }


def _degraded_replies(
    *, settings: Settings, request: ChatRequest, lang: str
) -> list[dict[str, Any]]:
    """Without Rasa: say so, give the support phone, and still answer from the guides if we can."""
    notice = {
        "text": i18n.text("degraded", lang, phone=settings.support_phone),
        "buttons": [],
        "sources": [],
    }
    found = knowledge.answer(
        retriever=knowledge.get_retriever(),
        question=request.message,
        portal=request.portal,
        lang=lang,
    )
    if found.kind != "answer" or found.article is None:
        return [notice]
    article = found.article
    return [
        notice,
        {
            "text": f"**{article.title}**\n\n{article.body}",
            "buttons": [],
            "sources": [article.source.model_dump()],
        },
    ]


def _response(conversation: Conversation, messages: list[Message]) -> ChatResponse:
    return ChatResponse(
        session_id=conversation.session_id,
        lang=conversation.lang,
        messages=[
            ChatMessage.model_validate(
                {"id": m.id, "text": m.text, "buttons": m.buttons, "sources": m.sources}
            )
            for m in messages
        ],
    )
