"""api.handoff.service on its own, one test per function, on SQLite and PostgreSQL (the
`database_url` fixture: "skipped: no PostgreSQL" when 127.0.0.1:5432 does not answer);
the race on accept runs two sessions in two threads, as two agents (or replicas) would."""

import threading
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from api.accounts.models import User
from api.config import Settings
from api.conversations import service as conversations
from api.conversations.models import Conversation, Message
from api.database import make_engine, make_session_factory
from api.errors import ApiError
from api.handoff import service
from api.handoff.models import Handoff
from api.knowledge.models import ArticleRead
from api.push.broker import InProcessBroker
from api.push.publish import agents_channel
from tests.api.conftest import ScriptedRasa
from tests.handoff.conftest import SOURCE, Person, tracker_events


def conversation(
    db: Session, session_id: str, *texts: str, user_id: str | None = None
) -> Conversation:
    made = conversations.get_or_create(
        db=db, session_id=session_id, portal="douane", lang="fr", user_id=user_id
    )
    for text in texts:
        conversations.add_message(db=db, conversation=made, sender="user", text=text, lang="fr")
    db.commit()
    return made


def agent_user(db: Session, who: Person) -> User:
    user = db.get(User, who.user_id)
    assert user is not None
    return user


def queued(db: Session, settings: Settings, session_id: str, *texts: str) -> Handoff:
    handoff = service.request(
        db=db, settings=settings, conversation=conversation(db, session_id, *texts)
    )
    db.commit()
    return handoff


def notices(db: Session, session_id: str) -> list[str]:
    found = conversations.get(db=db, session_id=session_id)
    assert found is not None
    return [
        m.text
        for m in conversations.list_messages(db=db, conversation=found)
        if m.sender == "system"
    ]


def test_request_queues_the_conversation_once_with_a_summary(
    db: Session, settings: Settings
) -> None:
    made = conversation(db, "s-request", "Mon mot de passe ne marche pas", "/choose_article{}")
    conversations.add_message(
        db=db, conversation=made, sender="bot", text="Voici", lang="fr", sources=[SOURCE]
    )
    db.commit()

    handoff = service.request(db=db, settings=settings, conversation=made, reason="no_answer")
    db.commit()
    again = service.request(db=db, settings=settings, conversation=made)

    assert again.id == handoff.id
    assert (handoff.state, handoff.reason, made.state) == ("queued", "no_answer", "queued")
    assert handoff.summary["questions"] == ["Mon mot de passe ne marche pas"]
    assert handoff.summary["articles"] == [{"title": SOURCE["title"], "url": SOURCE["url"]}]
    assert handoff.summary["procedure"] is None
    assert notices(db, "s-request")[0].startswith("Vous êtes n° 1 dans la file")


def test_position_counts_the_conversations_queued_before(db: Session, settings: Settings) -> None:
    first = queued(db, settings, "s-pos-1")
    second = queued(db, settings, "s-pos-2")

    assert service.position(db=db, handoff=first) == 1
    assert service.position(db=db, handoff=second) == 2
    first.state = "closed"
    db.commit()
    assert service.position(db=db, handoff=first) is None
    assert service.position(db=db, handoff=second) == 1


def test_accept_gives_the_conversation_to_the_agent(
    db: Session, settings: Settings, samira: Person
) -> None:
    handoff = queued(db, settings, "s-accept")

    service.accept(db=db, handoff=handoff, agent=agent_user(db, samira))
    db.commit()

    assert (handoff.state, handoff.agent_name) == ("active", "Name of samira")
    assert handoff.accepted_at is not None
    assert conversations.get(db=db, session_id="s-accept").state == "agent"  # type: ignore[union-attr]
    assert notices(db, "s-accept")[-1] == "Name of samira a rejoint la conversation."
    with pytest.raises(ApiError) as taken:
        service.accept(db=db, handoff=handoff, agent=agent_user(db, samira))
    assert (taken.value.code, taken.value.status_code) == ("handoff_taken", 409)


