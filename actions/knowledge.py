"""Answer questions from the knowledge base, which lives in the core.

The core decides whether a question is answered, needs a clarifying choice between
a few articles, or has no answer; these actions only turn its verdict into messages
and count the turns in a row without an answer, to offer a human agent after two.
"""

import json
import logging
from collections.abc import Callable
from typing import Final

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.constants import SLOT_UNANSWERED_TURNS
from actions.context import current_portal, reply_language
from actions.core_client import Article, CoreClient, CoreUnavailableError

logger = logging.getLogger(__name__)

ENTITY_ARTICLE_ID: Final = "article_id"
UNANSWERED_TURNS_BEFORE_HUMAN: Final = 2
SOURCE_LABEL: Final = {"fr": "Source", "ar": "المصدر", "en": "Source"}


def answer_text(article: Article) -> str:
    """The article, then a reference to the guide section the user can look up."""
    label = SOURCE_LABEL.get(article.lang, SOURCE_LABEL["fr"])
    return (
        f"**{article.title}**\n\n{article.body}\n\n"
        f"{label} : {article.source.guide} › {article.source.section}"
    )


def choose_article_payload(article_id: str) -> str:
    return "/choose_article" + json.dumps({ENTITY_ARTICLE_ID: article_id}, separators=(",", ":"))


def count_unanswered(
    dispatcher: CollectingDispatcher, tracker: Tracker, *, response: str
) -> list[EventType]:
    """One more turn without an answer: say `response`, or offer a human agent after two."""
    turns = int(tracker.get_slot(SLOT_UNANSWERED_TURNS) or 0) + 1
    if turns >= UNANSWERED_TURNS_BEFORE_HUMAN:
        dispatcher.utter_message(response="utter_offer_human")
        return [SlotSet(SLOT_UNANSWERED_TURNS, 0.0)]
    dispatcher.utter_message(response=response)
    return [SlotSet(SLOT_UNANSWERED_TURNS, float(turns))]


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
                article: Article | None = await client.get_article(chosen, language)
                candidates = []
            else:
                question = tracker.latest_message.get("text") or ""
                verdict = await client.answer_question(question, current_portal(tracker), language)
                article, candidates = verdict.article, verdict.candidates
        except CoreUnavailableError as exc:
            logger.warning("Knowledge unavailable: %s", exc)
            dispatcher.utter_message(response="utter_knowledge_unavailable")
            return []
        if article is not None:
            # As custom JSON: Rasa's REST channel would cut a plain text at every blank line.
            dispatcher.utter_message(
                json_message={
                    "text": answer_text(article),
                    "sources": [article.source.model_dump()],
                }
            )
            return [SlotSet(SLOT_UNANSWERED_TURNS, 0.0)]
        if candidates:
            dispatcher.utter_message(
                response="utter_ask_which_topic",
                buttons=[
                    {"title": c.title, "payload": choose_article_payload(c.id)} for c in candidates
                ],
            )
            return []
        return count_unanswered(dispatcher, tracker, response="utter_no_answer")


class ActionDeclineOutOfScope(Action):
    """Say politely what TijarIA is for; the second time in a row, offer a human agent."""

    def name(self) -> str:
        return "action_decline_out_of_scope"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        return count_unanswered(dispatcher, tracker, response="utter_out_of_scope")
