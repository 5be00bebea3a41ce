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
        "fr": "Je ne trouve aucun dossier à votre nom avec la référence {reference}. Vous pouvez chercher avec les filtres de la page du portail.",
        "ar": "لا أجد أي ملف باسمكم بالمرجع {reference}. يمكنكم البحث بمرشحات صفحة البوابة.",
        "en": "I find no file of yours with the reference {reference}. You can search with the filters of the portal page.",
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
