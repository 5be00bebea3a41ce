"""What portal files say to people, in fr/ar/en: error codes (api.i18n) and the chat turn."""

from api import i18n
from api.i18n import reply_lang
from api.portals.catalog import portal_name

i18n.register(
    {
        "portal_file_not_found": {
            "fr": "Aucun dossier de ce type ne correspond à cette référence.",
            "ar": "لا يوجد ملف من هذا النوع بهذا المرجع.",
            "en": "No file of this kind matches this reference.",
        },
        "portal_file_unknown_kind": {
            "fr": "Type de dossier inconnu. Types possibles : {choices}.",
            "ar": "نوع ملف غير معروف. الأنواع الممكنة: {choices}.",
            "en": "Unknown file kind. Possible kinds: {choices}.",
        },
        "portal_file_unknown_status": {
            "fr": "État inconnu pour ce type de dossier. États possibles : {choices}.",
            "ar": "حالة غير معروفة لهذا النوع من الملفات. الحالات الممكنة: {choices}.",
            "en": "Unknown status for this kind of file. Possible statuses: {choices}.",
        },
        "portal_files_not_demo": {
            "fr": (
                "Les dossiers sont lus dans les systèmes des portails : leur état ne se change "
                "que là, pas depuis la console."
            ),
            "ar": "تُقرأ الملفات من أنظمة البوابات: لا تتغير حالتها إلا هناك، وليس من الواجهة.",
            "en": (
                "Files are read from the portal systems: their status changes there only, not "
                "from the console."
            ),
        },
        "portal_unavailable": {
            "fr": (
                "Le {portal} ne répond pas pour le moment : impossible de lire l'état de ce "
                "dossier. Réessayez dans quelques minutes."
            ),
            "ar": "{portal} لا تستجيب حاليا: تعذرت قراءة حالة هذا الملف. أعيدوا المحاولة بعد دقائق.",
            "en": (
                "The {portal} is not answering right now: the status of this file cannot be "
                "read. Please try again in a few minutes."
            ),
        },
    }
)


class PortalName:
    """A portal code as an api.i18n parameter, put in the reader's language."""

    def __init__(self, code: str) -> None:
        self.code = code

    def render(self, lang: str) -> str:
        return portal_name(self.code, lang)