def accept_at_once(
    factory: sessionmaker[Session], handoff_id: str, agent_ids: list[str]
) -> list[str]:
    """Each agent accepts in a thread and a session of its own, all released together:
    "won", or the refusal's code."""
    barrier = threading.Barrier(len(agent_ids))
    results = [""] * len(agent_ids)

    def run(index: int) -> None:
        with factory() as db:
            agent = db.get(User, agent_ids[index])
            assert agent is not None
            handoff = service.get_or_raise(db=db, handoff_id=handoff_id)
            barrier.wait()
            try:
                service.accept(db=db, handoff=handoff, agent=agent)
                db.commit()
                results[index] = "won"
            except ApiError as exc:
                db.rollback()
                results[index] = exc.code

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(agent_ids))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_two_agents_accepting_at_once_one_wins(
    database_url: str, settings: Settings, samira: Person, karim: Person
) -> None:
    """Two sessions (two requests, or two replicas) accept the same queued handoff at the
    same moment, five times over: each time exactly one wins, the other gets 409."""
    engine = make_engine(database_url)
    factory = make_session_factory(engine)
    try:
        for round_ in range(5):
            with factory() as db:
                handoff_id = queued(db, settings, f"s-race-{round_}").id
            results = accept_at_once(factory, handoff_id, [samira.user_id, karim.user_id])

            assert sorted(results) == ["handoff_taken", "won"], results
            with factory() as db:
                handoff = service.get_or_raise(db=db, handoff_id=handoff_id)
                winner = samira if results[0] == "won" else karim
                assert (handoff.state, handoff.agent_id) == ("active", winner.user_id)
                joined = [t for t in notices(db, f"s-race-{round_}") if "a rejoint" in t]
                assert len(joined) == 1
    finally:
        engine.dispose()


def test_reply_is_stored_as_the_agent_s_message(
    db: Session, settings: Settings, samira: Person, karim: Person
) -> None:
    handoff = queued(db, settings, "s-reply")
    with pytest.raises(ApiError) as not_active:
        service.reply(db=db, handoff=handoff, agent=agent_user(db, samira), text="Bonjour")
    assert not_active.value.code == "handoff_not_active"
    service.accept(db=db, handoff=handoff, agent=agent_user(db, samira))

    message = service.reply(db=db, handoff=handoff, agent=agent_user(db, samira), text="Bonjour")
    db.commit()

    assert (message.sender, message.author_name, message.text) == (
        "agent",
        "Name of samira",
        "Bonjour",
    )
    with pytest.raises(ApiError) as not_yours:
        service.reply(db=db, handoff=handoff, agent=agent_user(db, karim), text="Moi aussi")
    assert not_yours.value.code == "handoff_not_yours"


class OneArticle:
    """A retriever that knows one article (the real index is not needed here)."""

    def article(self, article_id: str, lang: str) -> Any:
        return article_id == "mdp" or None


def test_send_article_sends_it_with_its_source(
    db: Session, settings: Settings, samira: Person, monkeypatch: pytest.MonkeyPatch
) -> None:
    def get_article(*, retriever: Any, article_id: str, lang: str) -> ArticleRead | None:
        if article_id != "mdp":
            return None
        return ArticleRead(
            id="mdp",
            lang=lang,
            title="Mot de passe",
            portals=[],
            body="Cliquez.",
            source=SOURCE,  # type: ignore[arg-type]
        )

    monkeypatch.setattr(service.knowledge, "get_article", get_article)
    handoff = queued(db, settings, "s-article")
    agent = agent_user(db, samira)
    service.accept(db=db, handoff=handoff, agent=agent)

    message = service.send_article(
        db=db,
        handoff=handoff,
        agent=agent,
        article_id="mdp",
        retriever=OneArticle(),  # type: ignore[arg-type]
    )

    assert message.text == "**Mot de passe**\n\nCliquez."
    assert message.sources == [SOURCE]
    with pytest.raises(ApiError) as unknown:
        service.send_article(
            db=db,
            handoff=handoff,
            agent=agent,
            article_id="nope",
            retriever=OneArticle(),  # type: ignore[arg-type]
        )
    assert (unknown.value.code, unknown.value.status_code) == ("handoff_article_not_found", 404)


