"""Imports every table module so Base.metadata knows them all (Alembic, tests)."""

from api.conversations.models import Conversation, Message
from api.uploads.models import Upload

__all__ = ["Conversation", "Message", "Upload"]
