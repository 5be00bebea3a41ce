"""The widget's view of stored conversations, and the widget's own files (the loader with
its modules' version written in, the modules). Keyword-only functions, like every service."""

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.conversations import service as conversations_service
from api.conversations.models import Conversation, Message
from api.database import as_utc
from api.web.models import ConversationSummary

TITLE_CHARS = 120
MAX_LISTED = 50


def summaries(
    *, db: Session, session_ids: list[str], user_id: str | None = None
) -> list[ConversationSummary]:
    """The visible conversations among `session_ids` plus the user's own, most recent first."""
    ids = list(dict.fromkeys(session_ids))[:MAX_LISTED]
    if user_id is not None:
        ids = list(
            dict.fromkeys(
                ids + conversations_service.list_for_user(db=db, user_id=user_id, limit=MAX_LISTED)
            )
        )
    if not ids:
        return []
    conversations = [
        c
        for c in db.scalars(select(Conversation).where(Conversation.session_id.in_(ids)))
        if conversations_service.can_see(conversation=c, user_id=user_id)
    ]
    if not conversations:
        return []
    by_id = {c.id: c for c in conversations}
    stats = {
        row.conversation_id: (row.count, row.last)
        for row in db.execute(
            select(
                Message.conversation_id,
                func.count().label("count"),
                func.max(Message.created_at).label("last"),
            )
            .where(Message.conversation_id.in_(by_id))
            .group_by(Message.conversation_id)
        )
    }
    first_user_seq = (
        select(Message.conversation_id, func.min(Message.seq).label("seq"))
        .where(Message.conversation_id.in_(by_id), Message.sender == "user")
        .group_by(Message.conversation_id)
        .subquery()
    )
    titles: dict[int, str] = {
        conversation_id: text
        for conversation_id, text in db.execute(
            select(Message.conversation_id, Message.text).join(
                first_user_seq,
                (Message.conversation_id == first_user_seq.c.conversation_id)
                & (Message.seq == first_user_seq.c.seq),
            )
        )
    }
    result = []
    for conversation in conversations:
        count, last = stats.get(conversation.id, (0, None))
        title = titles.get(conversation.id)
        if title and len(title) > TITLE_CHARS:
            title = title[: TITLE_CHARS - 1].rstrip() + "…"
        result.append(
            ConversationSummary(
                session_id=conversation.session_id,
                portal=conversation.portal,
                lang=conversation.lang,
                title=title,
                message_count=count,
                created_at=conversation.created_at,
                updated_at=last or conversation.updated_at,
            )
        )
    result.sort(key=lambda s: as_utc(s.updated_at), reverse=True)
    return result


# ---------------------------------------------------------------- the widget's files

STATIC = Path(__file__).resolve().parent / "static"
WIDGET_MODULES = STATIC / "widget"
# Where the loader (static/tijaria.js) says which version of the modules to import.
BUILD_MARK = b"__TIJARIA_BUILD__"
_MODULE_NAME = re.compile(r"[a-z][a-z0-9_-]{0,40}\.js")


@dataclass(frozen=True)
class Asset:
    body: bytes
    etag: str


@lru_cache(maxsize=64)
def _read(path: Path, mtime_ns: int, size: int) -> Asset:
    # Keyed by mtime and size: an edited file is read again, an unchanged one never.
    body = path.read_bytes()
    return Asset(body=body, etag=f'"{hashlib.sha256(body).hexdigest()[:20]}"')


def _asset(path: Path) -> Asset:
    stat = path.stat()
    return _read(path, stat.st_mtime_ns, stat.st_size)


def widget_build() -> str:
    """The modules' version: a hash of every module, so that any change gives new URLs."""
    digest = hashlib.sha256()
    for path in sorted(WIDGET_MODULES.glob("*.js")):
        digest.update(path.name.encode() + b"\0" + _asset(path).etag.encode())
    return digest.hexdigest()[:16]


def widget_loader() -> Asset:
    """static/tijaria.js with the modules' version written in."""
    build = widget_build()
    body = _asset(STATIC / "tijaria.js").body.replace(BUILD_MARK, build.encode())
    return Asset(body=body, etag=f'"{hashlib.sha256(body).hexdigest()[:20]}"')


def widget_module(*, name: str) -> Asset | None:
    """One of the widget's modules (static/widget/NAME), or None for any other name."""
    if not _MODULE_NAME.fullmatch(name):
        return None
    path = WIDGET_MODULES / name
    return _asset(path) if path.is_file() else None


# ---------------------------------------------------------------- the agents' console's files

CONSOLE_FILES = STATIC / "console"
_CONSOLE_NAME = re.compile(r"[a-z][a-z0-9_-]{0,40}\.(js|css)")
_CONSOLE_MEDIA_TYPES = {"js": "text/javascript; charset=utf-8", "css": "text/css; charset=utf-8"}


def console_asset(*, name: str) -> tuple[Asset, str] | None:
    """One of the console's files (static/console/NAME) and its media type, or None."""
    match = _CONSOLE_NAME.fullmatch(name)
    if match is None:
        return None
    path = CONSOLE_FILES / name
    if not path.is_file():
        return None
    return _asset(path), _CONSOLE_MEDIA_TYPES[match.group(1)]
