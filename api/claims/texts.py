"""What claims say to people, in fr/ar/en: error codes (api.i18n), status names, the
notification of each status change (chat and e-mail) and the status told in the chat."""

from dataclasses import dataclass
from datetime import datetime

from api import i18n
from api.i18n import reply_lang

i18n.register(
    {
        "claim_not_found": {
            "fr": "Aucune réclamation ne correspond à cette référence.",
            "ar": "لا توجد شكاية بهذا المرجع.",
            "en": "No claim matches this reference.",
        },
        "claim_attachment_not_found": {
            "fr": "Aucune pièce jointe de cette réclamation ne correspond à cet identifiant.",
            "ar": "لا يوجد مرفق لهذه الشكاية بهذا المعرّف.",
            "en": "No attachment of this claim matches this id.",
        },
        "claim_transition_not_allowed": {
            "fr": (
                "Impossible de passer cette réclamation de l'état « {current} » à « {target} ». "
                "Une réclamation va de Nouvelle à Affectée, puis Répondue, puis Clôturée ; "
                "il faut l'affecter avant d'y répondre, et une réclamation clôturée ne change plus."
            ),
            "ar": (
                "لا يمكن نقل هذه الشكاية من الحالة «{current}» إلى «{target}». تمر الشكاية من "
                "جديدة إلى مُسندة ثم تمت الإجابة ثم مغلقة؛ يجب إسنادها قبل الإجابة عنها، ولا "
                "تتغير الشكاية المغلقة بعد ذلك."
            ),
            "en": (
                'This claim cannot go from "{current}" to "{target}". A claim goes from New to '
                "Assigned, then Answered, then Closed; it must be assigned before it is "
                "answered, and a closed claim no longer changes."
            ),
        },
        "claim_closed": {
            "fr": (
                "Cette réclamation est clôturée : on ne peut plus y ajouter de message ni de "
                "pièce jointe. Déposez une nouvelle réclamation si besoin."
            ),
            "ar": "هذه الشكاية مغلقة: لم يعد ممكنًا إضافة رسالة أو مرفق إليها. قدّم شكاية جديدة عند الحاجة.",
            "en": (
                "This claim is closed: no message or attachment can be added to it any more. "
                "File a new claim if needed."
            ),
        },
        "claim_unknown_kind": {
            "fr": "Type de demande inconnu. Types possibles : {choices}.",
            "ar": "نوع طلب غير معروف. الأنواع الممكنة: {choices}.",
            "en": "Unknown request type. Possible types: {choices}.",
        },
        "claim_field_empty": {
            "fr": "Cette réponse est vide : écrivez quelques mots.",
            "ar": "هذا الجواب فارغ: اكتبوا بعض الكلمات.",
            "en": "This answer is empty: write a few words.",
        },
        "too_many_attachments": {
            "fr": "Une réclamation compte au plus {max} pièces jointes.",
            "ar": "لا تتجاوز مرفقات الشكاية {max} ملفات.",
            "en": "A claim has at most {max} attachments.",
        },
        "attachment_already_added": {
            "fr": "Ce document est déjà joint à la réclamation.",
            "ar": "هذه الوثيقة مرفقة بالشكاية من قبل.",
            "en": "This document is already attached to the claim.",
        },
    }
)

STATUS_LABELS: dict[str, dict[str, str]] = {
    "new": {"fr": "Nouvelle", "ar": "جديدة", "en": "New"},
    "assigned": {"fr": "Affectée", "ar": "مُسندة", "en": "Assigned"},
    "answered": {"fr": "Répondue", "ar": "تمت الإجابة", "en": "Answered"},
    "closed": {"fr": "Clôturée", "ar": "مغلقة", "en": "Closed"},
}


class StatusLabel:
    """A status as an api.i18n parameter, put in the reader's language."""

    def __init__(self, status: str) -> None:
        self.status = status

    def render(self, lang: str) -> str:
        return status_label(self.status, lang)


def status_label(status: str, lang: str) -> str:
    labels = STATUS_LABELS[status]
    return labels.get(lang) or labels["fr"]


def day(moment: datetime) -> str:
    return moment.strftime("%d/%m/%Y")


# The chat notification of each status change (conversations.notify_user), by language.
_NOTICES: dict[str, dict[str, str]] = {
    "assigned": {
        "fr": "Votre réclamation {reference} a été prise en charge par un agent PORTNET.",
        "ar": "تكفّل أحد أعوان PORTNET بشكايتكم {reference}.",
        "en": "Your claim {reference} has been taken up by a PORTNET agent.",
    },
    "answered": {
        "fr": "Réponse de PORTNET à votre réclamation {reference} : « {text} »",
        "ar": "ردّ PORTNET على شكايتكم {reference}: «{text}»",
        "en": 'PORTNET\'s answer to your claim {reference}: "{text}"',
    },
    "closed": {
        "fr": "Votre réclamation {reference} a été clôturée. Motif : {text}",
        "ar": "أُغلقت شكايتكم {reference}. السبب: {text}",
        "en": "Your claim {reference} has been closed. Reason: {text}",
    },
}
_FOLLOW = {
    "fr": "Voir ma réclamation",
    "ar": "عرض شكايتي",
    "en": "See my claim",
}
_FOLLOW_PAYLOAD = {
    "fr": "Où en est ma réclamation {reference} ?",
    "ar": "ما هي حالة شكايتي {reference}؟",
    "en": "What is the status of my claim {reference}?",
}


def notice_texts(*, status: str, reference: str, text: str = "") -> dict[str, str]:
    return {
        lang: template.format(reference=reference, text=text)
        for lang, template in _NOTICES[status].items()
    }