CHAT_TEXTS: dict[str, dict[str, str]] = {
    "login": {
        "fr": "Vos dossiers sont liés à votre compte. Connectez-vous d'abord, puis je vous réponds ici même.",
        "ar": "ملفاتكم مرتبطة بحسابكم. سجّلوا الدخول أولًا، ثم أجيبكم هنا مباشرة.",
        "en": "Your files belong to your account. Please sign in first, and I'll answer right here.",
    },
    "login_button": {"fr": "Se connecter", "ar": "تسجيل الدخول", "en": "Sign in"},
    "no_reference": {
        "fr": (
            "Je ne trouve pas de référence de dossier dans votre message. Donnez par exemple "
            "un N° DFD (14 chiffres), un N° de facture (F-2026-000123), un N° d'enregistrement "
            "(19 chiffres) ou un N° de manifeste (MAN-2026-00042)."
        ),
        "ar": (
            "لم أجد مرجع ملف في رسالتكم. أعطوا مثلا رقم DFD (14 رقما) أو رقم فاتورة "
            "(F-2026-000123) أو رقم تسجيل (19 رقما) أو رقم بيان (MAN-2026-00042)."
        ),
        "en": (
            "I find no file reference in your message. Give for example a DFD number "
            "(14 digits), an invoice number (F-2026-000123), a registration number "
            "(19 digits) or a manifest number (MAN-2026-00042)."
        ),
    },
    "not_found": {
        "fr": "Je ne trouve aucun dossier à votre nom avec la référence {reference}. Vérifiez-la, ou choisissez un type de dossier pour voir les vôtres (la page du portail offre aussi ses filtres de recherche).",
        "ar": "لا أجد أي ملف باسمكم بالمرجع {reference}. تحققوا منه، أو اختاروا نوع ملف لرؤية ملفاتكم (تتيح صفحة البوابة أيضا مرشحات البحث).",
        "en": "I find no file of yours with the reference {reference}. Check it, or pick a kind of file to see yours (the portal page also offers its search filters).",
    },
    "choose": {
        "fr": "Plusieurs de vos dossiers correspondent. Lequel ?",
        "ar": "تطابق عدة ملفات من ملفاتكم. أيها تقصدون؟",
        "en": "Several of your files match. Which one?",
    },
    "status": {
        "fr": "{kind} {reference} : {status}. {meaning}\nCréé le {created}, mis à jour le {updated}.{details}\nÀ faire : {next_step}\nOù : « {page} », {portal} ({url}).",
        "ar": "{kind} {reference}: {status}. {meaning}\nأُنشئ في {created}، وحُيّن في {updated}.{details}\nالخطوة التالية: {next_step}\nالمكان: «{page}»، {portal} ({url}).",
        "en": '{kind} {reference}: {status}. {meaning}\nCreated on {created}, updated on {updated}.{details}\nNext: {next_step}\nWhere: "{page}", {portal} ({url}).',
    },
    "more": {
        "fr": "Voici les {shown} plus récents ; les autres sont sur la page du portail.",
        "ar": "هذه أحدث {shown}؛ والباقي في صفحة البوابة.",
        "en": "Here are the {shown} most recent; the others are on the portal page.",
    },
    "listed": {
        "fr": "{what} : {count} dossier(s). Lequel voulez-vous voir ?",
        "ar": "{what}: {count} ملف(ات). أيها تريدون الاطلاع عليه؟",
        "en": "{what}: {count} file(s). Which one would you like to see?",
    },
    "listed_in_status": {
        "fr": "{what} à l'état « {status} » : {count} dossier(s). Lequel voulez-vous voir ?",
        "ar": "{what} في حالة «{status}»: {count} ملف(ات). أيها تريدون الاطلاع عليه؟",
        "en": '{what} in status "{status}": {count} file(s). Which one would you like to see?',
    },
    "none_of_kind": {
        "fr": "{what} : je ne trouve aucun dossier à votre nom. Voulez-vous voir un autre type de dossier ?",
        "ar": "{what}: لا أجد أي ملف باسمكم. هل تريدون الاطلاع على نوع آخر من الملفات؟",
        "en": "{what}: I find no file of yours. Would you like to see another kind of file?",
    },
    "none_in_status": {
        "fr": "{what} : aucun dossier à votre nom n'est à l'état « {status} ». Voulez-vous voir tous vos dossiers d'un type ?",
        "ar": "{what}: لا يوجد أي ملف باسمكم في حالة «{status}». هل تريدون الاطلاع على كل ملفاتكم من نوع ما؟",
        "en": '{what}: no file of yours is in status "{status}". Would you like to see all your files of one kind?',
    },
    "latest": {
        "fr": "Vos derniers dossiers : choisissez-en un pour voir où il en est. Vous pouvez aussi me donner sa référence.",
        "ar": "آخر ملفاتكم: اختاروا واحدا لمعرفة حالته. يمكنكم أيضا إعطائي مرجعه.",
        "en": "Your latest files: pick one to see where it stands. You can also give me its reference.",
    },
    "nothing": {
        "fr": "Je ne trouve aucun dossier à votre nom pour le moment.",
        "ar": "لا أجد أي ملف باسمكم حاليا.",
        "en": "I find no file of yours for now.",
    },
    "no_vessel": {
        "fr": "Je ne trouve aucun manifeste à votre nom pour le navire {vessel}. Vérifiez son nom, ou donnez son N° IMO ou le N° du manifeste.",
        "ar": "لا أجد أي بيان حمولة باسمكم للسفينة {vessel}. تحققوا من اسمها، أو أعطوا رقم IMO أو رقم البيان.",
        "en": "I find no manifest of yours for the vessel {vessel}. Check its name, or give its IMO number or the manifest number.",
    },
    "my_claims": {"fr": "Mes réclamations", "ar": "شكاياتي", "en": "My claims"},
    "ask": {
        "fr": "Où en est {kind} {reference} ?",
        "ar": "ما هي حالة {kind} {reference}؟",
        "en": "What is the status of {kind} {reference}?",
    },
}


def chat_text(key: str, lang: str, **params: str) -> str:
    variants = CHAT_TEXTS[key]
    return (variants.get(reply_lang(lang)) or variants["fr"]).format(**params)


# A status change told in the conversations of whoever may see the file (events.py).
NOTICE: dict[str, str] = {
    "fr": "Votre {kind} {reference} est {passed} à « {status} » : {meaning} {next_step}",
    "ar": "تغيّرت حالة {kind} {reference} إلى «{status}»: {meaning} {next_step}",
    "en": 'Your {kind} {reference} is now "{status}": {meaning} {next_step}',
}
# French agrees the participle with the kind: une DFD, une facture, une demande MIC are
# « passée », un titre, un manifeste « passé ».
FEMININE_KINDS = frozenset({"dfd", "invoice", "mic_request"})
SEE_FILE = {"fr": "Voir le dossier", "ar": "عرض الملف", "en": "View the file"}


def notice_text(
    *,
    kind: str,
    kind_label: str,
    reference: str,
    status: str,
    meaning: str,
    next_step: str,
    lang: str,
) -> str:
    lang = reply_lang(lang)
    passed = "passée" if kind in FEMININE_KINDS else "passé"
    return NOTICE[lang].format(
        kind=kind_label if lang == "ar" else _lower_first(kind_label),
        reference=reference,
        passed=passed,
        status=status,
        meaning=meaning,
        next_step=next_step,
    )


def _lower_first(label: str) -> str:
    """« Votre demande de franchise… », « Your customs franchise… »: a label that is not an
    acronym (DFD, MIC, PORTNET) loses its capital inside a sentence."""
    first = label.split(" ", 1)[0]
    if first.isupper():
        return label
    return label[:1].lower() + label[1:]
