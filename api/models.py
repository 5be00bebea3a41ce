"""Imports every table module so Base.metadata knows them all (Alembic, tests)."""

from api.accounts.models import AccessToken, LoginThrottle, OneTimeLink, User
from api.claims.models import Claim, ClaimAttachment, ClaimEvent, ClaimMessage
from api.conversations.models import Conversation, Message
from api.douane_accounts.models import DouaneAccount, DouaneOperation, DouaneOperationDocument
from api.handoff.models import AgentPresence, Handoff, Ticket
from api.notifications.models import OutboxEmail
from api.portal_files.models import PortalFile
from api.procedures.models import Draft
from api.subscriptions.models import BadrOperator, Subscription, SubscriptionNumber
from api.uploads.models import Upload

__all__ = [
    "AccessToken",
    "AgentPresence",
    "BadrOperator",
    "Claim",
    "ClaimAttachment",
    "ClaimEvent",
    "ClaimMessage",
    "Conversation",
    "DouaneAccount",
    "DouaneOperation",
    "DouaneOperationDocument",
    "Draft",
    "Handoff",
    "LoginThrottle",
    "Message",
    "OneTimeLink",
    "OutboxEmail",
    "PortalFile",
    "Subscription",
    "SubscriptionNumber",
    "Ticket",
    "Upload",
    "User",
]
