"""What subscriptions say to people, in fr/ar/en: refusal codes (api.i18n keys, each
naming its rule), status names, the e-mails and the live notices."""

from dataclasses import dataclass

from api import i18n
from api.i18n import reply_lang

i18n.register(
    {
        # ------------------------------------------------------------ field rules
        "subscription_required": {
            "fr": "Ce champ est obligatoire.",
            "ar": "هذا الحقل إلزامي.",
            "en": "This field is required.",
        },
        "subscription_blank": {
            "fr": "Cette réponse est vide : écrivez quelques caractères.",
            "ar": "هذا الجواب فارغ: اكتبوا بعض الأحرف.",
            "en": "This answer is empty: type a few characters.",
        },
        "subscription_too_long": {
            "fr": "Au plus {max} caractères (vous en avez saisi {count}).",
            "ar": "{max} حرفًا على الأكثر (أدخلتم {count}).",
            "en": "At most {max} characters (you typed {count}).",
        },
        "subscription_ice_length": {
            "fr": "L'ICE compte exactement 15 caractères (vous en avez saisi {count}).",
            "ar": "يتكون المعرّف الموحد للمقاولة (ICE) من 15 حرفًا بالضبط (أدخلتم {count}).",
            "en": "The ICE has exactly 15 characters (you typed {count}).",
        },
        "subscription_ice_digits": {
            "fr": "L'ICE ne contient que des chiffres (15 chiffres).",
            "ar": "لا يحتوي المعرّف الموحد للمقاولة (ICE) إلا على أرقام (15 رقمًا).",
            "en": "The ICE holds digits only (15 digits).",
        },
        "subscription_rib_length": {
            "fr": "Le RIB compte exactement 24 chiffres (vous en avez saisi {count}).",
            "ar": "يتكون رقم الحساب البنكي (RIB) من 24 رقمًا بالضبط (أدخلتم {count}).",
            "en": "The RIB has exactly 24 digits (you typed {count}).",
        },
        "subscription_rib_digits": {
            "fr": "Le RIB ne contient que des chiffres : 24 chiffres, sans lettres.",
            "ar": "لا يحتوي رقم الحساب البنكي (RIB) إلا على أرقام: 24 رقمًا دون حروف.",
            "en": "The RIB holds digits only: 24 digits, no letters.",
        },
        "subscription_digits_only": {
            "fr": "Ce numéro ne contient que des chiffres (au plus {max}).",
            "ar": "لا يحتوي هذا الرقم إلا على أرقام ({max} على الأكثر).",
            "en": "This number holds digits only (at most {max}).",
        },
        "subscription_rc_invalid": {
            "fr": "Le numéro RC s'écrit avec des chiffres et des lettres (1 à 20).",
            "ar": "يُكتب رقم السجل التجاري بأرقام وحروف (من 1 إلى 20).",
            "en": "The RC number is written with digits and letters (1 to 20).",
        },
        "subscription_rc_centre_unknown": {
            "fr": (
                "Centre RC inconnu : donnez son code suivi de sa ville, par exemple "
                "« 81 CASABLANCA »."
            ),
            "ar": "مركز السجل التجاري غير معروف: اكتبوا رمزه متبوعًا بمدينته، مثلًا «81 CASABLANCA».",
            "en": 'Unknown RC centre: give its code followed by its city, e.g. "81 CASABLANCA".',
        },
        "subscription_choice_unknown": {
            "fr": "« {value} » ne fait pas partie des choix possibles : {choices}.",
            "ar": "«{value}» ليس من الاختيارات الممكنة: {choices}.",
            "en": '"{value}" is not one of the possible choices: {choices}.',
        },
        "subscription_email_invalid": {
            "fr": "Adresse e-mail invalide : elle s'écrit nom@domaine.ma.",
            "ar": "عنوان بريد إلكتروني غير صالح: يُكتب على شكل nom@domaine.ma.",
            "en": "Invalid e-mail address: it is written name@domain.ma.",
        },
        "subscription_phone_invalid": {
            "fr": (
                "Numéro invalide : 10 chiffres commençant par 05, 06 ou 07 (ou +212 suivi de "
                "9 chiffres)."
            ),
            "ar": "رقم غير صالح: 10 أرقام تبدأ بـ 05 أو 06 أو 07 (أو ‎+212 متبوعًا بـ 9 أرقام).",
            "en": "Invalid number: 10 digits starting with 05, 06 or 07 (or +212 and 9 digits).",
        },
        "subscription_date_invalid": {
            "fr": "Date invalide : écrivez-la jj/mm/aaaa (par exemple 15/03/2020).",
            "ar": "تاريخ غير صالح: اكتبوه على شكل يوم/شهر/سنة (مثلًا 15/03/2020).",
            "en": "Invalid date: write it dd/mm/yyyy (for example 15/03/2020).",
        },
        "subscription_date_future": {
            "fr": "Cette date ne peut pas être dans le futur.",
            "ar": "لا يمكن أن يكون هذا التاريخ في المستقبل.",
            "en": "This date cannot be in the future.",
        },
        "subscription_date_expired": {
            "fr": (
                "Cette date d'expiration est passée : la pièce d'identité doit être en cours "
                "de validité."
            ),
            "ar": "تاريخ الانتهاء هذا قد مضى: يجب أن تكون وثيقة الهوية سارية المفعول.",
            "en": "This expiry date has passed: the identity document must still be valid.",
        },
        "subscription_cin_invalid": {
            "fr": (
                "Numéro de CIN invalide : une ou deux lettres suivies de 1 à 6 chiffres "
                "(par exemple AB123456)."
            ),
            "ar": "رقم بطاقة التعريف غير صالح: حرف أو حرفان متبوعان بـ 1 إلى 6 أرقام (مثلًا AB123456).",
            "en": "Invalid CIN number: one or two letters then 1 to 6 digits (e.g. AB123456).",
        },
        "subscription_identifier_invalid": {
            "fr": "Identifiant invalide : 5 à 20 lettres et chiffres, sans espaces.",
            "ar": "معرّف غير صالح: من 5 إلى 20 حرفًا ورقمًا دون فراغات.",
            "en": "Invalid identifier: 5 to 20 letters and digits, no spaces.",
        },
        "subscription_mandataire_not_manager": {
            "fr": "Le mandataire est choisi parmi les gérants déclarés : {choices}.",
            "ar": "يُختار الوكيل من بين المسيرين المصرح بهم: {choices}.",
            "en": "The representative is chosen among the declared managers: {choices}.",
        },
        "subscription_too_many_items": {
            "fr": "Au plus {max} éléments dans cette étape (vous en avez déclaré {count}).",
            "ar": "{max} عناصر على الأكثر في هذه المرحلة (صرحتم بـ {count}).",
            "en": "At most {max} items in this step (you declared {count}).",
        },
        "subscription_too_many_gu_users": {
            "fr": "Au plus 5 utilisateurs du Guichet Unique (vous en avez déclaré {count}).",
            "ar": "5 مستخدمين للشباك الوحيد على الأكثر (صرحتم بـ {count}).",
            "en": "At most 5 Single Window users (you declared {count}).",
        },
        "subscription_too_few_items": {
            "fr": "Déclarez au moins {min} élément(s) dans cette étape.",
            "ar": "صرحوا بعنصر واحد على الأقل ({min}) في هذه المرحلة.",
            "en": "Declare at least {min} item(s) in this step.",
        },
        "subscription_field_not_asked": {
            "fr": "Cette information n'est pas demandée pour ce parcours ou ce type d'opérateur.",
            "ar": "هذه المعلومة غير مطلوبة لهذا المسار أو لهذا النوع من المتعاملين.",
            "en": "This information is not asked for this path or this operator type.",
        },
        "subscription_field_unknown": {
            "fr": "Champ inconnu dans cette étape.",
            "ar": "حقل غير معروف في هذه المرحلة.",
            "en": "Unknown field in this step.",
        },
        "subscription_contract_file_required": {
            "fr": (
                "Pour une signature électronique, joignez le contrat signé avec votre clé "
                "(PDF, 3 Mo au plus)."
            ),
            "ar": "في حالة التوقيع الإلكتروني، أرفقوا العقد الموقّع بمفتاحكم (PDF، 3 ميغابايت على الأكثر).",
            "en": "For an electronic signature, attach the contract signed with your key (PDF, 3 MB at most).",
        },
        "subscription_terms_not_accepted": {
            "fr": (
                "Il faut accepter les Conditions Générales d'Utilisation pour valider la "
                "souscription."
            ),
            "ar": "يجب قبول الشروط العامة للاستعمال للمصادقة على الاشتراك.",
            "en": "The General Terms of Use must be accepted to validate the subscription.",
        },
        "subscription_yes_no": {
            "fr": "Répondez par oui ou par non.",
            "ar": "أجيبوا بنعم أو لا.",
            "en": "Answer yes or no.",
        },
        # ------------------------------------------------------------ requests
        "subscription_fields_refused": {
            "fr": "Certaines informations sont refusées :\n{details}",
            "ar": "بعض المعلومات مرفوضة:\n{details}",
            "en": "Some information is refused:\n{details}",
        },
        "subscription_not_found": {
            "fr": "Aucune demande de souscription ne correspond à ce code.",
            "ar": "لا يوجد طلب اشتراك بهذا الرمز.",
            "en": "No subscription request matches this code.",
        },
        "subscription_document_not_found": {
            "fr": "Ce document n'est pas joint à la demande.",
            "ar": "هذه الوثيقة غير مرفقة بالطلب.",
            "en": "This document is not attached to the request.",
        },
        "subscription_step_unknown": {
            "fr": "Étape inconnue pour ce parcours. Étapes possibles : {steps}.",
            "ar": "مرحلة غير معروفة في هذا المسار. المراحل الممكنة: {steps}.",
            "en": "Unknown step for this path. Possible steps: {steps}.",
        },
        "subscription_transition_not_allowed": {
            "fr": (
                "Impossible de passer cette demande de l'état « {current} » à « {target} ». "
                "Une demande va de Brouillon à En cours de traitement, puis Validé ou "
                "Incomplet ; une demande incomplète se rectifie puis se soumet à nouveau."
            ),
            "ar": (
                "لا يمكن نقل هذا الطلب من الحالة «{current}» إلى «{target}». يمر الطلب من مسودة "
                "إلى قيد المعالجة ثم مقبول أو غير مكتمل؛ ويُصحَّح الطلب غير المكتمل ثم يُقدَّم من جديد."
            ),
            "en": (
                'This request cannot go from "{current}" to "{target}". A request goes from '
                "Draft to Being processed, then Validated or Incomplete; an incomplete request "
                "is rectified, then submitted again."
            ),
        },
        "subscription_not_editable": {
            "fr": (
                "Cette demande est « {status} » : elle ne se modifie pas. Seul un brouillon se "
                "modifie (après un rejet, cliquez d'abord sur « Rectifier vos données »)."
            ),
            "ar": (
                "هذا الطلب «{status}»: لا يمكن تعديله. لا تُعدَّل إلا المسودة (بعد الرفض، "
                "انقروا أولًا على «تصحيح معطياتكم»)."
            ),
            "en": (
                'This request is "{status}": it cannot be changed. Only a draft can (after a '
                'rejection, first click "Rectify your data").'
            ),
        },
        "subscription_steps_incomplete": {
            "fr": "La demande ne peut pas être soumise : étapes à terminer : {steps}.",
            "ar": "لا يمكن تقديم الطلب: مراحل يجب إتمامها: {steps}.",
            "en": "The request cannot be submitted: steps to finish: {steps}.",
        },
        "subscription_modification_douane_only": {
            "fr": (
                "La demande de modification de vos données douane concerne uniquement la "
                "DOUANE : elle ne peut pas être combinée avec PORTNET."
            ),
            "ar": "طلب تعديل معطياتكم لدى الجمارك يخص الجمارك فقط: لا يمكن الجمع بينه وبين PORTNET.",
            "en": (
                "The request to change your customs data concerns DOUANE only: it cannot be "
                "combined with PORTNET."
            ),
        },
        "subscription_portnet_needs_douane": {
            "fr": (
                "La souscription à PORTNET seul est proposée une fois votre souscription à la "
                "DOUANE validée. Choisissez DOUANE, ou PORTNET et DOUANE."
            ),
            "ar": "يُقترح الاشتراك في PORTNET وحده بعد قبول اشتراككم لدى الجمارك. اختاروا الجمارك أو PORTNET والجمارك.",
            "en": (
                "A PORTNET-only subscription is offered once your DOUANE subscription is "
                "validated. Choose DOUANE, or PORTNET and DOUANE."
            ),
        },
        "subscription_already_exists": {
            "fr": (
                "Vous avez déjà une demande de souscription à {organism} (code {reference}) : "
                "reprenez-la ou suivez-la dans « Mes demandes »."
            ),
            "ar": "لديكم طلب اشتراك في {organism} من قبل (الرمز {reference}): استأنفوه أو تابعوه في «طلباتي».",
            "en": (
                "You already have a subscription request to {organism} (code {reference}): resume "
                'it or follow it in "My requests".'
            ),
        },
        "subscription_rnoce_only": {
            "fr": (
                "Les souscriptions se font depuis l'espace privé RNOCE : connectez-vous avec "
                "votre compte RNOCE."
            ),
            "ar": "تتم الاشتراكات من الفضاء الخاص RNOCE: سجلوا الدخول بحسابكم في RNOCE.",
            "en": "Subscriptions are made from the RNOCE private space: sign in with your RNOCE account.",
        },
        "badr_unavailable": {
            "fr": (
                "Le système BADR de la douane ne répond pas pour le moment : la vérification "
                "de votre compte est impossible. Réessayez dans quelques minutes."
            ),
            "ar": "نظام BADR للجمارك لا يستجيب حاليًا: يتعذر التحقق من حسابكم. أعيدوا المحاولة بعد بضع دقائق.",
            "en": (
                "The customs BADR system does not answer at the moment: your account cannot be "
                "checked. Try again in a few minutes."
            ),
        },
    }
)

