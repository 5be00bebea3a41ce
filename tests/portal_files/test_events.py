"""A demo file changes status: who hears of it (and who never does), in which language, with
which button; what is refused."""

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.accounts.models import User
from api.conversations import service as conversations
from api.conversations.models import Conversation, Message
from api.database import utcnow
from api.errors import ApiError, NotFound
from api.i18n import text as i18n_text
from api.portal_files import events
from api.portal_files.models import PortalFile

DFD = "20263000000123"  # Société Démo Import's DFD, addressed to the Douane, status new
TITLE = "2026300000000000801"  # its title domiciliated with the demo bank


def open_conversation(db: Session, user: User, session_id: str, lang: str = "fr") -> Conversation:
    conversation = conversations.get_or_create(
        db=db, session_id=session_id, portal="pmpce", lang=lang, user_id=user.id
    )
    db.commit()
    return conversation


def system_messages(db: Session, conversation: Conversation) -> list[Message]:
    return [
        m
        for m in conversations.list_messages(db=db, conversation=conversation)
        if m.sender == "system"
    ]


def naive(moment: datetime) -> datetime:
    """SQLite gives back naive datetimes, PostgreSQL aware ones: compare them alike."""
    return moment.replace(tzinfo=None)


def row(db: Session, kind: str, reference: str) -> PortalFile:
    found = db.scalar(
        select(PortalFile).where(PortalFile.kind == kind, PortalFile.reference == reference)
    )
    assert found is not None
    return found


def test_the_owner_and_the_administration_hear_of_it_another_company_never(
    db: Session, people: dict[str, User]
) -> None:
    chats = {
        name: open_conversation(db, people[name], f"chat-{name}")
        for name in ("operator", "other_operator", "no_ice", "douane", "mic", "bank", "agent")
    }
    before = row(db, "dfd", DFD).updated_at

    file, told = events.change_status(
        db=db, kind="dfd", reference="2026 3000 0001 23", status="closed", actor=people["agent"]
    )
    db.commit()

    assert file.status == "closed" and naive(file.updated_at) > naive(before)
    assert {u.login for u in told} == {"op", "dou"}
    notice = system_messages(db, chats["operator"])
    assert len(notice) == 1
    assert notice[0].text.startswith(
        f"Votre demande de franchise douanière (DFD) {DFD} est passée à « Clôturée » : "
        "La demande est clôturée"
    )
    assert "Rien à faire" in notice[0].text  # the next step
    assert notice[0].buttons == [
        {"title": "Voir le dossier", "payload": f"Où en est ma DFD {DFD} ?"}
    ]
    assert len(system_messages(db, chats["douane"])) == 1
    for name in ("other_operator", "no_ice", "mic", "bank", "agent"):
        assert system_messages(db, chats[name]) == [], name


def test_each_conversation_hears_it_in_its_own_language(
    db: Session, people: dict[str, User]
) -> None:
    arabic = open_conversation(db, people["operator"], "chat-ar", lang="ar")
    english = open_conversation(db, people["operator"], "chat-en", lang="en")

    events.change_status(
        db=db, kind="title", reference=TITLE, status="domiciled", actor=people["agent"]
    )
    db.commit()

    [ar] = system_messages(db, arabic)
    assert ar.lang == "ar" and ar.text.startswith(f"تغيّرت حالة سند الاستيراد {TITLE} إلى «مُوطَّن»")
    assert ar.buttons == [
        {"title": "عرض الملف", "payload": f"ما هي حالة سند الاستيراد الخاص بي {TITLE}؟"}
    ]
    [en] = system_messages(db, english)
    assert en.text.startswith(f'Your import title {TITLE} is now "Domiciliated": ')
    assert en.buttons == [
        {"title": "View the file", "payload": f"What is the status of my import title {TITLE}?"}
    ]


def test_a_title_is_told_to_its_bank_and_not_to_another_administration(
    db: Session, people: dict[str, User]
) -> None:
    bank = open_conversation(db, people["bank"], "chat-bank")
    douane = open_conversation(db, people["douane"], "chat-douane")

    _file, told = events.change_status(
        db=db, kind="title", reference=TITLE, status="expired", actor=people["agent"]
    )
    db.commit()

    assert {u.login for u in told} == {"op", "bank"}
    assert len(system_messages(db, bank)) == 1
    assert system_messages(db, douane) == []


def test_closed_and_old_conversations_are_not_written_to(
    db: Session, people: dict[str, User]
) -> None:
    closed = open_conversation(db, people["operator"], "chat-closed")
    closed.state = "closed"
    old = open_conversation(db, people["operator"], "chat-old")
    old.updated_at = utcnow() - timedelta(days=3)
    db.commit()

    _file, told = events.change_status(
        db=db, kind="dfd", reference=DFD, status="closed", actor=people["agent"]
    )
    db.commit()

    assert [u.login for u in told if u.login == "op"] == ["op"]
    assert system_messages(db, closed) == [] and system_messages(db, old) == []


def test_the_same_status_again_changes_and_tells_nothing(
    db: Session, people: dict[str, User]
) -> None:
    chat = open_conversation(db, people["operator"], "chat-same")
    before = row(db, "dfd", DFD).updated_at

    file, told = events.change_status(
        db=db, kind="dfd", reference=DFD, status="new", actor=people["agent"]
    )
    db.commit()

    assert told == [] and naive(file.updated_at) == naive(before)
    assert system_messages(db, chat) == []


@pytest.mark.parametrize("lang", ["fr", "ar", "en"])
def test_an_unknown_status_is_refused_with_the_kind_s_choices(
    db: Session, people: dict[str, User], lang: str
) -> None:
    chat = open_conversation(db, people["operator"], "chat-bad")

    with pytest.raises(ApiError) as refused:
        events.change_status(db=db, kind="dfd", reference=DFD, status="paid", actor=people["agent"])

    assert refused.value.status_code == 422
    assert refused.value.code == "portal_file_unknown_status"
    message = i18n_text(refused.value.code, lang, **refused.value.params)
    label = {"fr": "Nouveau", "ar": "جديد", "en": "New"}[lang]
    assert f"new ({label})" in message and "closed (" in message and "paid" not in message
    assert row(db, "dfd", DFD).status == "new"
    assert system_messages(db, chat) == []


def test_an_unknown_file_or_kind_is_refused(db: Session, people: dict[str, User]) -> None:
    with pytest.raises(NotFound) as missing:
        events.change_status(
            db=db, kind="dfd", reference="20269999999999", status="closed", actor=people["agent"]
        )
    assert missing.value.code == "portal_file_not_found"
    with pytest.raises(NotFound):
        events.change_status(
            db=db, kind="dfd", reference="not a number", status="closed", actor=people["agent"]
        )
    with pytest.raises(ApiError) as kind:
        events.change_status(
            db=db, kind="passport", reference=DFD, status="closed", actor=people["agent"]
        )
    assert kind.value.code == "portal_file_unknown_kind" and kind.value.status_code == 422


def test_the_console_list_has_every_demo_file_with_its_choices(db: Session) -> None:
    listed = events.list_demo_files(db=db, lang="en")

    assert len(listed.files) == db.query(PortalFile).count()
    dfd = next(f for f in listed.files if f.reference == DFD)
    assert dfd.kind == "dfd" and dfd.status == "new" and dfd.status_label == "New"
    assert [(c.value, c.label) for c in dfd.statuses] == [("new", "New"), ("closed", "Closed")]
    assert dfd.owner_name == "Société Démo Import SARL"
