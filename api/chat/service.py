"""One chat turn, the conversation orchestrator's one path for every transport (HTTP,
WebSocket, voice): store the user's message, route it by the conversation's state, store
and return the replies. What is stored is pushed to the conversation's sockets once
committed (api.push.publish).

Routing (DESIGN.md, "The conversation orchestrator"): `bot` → Rasa answers; `queued` or
`agent` → the message is stored for the human agent, Rasa is not asked and nothing
answers it here (the response's `handoff` says why); `closed` → the conversation goes
back to the bot, which answers."""

import json
import logging
import re
from typing import Any

from pydantic import ValidationError
from sqlalchemy.orm import Session

from api import i18n
from api.accounts.models import User
from api.chat.models import ChatMessage, ChatRequest, ChatResponse
from api.config import Settings
from api.conversations import service as conversations
from api.conversations.models import Conversation, FormCard, Message, message_payload
from api.handoff import service as handoffs
from api.handoff import texts as handoff_texts
from api.handoff.models import REASONS, Reason
from api.knowledge import service as knowledge
from api.language import DetectedLang, detect_language
from api.rasa_client import RasaClient, RasaUnavailable
from api.voice.texts import VOICE_RETRY_PAYLOAD, voice_retry_reply

log = logging.getLogger(__name__)

# The states in which a human agent, not Rasa, answers the conversation.
AGENT_STATES = ("queued", "agent")


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
    elif request.message.startswith("/") or (
        existing is not None
        and request.message in conversations.last_button_payloads(db=db, conversation=existing)
    ):
        # A button's payload ("/choose_article{…}", or a choice's label, « Confirm ») says
        # nothing of the user's language: the bot wrote it in the conversation's.
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
        return _response(db, conversation, conversations.replies_to(db=db, message=user_message))
    # The user writes again after an agent closed the conversation: the bot answers.
    conversations.reopen(conversation=conversation)
    if conversation.state in AGENT_STATES:
        # The agent's console hears it (published with the commit below).
        handoffs.notify_agents_of_message(db=db, conversation=conversation, message=user_message)
    # Committed before Rasa is asked: whatever happens next, the user's words are kept.
    db.commit()
    handled = _handoff_button(
        db=db, rasa=rasa, settings=settings, conversation=conversation, message=user_message
    )
    if handled is not None:
        return _response(db, conversation, handled)
    if conversation.state in AGENT_STATES:
        # A human agent has (or is about to have) the conversation: Rasa is paused for it.
        return _response(db, conversation, [])

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
            form=reply.get("form"),
        )
        for reply in replies
    ]
    db.commit()
    return _response(db, conversation, stored)


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
        **procedure_metadata(request.metadata),
    }
    try:
        raw = rasa.send(sender=request.session_id, message=request.message, metadata=metadata)
    except RasaUnavailable as exc:
        log.warning("Rasa unavailable, answering in degraded mode: %s", exc)
        return _degraded_replies(settings=settings, request=request, lang=lang), True
    return _merge_rasa_messages(raw), False


def procedure_metadata(metadata: dict[str, Any]) -> dict[str, Any]:
    """What the request's metadata carries for a procedure, passed on to Rasa so that the
    actions can forward it to the core: the answer to a form card (`form`: {"id",
    "values"}) and the ids of uploads already sent (`attachments`). Anything else of
    the client's metadata stays here."""
    passed: dict[str, Any] = {}
    form = metadata.get("form")
    if isinstance(form, dict):
        passed["form"] = form
    attachments = metadata.get("attachments")
    if isinstance(attachments, list):
        passed["attachments"] = [a for a in attachments if isinstance(a, str)]
    return passed


def _merge_rasa_messages(raw: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rasa's REST channel sends an action's text and its custom JSON as two messages:
    the sources and the form card of a custom-only message belong to the text before it
    (a form card with no text before it, or after one that has a card, stands alone)."""
    replies: list[dict[str, Any]] = []
    for reply in map(_from_rasa, raw):
        # A form card with nothing before it to join (or after a message that has a card)
        # stands alone.
        alone = reply["form"] is not None and (not replies or replies[-1]["form"] is not None)
        if reply["text"] or reply["buttons"] or alone:
            replies.append(reply)
        elif replies:
            replies[-1]["sources"].extend(reply["sources"])
            if reply["form"] is not None:
                replies[-1]["form"] = reply["form"]
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
        "form": _form_card(custom.get("form")),
    }


def _form_card(value: object) -> dict[str, Any] | None:
    """The custom JSON's `form` as the contract's card, or None (a malformed one is
    dropped, never stored: a client could not draw it)."""
    if value is None:
        return None
    try:
        return FormCard.model_validate(value).model_dump(mode="json", exclude_none=True)
    except ValidationError:
        log.warning("malformed form card from Rasa dropped: %.200r", value)
        return None


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


def _handoff_button(
    *,
    db: Session,
    rasa: RasaClient,
    settings: Settings,
    conversation: Conversation,
    message: Message,
) -> list[Message] | None:
    """The buttons of the handoff are the core's, never Rasa's: « Oui, attendre un agent »
    queues the conversation (Rasa paused), « Non merci » keeps the bot, « Quitter la
    file » leaves the queue (Rasa resumed). None: the message is no such button."""
    text = message.text.strip()
    lang = i18n.reply_lang(conversation.lang)
    confirm = _CONFIRM.fullmatch(text)
    if confirm is not None and conversation.state == "bot":
        if not handoffs.anyone_available(db=db, settings=settings):
            # The agents left since the offer: the phone, and the bot goes on.
            reply = conversations.add_message(
                db=db,
                conversation=conversation,
                sender="bot",
                text=handoff_texts.notice("nobody_now", lang, phone=settings.support_phone),
                lang=lang,
                reply_to=message.id,
            )
            db.commit()
            return [reply]
        handoffs.request(
            db=db, settings=settings, conversation=conversation, reason=_reason(confirm.group(1))
        )
        db.commit()
        handoffs.pause_rasa(rasa=rasa, session_id=conversation.session_id)
        return _since(db, conversation, message)
    if text == handoffs.DECLINE_PAYLOAD and conversation.state == "bot":
        reply = conversations.add_message(
            db=db,
            conversation=conversation,
            sender="bot",
            text=handoff_texts.notice("declined", lang),
            lang=lang,
            reply_to=message.id,
        )
        db.commit()
        return [reply]
    if text == handoffs.LEAVE_PAYLOAD and conversation.state in AGENT_STATES:
        handoffs.leave(db=db, conversation=conversation)
        db.commit()
        handoffs.resume_rasa(rasa=rasa, session_id=conversation.session_id)
        return _since(db, conversation, message)
    return None


_CONFIRM = re.compile(re.escape(handoffs.CONFIRM_PAYLOAD) + r"(\{.{0,200}\})?")


def _reason(raw: str | None) -> Reason:
    try:
        reason = json.loads(raw).get("reason") if raw else None
    except (ValueError, AttributeError):
        reason = None
    return reason if reason in REASONS else "asked"


def _since(db: Session, conversation: Conversation, message: Message) -> list[Message]:
    """What was stored after the user's message (the handoff's notices)."""
    return conversations.list_messages(db=db, conversation=conversation, after=message)


def _response(db: Session, conversation: Conversation, messages: list[Message]) -> ChatResponse:
    return ChatResponse(
        session_id=conversation.session_id,
        lang=i18n.reply_lang(conversation.lang),
        messages=[ChatMessage.model_validate(message_payload(m)) for m in messages],
        handoff=handoffs.handoff_state(db=db, conversation=conversation),
    )