STATUS_LABELS: dict[str, dict[str, str]] = {
    "draft": {"fr": "Brouillon", "ar": "مسودة", "en": "Draft"},
    "processing": {"fr": "En cours de traitement", "ar": "قيد المعالجة", "en": "Being processed"},
    "incomplete": {"fr": "Incomplet", "ar": "غير مكتمل", "en": "Incomplete"},
    "validated": {"fr": "Validé", "ar": "مقبول", "en": "Validated"},
}
ORGANISM_LABELS: dict[str, dict[str, str]] = {
    "douane": {"fr": "la DOUANE", "ar": "الجمارك", "en": "DOUANE"},
    "portnet_douane": {
        "fr": "PORTNET et la DOUANE",
        "ar": "PORTNET والجمارك",
        "en": "PORTNET and DOUANE",
    },
    "portnet": {"fr": "PORTNET", "ar": "PORTNET", "en": "PORTNET"},
    "modification": {
        "fr": "la DOUANE (modification de vos données)",
        "ar": "الجمارك (تعديل معطياتكم)",
        "en": "DOUANE (change of your data)",
    },
}


class Label:
    """A text of fr/ar/en variants as an api.i18n parameter, put in the reader's language."""

    def __init__(self, variants: dict[str, str]) -> None:
        self.variants = variants

    def render(self, lang: str) -> str:
        return self.variants.get(lang) or self.variants["fr"]