def test_transfer_gives_it_to_another_agent(
    db: Session, settings: Settings, samira: Person, karim: Person, client: TestClient
) -> None:
    handoff = queued(db, settings, "s-transfer")
    service.accept(db=db, handoff=handoff, agent=agent_user(db, samira))

    service.transfer(
        db=db, handoff=handoff, agent=agent_user(db, samira), to_agent_id=karim.user_id
    )
    db.commit()

    assert (handoff.agent_id, handoff.agent_name) == (karim.user_id, "Name of karim")
    assert notices(db, "s-transfer")[-1] == "Name of karim a rejoint la conversation."
    for target, code in (
        (karim.user_id, "handoff_same_agent"),
        ("nobody", "handoff_unknown_agent"),
    ):
        with pytest.raises(ApiError) as refused:
            service.transfer(
                db=db, handoff=handoff, agent=agent_user(db, karim), to_agent_id=target
            )
        assert refused.value.code == code


def test_hand_back_gives_the_conversation_back_to_the_bot(
    db: Session, settings: Settings, samira: Person
) -> None:
    handoff = queued(db, settings, "s-back")
    service.accept(db=db, handoff=handoff, agent=agent_user(db, samira))

    service.hand_back(db=db, handoff=handoff, agent=agent_user(db, samira))
    db.commit()

    assert (handoff.state, handoff.resolution) == ("closed", "handed_back")
    assert conversations.get(db=db, session_id="s-back").state == "bot"  # type: ignore[union-attr]
    assert "TijarIA reprend la conversation" in notices(db, "s-back")[-1]


def test_close_keeps_the_resolution(db: Session, settings: Settings, samira: Person) -> None:
    handoff = queued(db, settings, "s-close")
    service.accept(db=db, handoff=handoff, agent=agent_user(db, samira))

    service.close(db=db, handoff=handoff, agent=agent_user(db, samira), resolution=" Réglé. ")
    db.commit()

    assert (handoff.state, handoff.resolution) == ("closed", "Réglé.")
    assert handoff.closed_at is not None
    assert conversations.get(db=db, session_id="s-close").state == "closed"  # type: ignore[union-attr]
    with pytest.raises(ApiError) as again:
        service.close(db=db, handoff=handoff, agent=agent_user(db, samira), resolution="x")
    assert again.value.status_code == 409


def test_leave_takes_the_user_out_of_the_queue(db: Session, settings: Settings) -> None:
    handoff = queued(db, settings, "s-leave")
    made = conversations.get(db=db, session_id="s-leave")
    assert made is not None

    service.leave(db=db, conversation=made)
    db.commit()

    assert (handoff.state, handoff.resolution, made.state) == ("closed", "left", "bot")
    with pytest.raises(ApiError) as nothing:
        service.leave(db=db, conversation=made)
    assert (nothing.value.code, nothing.value.status_code) == ("handoff_none_open", 409)


def test_set_presence_upserts_one_row_per_agent(db: Session, samira: Person) -> None:
    agent = agent_user(db, samira)

    service.set_presence(db=db, agent=agent, status="available")
    service.set_presence(db=db, agent=agent, status="away")
    db.commit()

    [row] = service.list_agents(db=db)
    assert (row.agent_id, row.display_name, row.status) == (
        samira.user_id,
        "Name of samira",
        "away",
    )


def test_anyone_available_needs_an_available_agent_within_service_hours(
    db: Session, settings: Settings, samira: Person
) -> None:
    assert not service.anyone_available(db=db, settings=settings)
    service.set_presence(db=db, agent=agent_user(db, samira), status="available")
    db.commit()
    assert service.anyone_available(db=db, settings=settings)  # no hours set: always open

    hours = settings.model_copy(update={"service_hours": "08:30-16:30"})
    # Casablanca is UTC+1: Wednesday 09:00 local is in, 17:00 local is out, Saturday is out.
    wednesday = datetime(2026, 12, 2, 8, 0, tzinfo=UTC)
    assert service.anyone_available(db=db, settings=hours, now=wednesday)
    assert not service.anyone_available(db=db, settings=hours, now=wednesday + timedelta(hours=8))
    assert not service.anyone_available(db=db, settings=hours, now=wednesday + timedelta(days=3))


