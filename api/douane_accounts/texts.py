"""What the Douane account operations say to people, in fr/ar/en: error codes and the
rules' refusals (api.i18n), field and status names, the chat notices and the e-mails."""

from dataclasses import dataclass

from api import i18n
from api.i18n import reply_lang

i18n.register(
    {
        # ------------------------------------------------------------ who may, what exists
        "douane_account_not_found": {
            "fr": (
                "Aucun compte douane n'est associé à votre espace : la gestion du compte douane "
                "(actualiser, annuler, restaurer) est réservée aux opérateurs déjà inscrits chez "
                "la douane. Souscrivez d'abord au système de la douane depuis votre espace privé "
                "RNOCE."
            ),
            "ar": (
                "لا يوجد حساب جمركي مرتبط بفضائكم: تدبير الحساب الجمركي (التحيين، الإلغاء، "
                "الاسترجاع) مخصص للمتعاملين المسجلين مسبقًا لدى الجمارك. اشتركوا أولًا في نظام "
                "الجمارك من فضائكم الخاص RNOCE."
            ),
            "en": (
                "No Douane account is linked to your space: managing a Douane account (update, "
                "cancel, restore) is only for operators already registered with the Douane. "
                "Subscribe to the Douane system from your RNOCE private space first."
            ),
        },
        "douane_account_exists": {
            "fr": "Un compte douane est déjà ouvert pour cet utilisateur.",
            "ar": "يوجد حساب جمركي مفتوح لهذا المستخدم من قبل.",
            "en": "A Douane account is already open for this user.",
        },
        "douane_account_rnoce_only": {
            "fr": "Un compte douane s'ouvre pour un utilisateur de l'espace privé RNOCE.",
            "ar": "يُفتح الحساب الجمركي لمستخدم الفضاء الخاص RNOCE.",
            "en": "A Douane account is opened for a user of the RNOCE private space.",
        },
        "douane_operation_not_found": {
            "fr": "Aucune demande sur votre compte douane ne correspond à cet identifiant.",
            "ar": "لا يوجد طلب على حسابكم الجمركي بهذا المعرّف.",
            "en": "No request on your Douane account matches this id.",
        },
        "douane_document_not_found": {
            "fr": "Aucun document de cette demande ne correspond à cet identifiant.",
            "ar": "لا توجد وثيقة لهذا الطلب بهذا المعرّف.",
            "en": "No document of this request matches this id.",
        },
        # ------------------------------------------------------------ the guide's conditions
        "douane_modification_cancellation_pending": {
            "fr": (
                "La demande de modification n'est pas autorisée lorsqu'une demande d'annulation "
                "de votre compte douane est en cours de traitement."
            ),
            "ar": "طلب التعديل غير مسموح به ما دام طلب إلغاء حسابكم الجمركي في طور المعالجة.",
            "en": (
                "A modification request is not allowed while a cancellation request of your "
                "Douane account is being processed."
            ),
        },
        "douane_modification_account_cancelled": {
            "fr": (
                "La demande de modification n'est pas autorisée lorsqu'une demande d'annulation "
                "a été acceptée : votre compte douane est annulé. Demandez d'abord sa "
                "restauration."
            ),
            "ar": (
                "طلب التعديل غير مسموح به بعد قبول طلب الإلغاء: حسابكم الجمركي ملغى. اطلبوا "
                "استرجاعه أولًا."
            ),
            "en": (
                "A modification request is not allowed once a cancellation request has been "
                "accepted: your Douane account is cancelled. Ask for its restoration first."
            ),
        },
        "douane_account_already_cancelled": {
            "fr": "Votre compte douane est déjà annulé.",
            "ar": "حسابكم الجمركي ملغى من قبل.",
            "en": "Your Douane account is already cancelled.",
        },
        "douane_restoration_not_cancelled": {
            "fr": ("Seul un compte douane annulé peut être restauré : le vôtre est actif."),
            "ar": "لا يمكن استرجاع إلا حساب جمركي ملغى: حسابكم نشط.",
            "en": "Only a cancelled Douane account can be restored: yours is active.",
        },
        "douane_operation_in_progress": {
            "fr": (
                "Une demande de {kind} est déjà en cours de traitement : attendez sa réponse "
                "avant d'en soumettre une autre."
            ),
            "ar": "يوجد طلب {kind} في طور المعالجة: انتظروا الرد قبل تقديم طلب آخر.",
            "en": (
                "A {kind} request is already being processed: wait for its answer before "
                "submitting another one."
            ),
        },
        "douane_operation_not_pending": {
            "fr": "Cette demande n'est plus en cours de traitement (état : {status}).",
            "ar": "هذا الطلب لم يعد في طور المعالجة (الحالة: {status}).",
            "en": "This request is no longer being processed (status: {status}).",
        },
        "douane_operation_not_refused": {
            "fr": (
                "Seule une demande rejetée (« Annulée ») peut être corrigée et soumise à "
                "nouveau ; celle-ci est « {status} »."
            ),
            "ar": "لا يمكن تصحيح وإعادة تقديم إلا طلب مرفوض («ملغى»)؛ هذا الطلب «{status}».",
            "en": (
                'Only a refused ("Cancelled") request can be corrected and submitted again; '
                'this one is "{status}".'
            ),
        },
        "douane_operation_superseded": {
            "fr": ("Une demande de {kind} plus récente existe : c'est elle qu'il faut corriger."),
            "ar": "يوجد طلب {kind} أحدث: هو الذي يجب تصحيحه.",
            "en": "There is a more recent {kind} request: correct that one instead.",
        },
        "douane_modification_empty": {
            "fr": (
                "Aucune information ne change : saisissez au moins une nouvelle valeur "
                "(type d'opérateur, ICE, RC, IF, centre RC, raison sociale…)."
            ),
            "ar": (
                "لا تتغير أي معلومة: أدخلوا قيمة جديدة واحدة على الأقل (نوع المتعامل، ICE، "
                "السجل التجاري، التعريف الضريبي، مركز السجل، الاسم التجاري…)."
            ),
            "en": (
                "Nothing changes: enter at least one new value (operator type, ICE, RC, IF, "
                "RC centre, raison sociale…)."
            ),
        },
        "douane_refusal_reason_blank": {
            "fr": "Indiquez le motif du rejet : il est communiqué à l'opérateur.",
            "ar": "حدّدوا سبب الرفض: سيُبلَّغ إلى المتعامل.",
            "en": "Give the reason for the refusal: the operator is told it.",
        },
        # ------------------------------------------------------------ the rules' refusals
        "douane_field_required": {
            "fr": "« {label} » est obligatoire.",
            "ar": "«{label}» إلزامي.",
            "en": '"{label}" is required.',
        },
        "douane_field_too_long": {
            "fr": "« {label} » : {limit} caractères au plus (vous en avez saisi {length}).",
            "ar": "«{label}»: {limit} حرفًا على الأكثر (أدخلتم {length}).",
            "en": '"{label}": at most {limit} characters (you entered {length}).',
        },
        "douane_field_not_for_kind": {
            "fr": "« {label} » ne fait pas partie d'une demande de {kind}.",
            "ar": "«{label}» ليس من معلومات طلب {kind}.",
            "en": '"{label}" is not part of a {kind} request.',
        },
        "douane_choice_unknown": {
            "fr": "« {label} » : choisissez l'une des valeurs proposées ({choices}).",
            "ar": "«{label}»: اختاروا إحدى القيم المقترحة ({choices}).",
            "en": '"{label}": choose one of the values offered ({choices}).',
        },
        "douane_ice_format": {
            "fr": "« {label} » doit contenir exactement 15 chiffres (vous en avez saisi {length}).",
            "ar": "«{label}» يجب أن يتكون من 15 رقمًا بالضبط (أدخلتم {length}).",
            "en": '"{label}" must be exactly 15 digits (you entered {length}).',
        },
        "douane_invalid_date": {
            "fr": "« {label} » : une date au format JJ/MM/AAAA.",
            "ar": "«{label}»: تاريخ بصيغة يوم/شهر/سنة (JJ/MM/AAAA).",
            "en": '"{label}": a date as DD/MM/YYYY.',
        },
        "douane_date_in_future": {
            "fr": "« {label} » : le {date} est dans le futur.",
            "ar": "«{label}»: تاريخ {date} في المستقبل.",
            "en": '"{label}": {date} is in the future.',
        },
        "douane_modele_j_too_old": {
            "fr": (
                "« {label} » : le modèle J ne doit pas dépasser {months} mois (daté du "
                "{oldest} au plus tôt) ; le vôtre est du {date}. Joignez un modèle J récent."
            ),
            "ar": (
                "«{label}»: يجب ألا يتجاوز عمر النموذج J {months} أشهر (مؤرخ في {oldest} على "
                "الأقدم)؛ نموذجكم مؤرخ في {date}. أرفقوا نموذجًا J حديثًا."
            ),
            "en": (
                '"{label}": the Modèle J must not be more than {months} months old (dated '
                "{oldest} at the earliest); yours is dated {date}. Attach a recent Modèle J."
            ),
        },
        "douane_adii_decision_required": {
            "fr": (
                "« {label} » : pour un transitaire, la modification de la raison sociale est "
                "conditionnée par la décision de changement de dénomination délivrée par l'ADII."
            ),
            "ar": (
                "«{label}»: بالنسبة للمعشّر، تعديل الاسم التجاري مشروط بتحميل قرار تغيير "
                "التسمية الصادر عن إدارة الجمارك والضرائب غير المباشرة."
            ),
            "en": (
                '"{label}": for a customs broker (transitaire), changing the raison sociale '
                "requires the decision of change of name issued by the ADII."
            ),
        },
        "douane_document_pdf_only": {
            "fr": "« {label} » : seuls les fichiers PDF sont acceptés (moins de 3 Mo).",
            "ar": "«{label}»: لا تُقبل إلا ملفات PDF (أقل من 3 ميغابايت).",
            "en": '"{label}": only PDF files are accepted (under 3 MB).',
        },
        "douane_restoration_proof_required": {
            "fr": (
                "« {label} » : joignez le modèle J (ne dépassant pas 3 mois) ou le PV de "
                "l'assemblée générale de la société."
            ),
            "ar": ("«{label}»: أرفقوا النموذج J (لا يتجاوز 3 أشهر) أو محضر الجمع العام للشركة."),
            "en": (
                '"{label}": attach the Modèle J (at most 3 months old) or the minutes of '
                "the company's general assembly."
            ),
        },
    }
)