def status_label(status: str, lang: str) -> str:
    return Label(STATUS_LABELS[status]).render(lang)


def organism_label(path: str, lang: str) -> str:
    return Label(ORGANISM_LABELS[path]).render(lang)


@dataclass(frozen=True)
class Mail:
    subject: str
    body: str


_SIGNATURE = {
    "fr": (
        "Pour toute information complémentaire, notre Centre de Relation Client reste à votre "
        "disposition.\nVotre compétitivité nous inspire !\n"
        "Ceci est un message automatique, merci de ne pas répondre."
    ),
    "ar": (
        "لأي معلومة إضافية، يبقى مركز العلاقة مع الزبناء رهن إشارتكم.\n"
        "هذه رسالة آلية، المرجو عدم الرد عليها."
    ),
    "en": (
        "For any further information, our Customer Relations Centre is at your disposal.\n"
        "This is an automatic message, please do not reply."
    ),
}

_MAILS: dict[str, dict[str, tuple[str, str]]] = {
    "submitted": {
        "fr": (
            "Notification RNOCE : confirmation de réception d'une nouvelle demande de souscription",
            (
                "Madame, Monsieur,\n\nNous accusons réception de votre demande de souscription à "
                "{organism} (code {code}) ; votre dossier sera traité dans les meilleurs délais. "
                "Suivez-le dans « Mes demandes » de votre espace privé RNOCE."
            ),
        ),
        "ar": (
            "إشعار RNOCE: تأكيد استلام طلب اشتراك جديد",
            (
                "سيدتي، سيدي،\n\nنؤكد استلام طلب اشتراككم في {organism} (الرمز {code})؛ ستتم معالجة "
                "ملفكم في أقرب الآجال. تابعوه في «طلباتي» بفضائكم الخاص RNOCE."
            ),
        ),
        "en": (
            "RNOCE notification: new subscription request received",
            (
                "Dear Sir or Madam,\n\nWe acknowledge receipt of your subscription request to "
                '{organism} (code {code}); it will be processed as soon as possible. Follow it in "My '
                'requests" of your RNOCE private space.'
            ),
        ),
    },
    "incomplete": {
        "fr": (
            "Notification RNOCE : votre demande de souscription {code} est incomplète",
            (
                "Madame, Monsieur,\n\nVotre demande de souscription à {organism} (code {code}) est "
                "incomplète pour les raisons suivantes :\n{reasons}\n\nPour la compléter, cliquez sur "
                "« Rectifier vos données » dans « Mes demandes », corrigez, puis soumettez-la à nouveau."
            ),
        ),
        "ar": (
            "إشعار RNOCE: طلب اشتراككم {code} غير مكتمل",
            (
                "سيدتي، سيدي،\n\nطلب اشتراككم في {organism} (الرمز {code}) غير مكتمل للأسباب التالية:\n"
                "{reasons}\n\nلإتمامه، انقروا على «تصحيح معطياتكم» في «طلباتي»، صححوا ثم قدموه من جديد."
            ),
        ),
        "en": (
            "RNOCE notification: your subscription request {code} is incomplete",
            (
                "Dear Sir or Madam,\n\nYour subscription request to {organism} (code {code}) is "
                'incomplete for the following reasons:\n{reasons}\n\nTo complete it, click "Rectify '
                'your data" in "My requests", correct it, then submit it again.'
            ),
        ),
    },
    "validated": {
        "fr": (
            "Notification RNOCE : votre demande de souscription {code} est acceptée",
            (
                "Bonjour,\n\nFélicitations ! Votre demande de souscription aux services de "
                "{organism} N° {code} a été bien acceptée.{offer}"
            ),
        ),
        "ar": (
            "إشعار RNOCE: تم قبول طلب اشتراككم {code}",
            "مرحبًا،\n\nتهانينا! تم قبول طلب اشتراككم في خدمات {organism} رقم {code}.{offer}",
        ),
        "en": (
            "RNOCE notification: your subscription request {code} is accepted",
            (
                "Hello,\n\nCongratulations! Your subscription request to the services of {organism} "
                "No. {code} has been accepted.{offer}"
            ),
        ),
    },
    "gu_user": {
        "fr": (
            "Guichet Unique PORTNET : création de votre compte utilisateur",
            (
                "Bonjour {name},\n\nLa souscription de {company} à PORTNET (code {code}) est "
                "validée : votre compte d'utilisateur du Guichet Unique PORTNET est créé à cette "
                "adresse e-mail."
            ),
        ),
        "ar": (
            "الشباك الوحيد PORTNET: إنشاء حسابكم",
            (
                "مرحبًا {name}،\n\nتم قبول اشتراك {company} في PORTNET (الرمز {code}): أُنشئ حسابكم "
                "كمستخدم للشباك الوحيد PORTNET بهذا العنوان الإلكتروني."
            ),
        ),
        "en": (
            "PORTNET Single Window: your user account is created",
            (
                "Hello {name},\n\nThe subscription of {company} to PORTNET (code {code}) is "
                "validated: your PORTNET Single Window user account is created with this e-mail "
                "address."
            ),
        ),
    },
}
_PORTNET_OFFER = {
    "fr": (
        "\n\nVous pouvez maintenant souscrire à PORTNET : choisissez PORTNET dans « Nouvelle "
        "souscription » de votre espace privé."
    ),
    "ar": "\n\nيمكنكم الآن الاشتراك في PORTNET: اختاروا PORTNET في «اشتراك جديد» بفضائكم الخاص.",
    "en": '\n\nYou can now subscribe to PORTNET: choose PORTNET in "New subscription" of your private space.',
}


