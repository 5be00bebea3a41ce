"""« Nouvelle réclamation » in the conversation: the portal's 3-step form (type of
request, service concerned, details with documents) declared for the procedures engine,
which asks it one field at a time or as a card, and calls `submit` on « Confirmer »."""

from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session

from api.accounts import service as accounts
from api.claims import catalog, service
from api.claims.models import MAX_ATTACHMENTS, MAX_DETAILS_CHARS, MAX_OBJECT_CHARS, ClaimCreate
from api.i18n import reply_lang
from api.procedures.definitions import (
    Choice,
    Context,
    Field,
    Procedure,
    Refusal,
    Step,
    Submission,
    not_blank,
    register,
)
from api.uploads.models import DOCUMENT_TYPES, MAX_UPLOAD_BYTES


def _services(context: Context) -> Sequence[Choice]:
    return catalog.services_for(context.portal)


_not_blank = not_blank("claim_field_empty")


def upload_ids(value: Any) -> list[str]:
    """The engine's value of a file field: upload ids, or upload descriptions with an id."""
    if value is None:
        return []
    items = value if isinstance(value, list | tuple) else [value]
    ids = [item.get("id") if isinstance(item, dict) else item for item in items]
    return [str(i) for i in ids if i]


def submit(db: Session, context: Context) -> Submission:
    """The confirmed draft becomes a claim of the conversation's signed-in user."""
    if context.user_id is None:  # the engine asks for a sign-in before: never reached
        raise Refusal("not_authenticated")
    owner = accounts.get_or_raise(db=db, user_id=context.user_id)
    data = context.data
    claim = service.create(
        db=db,
        owner=owner,
        data=ClaimCreate(
            kind=data["kind"],
            portal=context.portal,
            service=str(data["service"]),
            object=str(data["object"]),
            details=str(data["details"]),
            attachment_ids=upload_ids(data.get("attachments")),
            session_id=context.session_id,
            lang=reply_lang(context.lang),
        ),
    )
    return Submission(
        reference=claim.reference,
        texts={
            "fr": (
                "Votre réclamation est enregistrée sous la référence {reference}. Vous recevrez "
                "un e-mail à chaque étape ; demandez-moi « où en est ma réclamation "
                "{reference} ? » quand vous voulez."
            ),
            "ar": (
                "سُجّلت شكايتكم تحت المرجع {reference}. ستتوصلون برسالة إلكترونية في كل "
                "مرحلة؛ اسألوني «ما هي حالة شكايتي {reference}؟» متى شئتم."
            ),
            "en": (
                "Your claim is recorded under reference {reference}. You will get an e-mail at "
                'each step; ask me "what is the status of my claim {reference}?" any time.'
            ),
        },
        extra={"status": claim.status},
    )


CLAIM = register(
    Procedure(
        kind="claim",
        title={"fr": "Nouvelle réclamation", "ar": "شكاية جديدة", "en": "New claim"},
        intents=("file_claim",),
        names=(
            "réclamation",
            "reclamation",
            "réclamations",
            "plainte",
            "شكاية",
            "شكوى",
            "complaint",
            "claim",
            "chikaya",
            "chekaya",
            "chkaya",
        ),
        stems=(
            "reclam",
            "plaint",
            "plaind",
            "complain",
            "claim",
            "chika",
            "chekaya",
            "chkaya",
            "chki",
            "شكا",
            "شكو",
            "شكي",
            "شتك",
            "تظلم",
        ),
        steps=(
            Step(
                name="type",
                title={"fr": "Type de demande", "ar": "نوع الطلب", "en": "Type of request"},
                fields=(
                    Field(
                        name="kind",
                        type="select",
                        label={"fr": "Type de demande", "ar": "نوع الطلب", "en": "Type of request"},
                        question={
                            "fr": "Quel est le type de votre demande ?",
                            "ar": "ما نوع طلبكم؟",
                            "en": "What type of request is it?",
                        },
                        choices=catalog.KINDS,
                    ),
                ),
            ),
            Step(
                name="service",
                title={"fr": "Service concerné", "ar": "الخدمة المعنية", "en": "Service concerned"},
                fields=(
                    Field(
                        name="service",
                        type="select",
                        label={
                            "fr": "Service concerné",
                            "ar": "الخدمة المعنية",
                            "en": "Service concerned",
                        },
                        question={
                            "fr": (
                                "Quel service du portail est concerné ? Choisissez-le ou "
                                "écrivez son nom."
                            ),
                            "ar": "ما هي خدمة البوابة المعنية؟ اختاروها أو اكتبوا اسمها.",
                            "en": "Which service of the portal is concerned? Pick it or type its name.",
                        },
                        choices=_services,
                        allow_free_text=True,
                        max_length=200,
                        validators=(_not_blank,),
                    ),
                ),
            ),
            Step(
                name="details",
                title={"fr": "Détails", "ar": "التفاصيل", "en": "Details"},
                as_card=True,
                fields=(
                    Field(
                        name="object",
                        type="text",
                        label={"fr": "Objet", "ar": "الموضوع", "en": "Subject"},
                        question={
                            "fr": "En une ligne, quel est l'objet de votre demande ?",
                            "ar": "في سطر واحد، ما موضوع طلبكم؟",
                            "en": "In one line, what is your request about?",
                        },
                        max_length=MAX_OBJECT_CHARS,
                        validators=(_not_blank,),
                    ),
                    Field(
                        name="details",
                        type="text",
                        label={"fr": "Détails", "ar": "التفاصيل", "en": "Details"},
                        question={
                            "fr": (
                                "Décrivez votre demande en détail (numéro de dossier, date, "
                                "message d'erreur…)."
                            ),
                            "ar": "صفوا طلبكم بالتفصيل (رقم الملف، التاريخ، رسالة الخطأ…).",
                            "en": (
                                "Describe your request in detail (file number, date, error "
                                "message…)."
                            ),
                        },
                        max_length=MAX_DETAILS_CHARS,
                        validators=(_not_blank,),
                    ),
                    Field(
                        name="attachments",
                        type="file",
                        required=False,
                        label={
                            "fr": "Pièces justificatives",
                            "ar": "الوثائق المثبتة",
                            "en": "Supporting documents",
                        },
                        question={
                            "fr": (
                                "Voulez-vous joindre des documents (PDF, PNG ou JPEG, 3 Mo "
                                "chacun, 5 au plus) ? Envoyez-les avec le trombone, ou "
                                "répondez « non »."
                            ),
                            "ar": (
                                "هل تريدون إرفاق وثائق (PDF أو PNG أو JPEG، 3 ميغابايت لكل "
                                "منها، 5 على الأكثر)؟ أرسلوها عبر مشبك الورق أو أجيبوا «لا»."
                            ),
                            "en": (
                                "Do you want to attach documents (PDF, PNG or JPEG, 3 MB each, "
                                'at most 5)? Send them with the paper clip, or answer "no".'
                            ),
                        },
                        help={
                            "fr": "Le type est vérifié au contenu du fichier, pas à son nom.",
                            "ar": "يُتحقق من النوع من محتوى الملف لا من اسمه.",
                            "en": "The type is checked from the file's content, not its name.",
                        },
                        accept=DOCUMENT_TYPES,
                        max_files=MAX_ATTACHMENTS,
                        max_file_bytes=MAX_UPLOAD_BYTES,
                    ),
                ),
            ),
        ),
        submit=submit,
    )
)
