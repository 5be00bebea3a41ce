"""The fields of the three Douane account requests, declared for the procedures engine with
the rules of api/douane_accounts/rules.py, for the conversation to build its procedures
from (none is registered here). Field names are the keys the rules read in
`context.data`; the account as registered goes under rules.ACCOUNT_KEY (it pre-fills the
modification form and drives the transitaire rule)."""

from api.douane_accounts import rules
from api.douane_accounts.texts import FIELD_LABELS, RADIATION_MODELE_J_LABEL
from api.procedures.definitions import Field, Texts
from api.uploads.models import MAX_UPLOAD_BYTES


def _ask(fr: str, ar: str, en: str) -> Texts:
    return {"fr": fr, "ar": ar, "en": en}


def _label(name: str) -> Texts:
    return FIELD_LABELS[name]


ENTITY_TYPE = Field(
    name="entity_type",
    type="select",
    label=_label("entity_type"),
    question=_ask("Quel est le type d'entité ?", "ما نوع الكيان؟", "What is the entity type?"),
    choices=rules.ENTITY_TYPES,
    validators=(rules.entity_type,),
)
OPERATOR_TYPE = Field(
    name="operator_type",
    type="select",
    label=_label("operator_type"),
    question=_ask(
        "Quel est le type d'opérateur ?", "ما نوع المتعامل؟", "What is the operator type?"
    ),
    choices=rules.OPERATOR_TYPES,
    validators=(rules.operator_type,),
)
ICE = Field(
    name="ice",
    type="text",
    label=_label("ice"),
    question=_ask(
        "Quel est le numéro ICE (15 chiffres) ?",
        "ما هو رقم ICE (15 رقمًا)؟",
        "What is the ICE number (15 digits)?",
    ),
    max_length=40,
    validators=(rules.ice,),
)
RC_NUMBER = Field(
    name="rc_number",
    type="text",
    label=_label("rc_number"),
    question=_ask("Quel est le numéro RC ?", "ما هو رقم السجل التجاري؟", "What is the RC number?"),
    max_length=rules.MAX_IDENTIFIER_CHARS,
    validators=(rules.rc_number,),
)
IDENTIFIANT_FISCAL = Field(
    name="identifiant_fiscal",
    type="text",
    label=_label("identifiant_fiscal"),
    question=_ask(
        "Quel est l'identifiant fiscal (IF) ?",
        "ما هو التعريف الضريبي؟",
        "What is the tax identifier (IF)?",
    ),
    max_length=rules.MAX_IDENTIFIER_CHARS,
    validators=(rules.identifiant_fiscal,),
)
RC_CENTRE = Field(
    name="rc_centre",
    type="text",
    label=_label("rc_centre"),
    question=_ask("Quel est le centre RC ?", "ما هو مركز السجل التجاري؟", "What is the RC centre?"),
    max_length=rules.MAX_RC_CENTRE_CHARS,
    validators=(rules.rc_centre,),
)
RAISON_SOCIALE = Field(
    name="raison_sociale",
    type="text",
    label=_label("raison_sociale"),
    question=_ask(
        "Quelle est la raison sociale ?", "ما هو الاسم التجاري؟", "What is the raison sociale?"
    ),
    max_length=rules.MAX_RAISON_SOCIALE_CHARS,
    validators=(rules.raison_sociale,),
)
MODELE_J = Field(
    name="modele_j",
    type="file",
    label=_label("modele_j_upload_id"),
    question=_ask(
        "Joignez le modèle J (ne dépassant pas 3 mois).",
        "أرفقوا النموذج J (لا يتجاوز 3 أشهر).",
        "Attach the Modèle J (at most 3 months old).",
    ),
    accept=rules.MODIFICATION_DOCUMENT_TYPES,
    max_file_bytes=MAX_UPLOAD_BYTES,
)
MODELE_J_DATE = Field(
    name="modele_j_date",
    type="date",
    label=_label("modele_j_date"),
    question=_ask(
        "Quelle est la date du modèle J (JJ/MM/AAAA) ?",
        "ما هو تاريخ النموذج J (يوم/شهر/سنة)؟",
        "What is the date of the Modèle J (DD/MM/YYYY)?",
    ),
    validators=(rules.modele_j_date,),
)
ADII_DECISION = Field(
    name="adii_decision",
    type="file",
    label=_label("adii_decision_upload_id"),
    question=_ask(
        "Joignez la décision de changement de dénomination délivrée par l'ADII.",
        "أرفقوا قرار تغيير التسمية الصادر عن إدارة الجمارك.",
        "Attach the decision of change of name issued by the ADII.",
    ),
    required_when=rules.needs_adii_decision,
    validators=(rules.adii_decision_given,),
    accept=rules.MODIFICATION_DOCUMENT_TYPES,
    max_file_bytes=MAX_UPLOAD_BYTES,
)
MODIFICATION_FIELDS: tuple[Field, ...] = (
    ENTITY_TYPE,
    OPERATOR_TYPE,
    ICE,
    RC_NUMBER,
    IDENTIFIANT_FISCAL,
    RC_CENTRE,
    RAISON_SOCIALE,
    MODELE_J,
    MODELE_J_DATE,
    ADII_DECISION,
)

