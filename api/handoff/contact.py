"""The guides' « Formulaire de contact » (full name, e-mail, request) when no agent is there
(nobody `available`, or outside service hours): a procedure of the procedures engine,
open to anonymous users, whose confirmation creates a ticket (CT-XXXX-XXXX) the agents'
console lists (GET /agent/tickets). The message says the reference and the support phone."""

from sqlalchemy.orm import Session

from api import i18n
from api.config import Settings, get_settings
from api.conversations import service as conversations
from api.handoff import service
from api.procedures import service as procedures
from api.procedures.definitions import (
    Context,
    Field,
    Procedure,
    Step,
    Submission,
    not_blank,
    register,
)
from api.procedures.models import BotTurn

KIND = "contact"
MAX_NAME_CHARS = 200
MAX_EMAIL_CHARS = 254
MAX_REQUEST_CHARS = 4000


_not_blank = not_blank("contact_field_empty")


def submit(db: Session, context: Context) -> Submission:
    """The confirmed form becomes a ticket for the agents."""
    data = context.data
    ticket = service.create_ticket(
        db=db,
        full_name=str(data["full_name"]),
        email=str(data["email"]),
        request=str(data["request"]),
        portal=context.portal,
        language=i18n.reply_lang(context.lang),
        session_id=context.session_id,
        user_id=context.user_id,
    )
    phone = get_settings().support_phone
    return Submission(
        reference=ticket.reference,
        texts={
            "fr": (
                "Votre demande est transmise à l'assistance PORTNET sous la référence "
                "{reference}. Un conseiller vous répondra par e-mail. Pour une aide immédiate, "
                f"appelez le {phone}."
            ),
            "ar": (
                "أُرسل طلبكم إلى مساعدة PORTNET تحت المرجع {reference}. سيجيبكم مستشار عبر "
                f"البريد الإلكتروني. للمساعدة الفورية، اتصلوا بالرقم {phone}."
            ),
            "en": (
                "Your request has been passed to PORTNET support under reference {reference}. "
                f"An adviser will answer you by e-mail. For immediate help, call {phone}."
            ),
        },
        extra={"ticket_id": ticket.id},
    )


CONTACT = register(
    Procedure(
        kind=KIND,
        title={"fr": "Formulaire de contact", "ar": "استمارة الاتصال", "en": "Contact form"},
        # Started by the core when nobody is available, never by an intent of its own.
        intents=(),
        names=("formulaire de contact", "contact form", "استمارة الاتصال"),
        requires_login=False,
        steps=(
            Step(
                name="contact",
                title={"fr": "Vos coordonnées", "ar": "معلومات الاتصال", "en": "Your details"},
                as_card=True,
                fields=(
                    Field(
                        name="full_name",
                        type="text",
                        label={"fr": "Nom complet", "ar": "الاسم الكامل", "en": "Full name"},
                        question={
                            "fr": "Quel est votre nom complet ?",
                            "ar": "ما اسمكم الكامل؟",
                            "en": "What is your full name?",
                        },
                        max_length=MAX_NAME_CHARS,
                        validators=(_not_blank,),
                    ),
                    Field(
                        name="email",
                        type="email",
                        label={"fr": "E-mail", "ar": "البريد الإلكتروني", "en": "E-mail"},
                        question={
                            "fr": "À quelle adresse e-mail le conseiller peut-il vous répondre ?",
                            "ar": "على أي عنوان بريد إلكتروني يمكن للمستشار أن يجيبكم؟",
                            "en": "At which e-mail address can the adviser answer you?",
                        },
                        max_length=MAX_EMAIL_CHARS,
                    ),
                    Field(
                        name="request",
                        type="text",
                        label={"fr": "Votre demande", "ar": "طلبكم", "en": "Your request"},
                        question={
                            "fr": "Décrivez votre demande (portail, service, message d'erreur…).",
                            "ar": "صفوا طلبكم (البوابة، الخدمة، رسالة الخطأ…).",
                            "en": "Describe your request (portal, service, error message…).",
                        },
                        max_length=MAX_REQUEST_CHARS,
                        validators=(_not_blank,),
                    ),
                ),
            ),
        ),
        submit=submit,
    )
)


def start_contact_form(*, db: Session, session_id: str) -> BotTurn:
    """Start (or resume) the contact form in this conversation, for its signed-in owner or
    anonymously; the caller commits."""
    conversation = conversations.get(db=db, session_id=session_id)
    portal = conversation.portal if conversation else "pmpce"
    lang = i18n.reply_lang(conversation.lang if conversation else None)
    user = procedures.signed_in_owner(db=db, session_id=session_id)
    return procedures.start(
        db=db, kind=KIND, user=user, session_id=session_id, portal=portal, lang=lang
    )


def human_turn(*, db: Session, settings: Settings, session_id: str, turn: BotTurn) -> BotTurn:
    """A procedure's « un agent » (the draft is kept): its message, then the handoff offer
    (a confirmation); when nobody is available, the phone and the contact form, which the
    form goes on with (status "refused": the form keeps asking, now the contact form's
    questions)."""
    draft = procedures.get(db=db, draft_id=turn.draft_id) if turn.draft_id else None
    refused = draft is not None and procedures.refusals_in_a_row(draft) >= 2
    status, messages = service.offer(
        db=db, settings=settings, session_id=session_id, reason="refused" if refused else "asked"
    )
    if status != "contact":
        return BotTurn(
            status="human",
            messages=[*turn.messages, *messages],
            draft_id=turn.draft_id,
        )
    contact = start_contact_form(db=db, session_id=session_id)
    return BotTurn(
        status="refused",
        messages=[*turn.messages, *messages, *contact.messages],
        draft_id=contact.draft_id,
    )