def test_summary_names_the_procedure_draft_in_progress(
    db: Session, client: TestClient, samira: Person
) -> None:
    from api.procedures import service as procedures

    owner = agent_user(db, samira)  # any signed-in user has drafts; an agent will do
    made = conversation(db, "s-summary", "Je veux déposer une réclamation", user_id=owner.id)
    procedures.start(
        db=db, kind="claim", user=owner, session_id="s-summary", portal="douane", lang="fr"
    )
    db.commit()

    summary = service.summary(db=db, conversation=made)

    assert summary["questions"] == ["Je veux déposer une réclamation"]
    assert summary["procedure"]["name"] == "Nouvelle réclamation"
    assert summary["procedure"]["step"] == "Type de demande"
    assert summary["procedure"]["answers"] == {}


def test_offer_asks_for_confirmation_or_gives_the_contact_form(
    db: Session, settings: Settings, samira: Person
) -> None:
    conversation(db, "s-offer", "un agent svp")

    status, [nobody] = service.offer(db=db, settings=settings, session_id="s-offer", reason="asked")
    assert status == "contact"
    assert settings.support_phone in nobody.text

    service.set_presence(db=db, agent=agent_user(db, samira), status="available")
    status, [offer] = service.offer(
        db=db, settings=settings, session_id="s-offer", reason="no_answer"
    )
    assert status == "offer"
    assert "n° 1" in offer.text
    assert [b.payload for b in offer.buttons] == [
        '/handoff_confirm{"reason":"no_answer"}',
        "/handoff_decline",
    ]


def test_user_typing_is_shown_to_the_agent_for_a_few_seconds(
    db: Session, settings: Settings
) -> None:
    handoff = queued(db, settings, "s-typing")
    made = conversations.get(db=db, session_id="s-typing")
    assert made is not None

    service.user_typing(db=db, conversation=made)
    db.commit()

    assert service.to_read(db=db, handoff=handoff).user_typing
    later = datetime.now(UTC) + timedelta(seconds=service.TYPING_SECONDS + 1)
    assert not service.to_read(db=db, handoff=handoff, now=later).user_typing


def test_create_ticket_gives_a_reference(db: Session) -> None:
    ticket = service.create_ticket(
        db=db,
        full_name="Amina Alaoui",
        email="amina@example.ma",
        request="Je n'arrive pas à valider ma DUM.",
        portal="douane",
        language="darija",
        session_id="s-ticket",
    )
    db.commit()

    assert ticket.reference.startswith("CT-") and len(ticket.reference) == 12
    assert ticket.language == "fr"
    assert [t.reference for t in service.list_tickets(db=db)] == [ticket.reference]


def test_what_is_committed_reaches_the_agents_channel(db: Session, settings: Settings) -> None:
    """Queue changes and the user's messages are published to the consoles after commit,
    and only then."""
    broker = InProcessBroker()
    published: list[tuple[str, dict[str, Any]]] = []
    broker.publish = lambda channel, event: published.append((channel, event))  # type: ignore[method-assign]
    db.info["broker"] = broker
    made = conversation(db, "s-channel", "bonjour")
    published.clear()

    service.request(db=db, settings=settings, conversation=made)
    assert not [c for c, _ in published if c == agents_channel()]
    db.commit()

    to_agents = [e["type"] for c, e in published if c == agents_channel()]
    assert "queue" in to_agents and "message" in to_agents


def test_pause_and_resume_tell_rasa_s_tracker(client: TestClient, rasa: ScriptedRasa) -> None:
    rasa_client = client.app.state.rasa  # type: ignore[attr-defined]

    assert service.pause_rasa(rasa=rasa_client, session_id="s-rasa")
    assert service.resume_rasa(rasa=rasa_client, session_id="s-rasa")

    assert tracker_events(rasa) == ["pause", "resume"]
    rasa.fail_with = httpx.ConnectError("refused")
    assert not service.pause_rasa(rasa=rasa_client, session_id="s-rasa")  # logged, never raised


def test_a_handoff_message_row_is_linked_to_its_conversation(
    db: Session, settings: Settings
) -> None:
    handoff = queued(db, settings, "s-link")
    stored = db.scalars(select(Message).where(Message.conversation_id == handoff.conversation_id))
    assert [m.sender for m in stored] == ["system"]