CANCELLATION_FIELDS: tuple[Field, ...] = (
    Field(
        name="reason",
        type="select",
        label={"fr": "Motif d'annulation", "ar": "سبب الإلغاء", "en": "Reason for cancellation"},
        question=_ask(
            "Quel est le motif d'annulation ?", "ما هو سبب الإلغاء؟", "What is the reason?"
        ),
        choices=rules.CANCELLATION_REASONS,
        validators=(rules.cancellation_reason,),
    ),
    Field(
        name="judgement",
        type="file",
        label=_label("judgement_upload_id"),
        question=_ask(
            "Joignez le jugement définitif du tribunal ou la publication au bulletin officiel "
            "(PDF, moins de 3 Mo).",
            "أرفقوا الحكم النهائي للمحكمة أو النشر في الجريدة الرسمية (PDF، أقل من 3 ميغابايت).",
            "Attach the court's final judgement or the publication in the official bulletin "
            "(PDF, under 3 MB).",
        ),
        required_when=rules.needs_judgement,
        accept=rules.CANCELLATION_DOCUMENT_TYPES,
        max_file_bytes=MAX_UPLOAD_BYTES,
    ),
    Field(
        name="modele_j",
        type="file",
        label=RADIATION_MODELE_J_LABEL,
        question=_ask(
            "Joignez la copie du modèle J / registre de commerce (PDF, moins de 3 Mo).",
            "أرفقوا نسخة من النموذج J / السجل التجاري (PDF، أقل من 3 ميغابايت).",
            "Attach the copy of the Modèle J / trade register (PDF, under 3 MB).",
        ),
        required_when=rules.needs_radiation_modele_j,
        accept=rules.CANCELLATION_DOCUMENT_TYPES,
        max_file_bytes=MAX_UPLOAD_BYTES,
    ),
    Field(
        name="comment",
        type="text",
        required=False,
        label=_label("comment"),
        question=_ask(
            "Un commentaire sur le motif d'annulation ?",
            "تعليق حول سبب الإلغاء؟",
            "A comment on the reason for cancellation?",
        ),
        max_length=rules.MAX_REASON_CHARS,
        validators=(rules.comment,),
    ),
)

RESTORATION_FIELDS: tuple[Field, ...] = (
    Field(
        name="handwritten_request",
        type="file",
        label=_label("handwritten_request_upload_id"),
        question=_ask(
            "Joignez la demande manuscrite de restauration signée par le gérant (PDF).",
            "أرفقوا طلب الاسترجاع المكتوب بخط يد المسير (PDF).",
            "Attach the manager's handwritten request for restoration (PDF).",
        ),
        accept=rules.RESTORATION_DOCUMENT_TYPES,
        max_file_bytes=MAX_UPLOAD_BYTES,
    ),
    Field(
        name="proof",
        type="select",
        label={"fr": "Justificatif", "ar": "الوثيقة المثبتة", "en": "Supporting document"},
        question=_ask(
            "Allez-vous joindre le modèle J (moins de 3 mois) ou le PV de l'assemblée générale ?",
            "هل ستُرفقون النموذج J (أقل من 3 أشهر) أم محضر الجمع العام؟",
            "Will you attach the Modèle J (under 3 months old) or the general assembly minutes?",
        ),
        choices=rules.RESTORATION_PROOFS,
        validators=(rules.restoration_proof,),
    ),
    Field(
        name="modele_j",
        type="file",
        label=_label("modele_j_upload_id"),
        question=_ask(
            "Joignez le modèle J (PDF, ne dépassant pas 3 mois).",
            "أرفقوا النموذج J (PDF، لا يتجاوز 3 أشهر).",
            "Attach the Modèle J (PDF, at most 3 months old).",
        ),
        required_when=rules.needs_restoration_modele_j,
        accept=rules.RESTORATION_DOCUMENT_TYPES,
        max_file_bytes=MAX_UPLOAD_BYTES,
    ),
    Field(
        name="modele_j_date",
        type="date",
        label=_label("modele_j_date"),
        question=MODELE_J_DATE.question,
        required_when=rules.needs_restoration_modele_j,
        validators=(rules.modele_j_date,),
    ),
    Field(
        name="general_assembly_minutes",
        type="file",
        label=_label("general_assembly_minutes_upload_id"),
        question=_ask(
            "Joignez le PV de l'assemblée générale de la société (PDF).",
            "أرفقوا محضر الجمع العام للشركة (PDF).",
            "Attach the minutes of the company's general assembly (PDF).",
        ),
        required_when=rules.needs_general_assembly_minutes,
        accept=rules.RESTORATION_DOCUMENT_TYPES,
        max_file_bytes=MAX_UPLOAD_BYTES,
    ),
    Field(
        name="reason",
        type="text",
        label=_label("reason"),
        question=_ask(
            "Quel est le motif de la restauration ?",
            "ما هو سبب الاسترجاع؟",
            "What is the reason for the restoration?",
        ),
        max_length=rules.MAX_REASON_CHARS,
        validators=(rules.restoration_reason,),
    ),
)