def mail(kind: str, *, lang: str, offer_portnet: bool = False, **params: str) -> Mail:
    lang = reply_lang(lang)
    subject, body = _MAILS[kind][lang]
    offer = _PORTNET_OFFER[lang] if offer_portnet else ""
    values = {**params, "offer": offer}
    return Mail(
        subject=subject.format(**values),
        body=body.format(**values) + "\n\n" + _SIGNATURE[lang],
    )


_NOTICES: dict[str, dict[str, str]] = {
    "incomplete": {
        "fr": (
            "Votre demande de souscription {code} est incomplète : {reasons}. Cliquez sur "
            "« Rectifier vos données » pour la compléter."
        ),
        "ar": "طلب اشتراككم {code} غير مكتمل: {reasons}. انقروا على «تصحيح معطياتكم» لإتمامه.",
        "en": 'Your subscription request {code} is incomplete: {reasons}. Click "Rectify your data" to complete it.',
    },
    "validated": {
        "fr": "Votre demande de souscription {code} est validée.",
        "ar": "تم قبول طلب اشتراككم {code}.",
        "en": "Your subscription request {code} is validated.",
    },
}
_NOTICE_OFFER = {
    "fr": " Vous pouvez maintenant souscrire à PORTNET.",
    "ar": " يمكنكم الآن الاشتراك في PORTNET.",
    "en": " You can now subscribe to PORTNET.",
}


def notice_texts(
    *, status: str, code: str, reasons: str = "", offer_portnet: bool = False
) -> dict[str, str]:
    return {
        lang: template.format(code=code, reasons=reasons)
        + (_NOTICE_OFFER[lang] if offer_portnet else "")
        for lang, template in _NOTICES[status].items()
    }