FIELD_LABELS: dict[str, dict[str, str]] = {
    "entity_type": {"fr": "Type d'entité", "ar": "نوع الكيان", "en": "Entity type"},
    "operator_type": {"fr": "Type d'opérateur", "ar": "نوع المتعامل", "en": "Operator type"},
    "ice": {"fr": "Numéro ICE", "ar": "رقم ICE", "en": "ICE number"},
    "rc_number": {"fr": "Numéro RC", "ar": "رقم السجل التجاري", "en": "RC number"},
    "identifiant_fiscal": {
        "fr": "Identifiant fiscal",
        "ar": "التعريف الضريبي",
        "en": "Tax identifier (IF)",
    },
    "rc_centre": {"fr": "Centre RC", "ar": "مركز السجل التجاري", "en": "RC centre"},
    "raison_sociale": {"fr": "Raison sociale", "ar": "الاسم التجاري", "en": "Raison sociale"},
    "modele_j_upload_id": {"fr": "Modèle J", "ar": "النموذج J", "en": "Modèle J"},
    "modele_j_date": {
        "fr": "Date du modèle J",
        "ar": "تاريخ النموذج J",
        "en": "Date of the Modèle J",
    },
    "adii_decision_upload_id": {
        "fr": "Décision de changement de dénomination (ADII)",
        "ar": "قرار تغيير التسمية (إدارة الجمارك)",
        "en": "Decision of change of name (ADII)",
    },
    "reason": {"fr": "Motif", "ar": "السبب", "en": "Reason"},
    "judgement_upload_id": {
        "fr": "Jugement définitif du tribunal ou publication au bulletin officiel",
        "ar": "الحكم النهائي للمحكمة أو النشر في الجريدة الرسمية",
        "en": "Court's final judgement or publication in the official bulletin",
    },
    "comment": {"fr": "Commentaire", "ar": "تعليق", "en": "Comment"},
    "handwritten_request_upload_id": {
        "fr": "Demande manuscrite de restauration",
        "ar": "طلب الاسترجاع المكتوب بخط اليد",
        "en": "Handwritten request for restoration",
    },
    "general_assembly_minutes_upload_id": {
        "fr": "PV de l'assemblée générale",
        "ar": "محضر الجمع العام",
        "en": "General assembly minutes",
    },
}
# A cancellation's Modèle J is the « Copie du Modèle J / Registre de commerce ».
RADIATION_MODELE_J_LABEL = {
    "fr": "Copie du modèle J / registre de commerce",
    "ar": "نسخة من النموذج J / السجل التجاري",
    "en": "Copy of the Modèle J / trade register",
}
DOCUMENT_FIELDS = {
    "modele_j": "modele_j_upload_id",
    "adii_decision": "adii_decision_upload_id",
    "judgement": "judgement_upload_id",
    "handwritten_request": "handwritten_request_upload_id",
    "general_assembly_minutes": "general_assembly_minutes_upload_id",
}


