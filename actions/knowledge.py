"""Answer questions from the knowledge base, which lives in the core.

The core decides whether a question is answered (with « Voir aussi » alternatives and the
other parts of a multi-part question), needs a clarifying choice between a few articles,
or has no answer, and keeps the count of turns without an answer (after which it offers a
human agent: a rule of the core, `TIJARIA_UNANSWERED_TURNS_BEFORE_HUMAN`). These actions
only turn its verdict into messages and store the count it returns.
"""

import json
import logging
from collections.abc import Callable
from typing import Any, Final

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.constants import SLOT_UNANSWERED_TURNS
from actions.context import current_portal, reply_language
from actions.core_client import Article, CoreClient, CoreUnavailableError, KnowledgeAnswer

logger = logging.getLogger(__name__)

ENTITY_ARTICLE_ID: Final = "article_id"
SOURCE_LABEL: Final = {"fr": "Source", "ar": "المصدر", "en": "Source"}
# Dialogue acts the user may still mean when their message was answered from the guides:
# one click performs them (the button's payload is the intent, so the core obeys it).
ACT_BUTTONS: Final[dict[str, dict[str, str]]] = {
    "ask_human": {"fr": "Parler à un agent", "ar": "التحدث إلى عون", "en": "Talk to an agent"},
    "ask_my_files": {"fr": "Mes dossiers", "ar": "ملفاتي", "en": "My files"},
}


def answer_text(article: Article) -> str:
    """The article, then a reference to the guide section the user can look up."""
    label = SOURCE_LABEL.get(article.lang, SOURCE_LABEL["fr"])
    return (
        f"**{article.title}**\n\n{article.body}\n\n"
        f"{label} : {article.source.guide} › {article.source.section}"
    )


def choose_article_payload(article_id: str) -> str:
    return "/choose_article" + json.dumps({ENTITY_ARTICLE_ID: article_id}, separators=(",", ":"))


def unanswered_turns(tracker: Tracker) -> int:
    try:
        return max(0, int(float(tracker.get_slot(SLOT_UNANSWERED_TURNS) or 0)))
    except (TypeError, ValueError):
        return 0


def intent_confidence(tracker: Tracker) -> float | None:
    intent = tracker.latest_message.get("intent") or {}
    confidence = intent.get("confidence")
    return float(confidence) if isinstance(confidence, int | float) else None


def utter_article(dispatcher: CollectingDispatcher, article: Article) -> None:
    # As custom JSON: Rasa's REST channel would cut a plain text at every blank line.
    message: dict[str, Any] = {
        "text": answer_text(article),
        "sources": [article.source.model_dump()],
    }
    if article.agent_only:
        # Kept in Rasa's tracker: a « Parler à un agent » click after it is for this reason.
        message["agent_only"] = True
    dispatcher.utter_message(json_message=message)


def act_buttons(act: str | None, language: str) -> list[dict[str, Any]]:
    titles = ACT_BUTTONS.get(act or "")
    if not titles:
        return []
    return [{"title": titles.get(language, titles["fr"]), "payload": f"/{act}"}]


def utter_verdict(
    dispatcher: CollectingDispatcher, verdict: KnowledgeAnswer, language: str
) -> list[EventType]:
    """The core's verdict as messages; the slot keeps the core's count of unanswered turns."""
    if verdict.kind == "answer" and verdict.article is not None:
        for article in (verdict.article, *verdict.more):
            utter_article(dispatcher, article)
        buttons = [
            {"title": c.title, "payload": choose_article_payload(c.id)} for c in verdict.see_also
        ] + ([] if verdict.then_act else act_buttons(verdict.act, language))
        if buttons:
            dispatcher.utter_message(response="utter_see_also", buttons=buttons)
        return [SlotSet(SLOT_UNANSWERED_TURNS, 0.0)]
    if verdict.kind == "clarify" and verdict.candidates:
        dispatcher.utter_message(
            response="utter_ask_which_topic",
            buttons=[
                {"title": c.title, "payload": choose_article_payload(c.id)}
                for c in verdict.candidates
            ]
            + act_buttons(verdict.act, language),
        )
        return [SlotSet(SLOT_UNANSWERED_TURNS, float(verdict.unanswered_turns))]
    dispatcher.utter_message(
        response="utter_offer_human" if verdict.offer_human else "utter_no_answer"
    )
    return [SlotSet(SLOT_UNANSWERED_TURNS, float(verdict.unanswered_turns))]


class ActionAnswerQuestion(Action):
    """Answer from the guides, ask which topic, or say nothing was found."""

    def __init__(self, client_factory: Callable[[], CoreClient] | None = None) -> None:
        self._client_factory = client_factory or CoreClient.from_env

    def name(self) -> str:
        return "action_answer_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        language = reply_language(tracker)
        chosen = next(tracker.get_latest_entity_values(ENTITY_ARTICLE_ID), None)
        client = self._client_factory()
        try:
            if chosen:
                article = await client.get_article(chosen, language)
                utter_article(dispatcher, article)
                return [SlotSet(SLOT_UNANSWERED_TURNS, 0.0)]
            verdict = await client.answer_question(
                tracker.latest_message.get("text") or "",
                current_portal(tracker),
                language,
                unanswered_turns=unanswered_turns(tracker),
                session_id=tracker.sender_id,
            )
        except CoreUnavailableError as exc:
            logger.warning("Knowledge unavailable: %s", exc)
            dispatcher.utter_message(response="utter_knowledge_unavailable")
            return []
        if verdict.kind == "act" and verdict.act == "ask_my_files":
            # The message names one of the user's files (a claim's reference). Imported
            # here: the my-files action answers bare topics with this one.
            from actions.my_files import ActionMyFiles

            return await ActionMyFiles(self._client_factory).run(dispatcher, tracker, domain)
        return utter_verdict(dispatcher, verdict, language)
