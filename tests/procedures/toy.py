"""A toy procedure declared for the engine's tests only (not the claims one): every kind
of field, a choice list that depends on the portal, a field asked only for one answer,
a validator, a step offered as a form card, files, and a submission that can refuse."""

import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from api import i18n
from api.procedures import definitions
from api.procedures.definitions import (
    Choice,
    Context,
    Field,
    Procedure,
    Refusal,
    Step,
    Submission,
)

KIND = "toy"
PDF_OR_PNG = ("application/pdf", "image/png")
MAX_FILE_BYTES = 2 * 1024 * 1024

i18n.register(
    {
        "toy_ice_digits": {
            "fr": "« {label} » : 15 chiffres exactement.",
            "ar": "«{label}»: 15 رقمًا بالضبط.",
            "en": '"{label}": exactly 15 digits.',
        },
        "toy_submit_refused": {
            "fr": "Le service refuse cet objet.",
            "ar": "الخدمة ترفض هذا الموضوع.",
            "en": "The service refuses this subject.",
        },
    }
)


@dataclass
class Submitted:
    calls: list[dict[str, Any]] = field(default_factory=list)


SUBMITTED = Submitted()

CATEGORIES = (
    Choice(
        "claim", {"fr": "Réclamation", "ar": "شكاية", "en": "Complaint"}, ("plainte", "chikaya")
    ),
    Choice(
        "info", {"fr": "Demande d'information", "ar": "طلب معلومات", "en": "Information request"}
    ),
    Choice("incident", {"fr": "Incident technique", "ar": "عطل تقني", "en": "Technical incident"}),
)


def services(ctx: Context) -> list[Choice]:
    if ctx.portal == "douane":
        return [Choice("badr", {"fr": "BADR", "ar": "بدر", "en": "BADR"})]
    return [
        Choice(
            "dfd",
            {"fr": "Demande de franchise (DFD)", "ar": "طلب الإعفاء", "en": "Duty-free request"},
        ),
        Choice("titre", {"fr": "Titre d'importation", "ar": "سند الاستيراد", "en": "Import title"}),
    ]


def ice_digits(value: Any, ctx: Context) -> Any:
    compact = re.sub(r"\s", "", str(value))
    if not re.fullmatch(r"[0-9]{15}", compact):
        raise Refusal("toy_ice_digits")
    return compact


def _texts(fr: str, ar: str, en: str) -> dict[str, str]:
    return {"fr": fr, "ar": ar, "en": en}


def submit(db: Session, ctx: Context) -> Submission:
    if ctx.data.get("object") == "refuse-me":
        raise Refusal("toy_submit_refused")
    SUBMITTED.calls.append({"data": dict(ctx.data), "user_id": ctx.user_id, "portal": ctx.portal})
    reference = f"TOY-{len(SUBMITTED.calls):04d}"
    return Submission(
        reference=reference,
        texts=_texts(
            "Envoyé. Référence : {reference}.",
            "أُرسل. المرجع: {reference}.",
            "Sent. Reference: {reference}.",
        ),
    )


TOY = definitions.register(
    Procedure(
        kind=KIND,
        title=_texts("Demande jouet", "طلب تجريبي", "Toy request"),
        intents=("file_toy",),
        names=("jouet", "toy", "لعبة"),
        stems=("jouet", "toy", "لعب"),
        submit=submit,
        steps=(
            Step(
                name="about",
                title=_texts("Type et service", "النوع والخدمة", "Type and service"),
                fields=(
                    Field(
                        name="category",
                        type="select",
                        label=_texts("Type de demande", "نوع الطلب", "Type of request"),
                        question=_texts(
                            "Quel type de demande ?", "ما نوع الطلب؟", "What kind of request?"
                        ),
                        choices=CATEGORIES,
                    ),
                    Field(
                        name="service",
                        type="select",
                        label=_texts("Service concerné", "الخدمة المعنية", "Service concerned"),
                        question=_texts("Quel service ?", "أي خدمة؟", "Which service?"),
                        choices=services,
                        allow_free_text=True,
                    ),
                ),
            ),
            Step(
                name="contact",
                title=_texts("Contact", "الاتصال", "Contact"),
                fields=(
                    Field(
                        name="email",
                        type="email",
                        label=_texts("E-mail", "البريد الإلكتروني", "E-mail"),
                        question=_texts("Votre e-mail ?", "بريدك الإلكتروني؟", "Your e-mail?"),
                    ),
                    Field(
                        name="ice",
                        type="text",
                        label=_texts("ICE", "ICE", "ICE"),
                        question=_texts("Votre ICE ?", "رقم ICE؟", "Your ICE?"),
                        validators=(ice_digits,),
                        required_when=lambda ctx: ctx.data.get("category") == "claim",
                    ),
                    Field(
                        name="phone",
                        type="tel",
                        label=_texts("Téléphone", "الهاتف", "Phone"),
                        question=_texts("Votre téléphone ?", "هاتفك؟", "Your phone?"),
                        required=False,
                    ),
                    Field(
                        name="when",
                        type="date",
                        label=_texts("Date", "التاريخ", "Date"),
                        question=_texts("Depuis quand ?", "منذ متى؟", "Since when?"),
                        required=False,
                    ),
                ),
            ),
            Step(
                name="details",
                title=_texts("Détails", "التفاصيل", "Details"),
                as_card=True,
                fields=(
                    Field(
                        name="object",
                        type="text",
                        label=_texts("Objet", "الموضوع", "Subject"),
                        question=_texts("L'objet ?", "الموضوع؟", "The subject?"),
                        max_length=20,
                    ),
                    Field(
                        name="count",
                        type="number",
                        label=_texts("Nombre", "العدد", "Count"),
                        question=_texts("Combien ?", "كم؟", "How many?"),
                    ),
                    Field(
                        name="files",
                        type="file",
                        label=_texts("Pièces jointes", "المرفقات", "Attachments"),
                        question=_texts("Des fichiers ?", "ملفات؟", "Any files?"),
                        required=False,
                        accept=PDF_OR_PNG,
                        max_files=2,
                        max_file_bytes=MAX_FILE_BYTES,
                    ),
                ),
            ),
        ),
    )
)