class Label:
    """A field's name, as a refusal parameter put in the reader's language."""

    def __init__(self, field: str, labels: dict[str, str] | None = None) -> None:
        self.labels = labels or FIELD_LABELS[field]

    def render(self, lang: str) -> str:
        return self.labels.get(lang) or self.labels["fr"]


def label(field: str, lang: str) -> str:
    return Label(field).render(lang)


def document_label(kind: str, lang: str, *, operation_kind: str = "") -> str:
    if operation_kind == "cancellation" and kind == "modele_j":
        return Label("", RADIATION_MODELE_J_LABEL).render(lang)
    return label(DOCUMENT_FIELDS[kind], lang)


KIND_LABELS: dict[str, dict[str, str]] = {
    "modification": {"fr": "modification", "ar": "تعديل", "en": "modification"},
    "cancellation": {"fr": "annulation", "ar": "إلغاء", "en": "cancellation"},
    "restoration": {"fr": "restauration", "ar": "استرجاع", "en": "restoration"},
}
# The guide's words: « EN COURS DE TRAITEMENT », « VALIDE », « ANNULEE » (refused).
STATUS_LABELS: dict[str, dict[str, str]] = {
    "pending": {"fr": "En cours de traitement", "ar": "في طور المعالجة", "en": "Being processed"},
    "validated": {"fr": "Validé", "ar": "مقبول", "en": "Validated"},
    "refused": {"fr": "Annulée", "ar": "ملغى (مرفوض)", "en": "Cancelled (refused)"},
}
STATE_LABELS: dict[str, dict[str, str]] = {
    "active": {"fr": "Actif", "ar": "نشط", "en": "Active"},
    "cancelled": {"fr": "Annulé", "ar": "ملغى", "en": "Cancelled"},
}