def follow_button(*, reference: str, lang: str) -> dict[str, str]:
    lang = reply_lang(lang)
    return {"title": _FOLLOW[lang], "payload": _FOLLOW_PAYLOAD[lang].format(reference=reference)}


@dataclass(frozen=True)
class Mail:
    subject: str
    body: str


_SUBJECTS = {
    "fr": "PORTNET – réclamation {reference} : {status}",
    "ar": "PORTNET – الشكاية {reference}: {status}",
    "en": "PORTNET – claim {reference}: {status}",
}
_RECEIVED = {
    "fr": (
        "Votre réclamation {reference} (« {object} ») est enregistrée. Un agent PORTNET "
        "va la prendre en charge."
    ),
    "ar": "سُجّلت شكايتكم {reference} («{object}»). سيتكفّل بها أحد أعوان PORTNET.",
    "en": 'Your claim {reference} ("{object}") is recorded. A PORTNET agent will take it up.',
}
_GREETING = {"fr": "Bonjour {name},", "ar": "مرحبًا {name}،", "en": "Hello {name},"}
_FOOTER = {
    "fr": (
        "Suivez-la dans « Mes réclamations » du Centre d'aide, ou demandez à TijarIA "
        "« où en est ma réclamation {reference} ? ».\n\nL'équipe PORTNET"
    ),
    "ar": (
        "تابعوها في «Mes réclamations» بمركز المساعدة، أو اسألوا TijarIA «ما هي حالة "
        "شكايتي {reference}؟».\n\nفريق PORTNET"
    ),
    "en": (
        'Follow it in "Mes réclamations" in the help centre, or ask TijarIA "what is the '
        'status of my claim {reference}?".\n\nThe PORTNET team'
    ),
}


def status_mail(
    *, status: str, reference: str, name: str, lang: str, text: str = "", object: str = ""
) -> Mail:
    lang = reply_lang(lang)
    if status == "new":
        news = _RECEIVED[lang].format(reference=reference, object=object)
    else:
        news = _NOTICES[status][lang].format(reference=reference, text=text)
    body = "\n\n".join(
        (
            _GREETING[lang].format(name=name),
            news,
            _FOOTER[lang].format(reference=reference),
        )
    )
    subject = _SUBJECTS[lang].format(reference=reference, status=status_label(status, lang))
    return Mail(subject=subject, body=body)


# ---------------------------------------------------------------- the chat's status answer

_STATUS_LINE = {
    "fr": "Réclamation {reference} – {object} : {status} (déposée le {created}, mise à jour le {updated}).",
    "ar": "الشكاية {reference} – {object}: {status} (قُدّمت في {created}، آخر تحديث في {updated}).",
    "en": "Claim {reference} – {object}: {status} (filed on {created}, updated on {updated}).",
}
_LAST_ANSWER = {
    "fr": "Dernière réponse de PORTNET ({at}) : « {text} »",
    "ar": "آخر ردّ من PORTNET ({at}): «{text}»",
    "en": 'Latest answer from PORTNET ({at}): "{text}"',
}
_NO_ANSWER = {
    "fr": "Pas encore de réponse d'un agent.",
    "ar": "لا يوجد ردّ من أحد الأعوان بعد.",
    "en": "No answer from an agent yet.",
}
CHAT_TEXTS: dict[str, dict[str, str]] = {
    "not_found": {
        "fr": "Je ne trouve aucune réclamation {reference} dans votre compte. Vérifiez la référence (format REC-XXXX-XXXX).",
        "ar": "لا أجد أي شكاية {reference} في حسابكم. تحققوا من المرجع (الصيغة REC-XXXX-XXXX).",
        "en": "I cannot find any claim {reference} in your account. Check the reference (format REC-XXXX-XXXX).",
    },
    "none": {
        "fr": "Vous n'avez déposé aucune réclamation pour le moment.",
        "ar": "لم تقدّموا أي شكاية إلى حد الآن.",
        "en": "You have not filed any claim yet.",
    },
    "latest": {
        "fr": "Vos dernières réclamations : choisissez-en une pour voir où elle en est.",
        "ar": "آخر شكاياتكم: اختاروا واحدة لمعرفة حالتها.",
        "en": "Your latest claims: pick one to see its status.",
    },
    "login": {
        "fr": "Vos réclamations sont liées à votre compte. Connectez-vous d'abord, puis je vous réponds ici même.",
        "ar": "شكاياتكم مرتبطة بحسابكم. سجّلوا الدخول أولًا، ثم أجيبكم هنا مباشرة.",
        "en": "Your claims belong to your account. Please sign in first, and I'll answer right here.",
    },
    "login_button": {"fr": "Se connecter", "ar": "تسجيل الدخول", "en": "Sign in"},
}


def chat_text(key: str, lang: str, **params: str) -> str:
    variants = CHAT_TEXTS[key]
    return (variants.get(reply_lang(lang)) or variants["fr"]).format(**params)


def status_line(
    *, reference: str, object: str, status: str, created: datetime, updated: datetime, lang: str
) -> str:
    lang = reply_lang(lang)
    return _STATUS_LINE[lang].format(
        reference=reference,
        object=object,
        status=status_label(status, lang),
        created=day(created),
        updated=day(updated),
    )


def last_answer_line(*, text: str | None, at: datetime | None, lang: str) -> str:
    lang = reply_lang(lang)
    if text is None or at is None:
        return _NO_ANSWER[lang]
    return _LAST_ANSWER[lang].format(at=day(at), text=text)