class KindLabel:
    def __init__(self, kind: str) -> None:
        self.kind = kind

    def render(self, lang: str) -> str:
        return kind_label(self.kind, lang)


class StatusLabel:
    def __init__(self, status: str) -> None:
        self.status = status

    def render(self, lang: str) -> str:
        return status_label(self.status, lang)


def kind_label(kind: str, lang: str) -> str:
    labels = KIND_LABELS[kind]
    return labels.get(lang) or labels["fr"]


def status_label(status: str, lang: str) -> str:
    labels = STATUS_LABELS[status]
    return labels.get(lang) or labels["fr"]


def state_label(state: str, lang: str) -> str:
    labels = STATE_LABELS[state]
    return labels.get(lang) or labels["fr"]


# ---------------------------------------------------------------- notices and e-mails

_TITLES = {
    "modification": {
        "fr": "modification de vos données douane",
        "ar": "تعديل معطياتكم لدى الجمارك",
        "en": "modification of your Douane data",
    },
    "cancellation": {
        "fr": "annulation de votre compte douane",
        "ar": "إلغاء حسابكم الجمركي",
        "en": "cancellation of your Douane account",
    },
    "restoration": {
        "fr": "restauration de votre compte douane",
        "ar": "استرجاع حسابكم الجمركي",
        "en": "restoration of your Douane account",
    },
}
_NEWS = {
    "pending": {
        "fr": (
            "Votre demande de {title} est bien reçue : elle est en cours de traitement. Vous "
            "serez informé(e) de la réponse par e-mail et dans votre espace privé."
        ),
        "ar": "توصلنا بطلب {title}: إنه في طور المعالجة. سنخبركم بالرد عبر البريد الإلكتروني وفي فضائكم الخاص.",
        "en": (
            "Your request for the {title} has been received and is being processed. You will "
            "be told the answer by e-mail and in your private space."
        ),
    },
    "validated": {
        "fr": "Votre demande de {title} est validée.",
        "ar": "تم قبول طلب {title}.",
        "en": "Your request for the {title} is validated.",
    },
    "refused": {
        "fr": (
            "Votre demande de {title} est rejetée (statut « Annulée »). Motif du rejet : "
            "{reason}. Vous pouvez la corriger et la soumettre à nouveau."
        ),
        "ar": "رُفض طلب {title} (الحالة «ملغى»). سبب الرفض: {reason}. يمكنكم تصحيحه وإعادة تقديمه.",
        "en": (
            'Your request for the {title} is refused (status "Cancelled"). Reason: {reason}. '
            "You can correct it and submit it again."
        ),
    },
}
_SUBJECTS = {
    "fr": "RNOCE – {title} : {status}",
    "ar": "RNOCE – {title}: {status}",
    "en": "RNOCE – {title}: {status}",
}
_GREETING = {"fr": "Bonjour {name},", "ar": "مرحبًا {name}،", "en": "Hello {name},"}
_FOOTER = {
    "fr": (
        "Suivez vos demandes dans le bloc « Mes demandes » de votre espace privé RNOCE.\n\n"
        "Ceci est un message automatique, merci de ne pas répondre.\nL'équipe PORTNET"
    ),
    "ar": (
        "تابعوا طلباتكم في خانة «Mes demandes» بفضائكم الخاص RNOCE.\n\n"
        "هذه رسالة آلية، المرجو عدم الرد عليها.\nفريق PORTNET"
    ),
    "en": (
        'Follow your requests in the "Mes demandes" block of your RNOCE private space.\n\n'
        "This is an automatic message, please do not reply.\nThe PORTNET team"
    ),
}


def notice_texts(*, kind: str, status: str, reason: str = "") -> dict[str, str]:
    """The chat notice of a decision, in each language (conversations.notify_user)."""
    return {
        lang: _NEWS[status][lang].format(title=_TITLES[kind][lang], reason=reason)
        for lang in ("fr", "ar", "en")
    }


@dataclass(frozen=True)
class Mail:
    subject: str
    body: str


def status_mail(*, kind: str, status: str, name: str, lang: str, reason: str = "") -> Mail:
    lang = reply_lang(lang)
    title = _TITLES[kind][lang]
    body = "\n\n".join(
        (
            _GREETING[lang].format(name=name),
            _NEWS[status][lang].format(title=title, reason=reason),
            _FOOTER[lang],
        )
    )
    subject = _SUBJECTS[lang].format(title=title, status=status_label(status, lang))
    return Mail(subject=subject, body=body)
