"""The user-facing strings of the core, in the three reply languages."""

from typing import Literal, Protocol

from api.portals.catalog import PORTAL_CODES

ReplyLang = Literal["fr", "ar", "en"]
REPLY_LANGS: tuple[ReplyLang, ...] = ("fr", "ar", "en")

_TEXTS: dict[str, dict[str, str]] = {
    "malformed_json": {
        "fr": "La requête n'est pas un JSON valide.",
        "ar": "الطلب ليس بصيغة JSON صحيحة.",
        "en": "The request body is not valid JSON.",
    },
    "invalid_request": {
        "fr": "La requête est incomplète ou mal formée : {detail}",
        "ar": "الطلب غير مكتمل أو غير صحيح: {detail}",
        "en": "The request is incomplete or malformed: {detail}",
    },
    "binary_frame": {
        "fr": "Les messages se transmettent en texte (JSON), pas en binaire.",
        "ar": "تُرسل الرسائل نصًا (JSON) وليس بصيغة ثنائية.",
        "en": "Messages are sent as text (JSON), not binary.",
    },
    "metadata_too_large": {
        "fr": (
            "Les métadonnées du message sont trop volumineuses : au plus {limit_kb} Ko "
            "et {max_depth} niveaux d'imbrication."
        ),
        "ar": "بيانات الرسالة الوصفية كبيرة جدًا: {limit_kb} كيلوبايت و{max_depth} مستويات على الأكثر.",
        "en": (
            "The message's metadata is too large: at most {limit_kb} KB "
            "and {max_depth} levels of nesting."
        ),
    },
    "body_too_large": {
        "fr": "La requête est trop volumineuse (au plus {limit_kb} Ko).",
        "ar": "الطلب كبير جدًا ({limit_kb} كيلوبايت على الأكثر).",
        "en": "The request is too large (at most {limit_kb} KB).",
    },
    "empty_message": {
        "fr": "Votre message est vide. Écrivez votre question puis envoyez-la.",
        "ar": "رسالتك فارغة. اكتب سؤالك ثم أرسله.",
        "en": "Your message is empty. Type your question, then send it.",
    },
    "message_too_long": {
        "fr": "Votre message dépasse {limit} caractères. Raccourcissez-le ou envoyez-le en plusieurs parties.",
        "ar": "رسالتك تتجاوز {limit} حرف. اختصرها أو أرسلها على عدة أجزاء.",
        "en": "Your message is longer than {limit} characters. Shorten it or send it in several parts.",
    },
    "invalid_session_id": {
        "fr": "Identifiant de session invalide : 1 à 64 caractères parmi lettres, chiffres, « _ » et « - ».",
        "ar": "معرّف الجلسة غير صالح: من 1 إلى 64 حرفًا من الحروف اللاتينية والأرقام و«_» و«-».",
        "en": "Invalid session id: 1 to 64 characters among letters, digits, '_' and '-'.",
    },
    "unknown_portal": {
        "fr": f"Portail inconnu. Valeurs possibles : {', '.join(PORTAL_CODES)}.",
        "ar": f"بوابة غير معروفة. القيم الممكنة: {'، '.join(PORTAL_CODES)}.",
        "en": f"Unknown portal. Allowed values: {', '.join(PORTAL_CODES)}.",
    },
    "invalid_lang": {
        "fr": "Langue non prise en charge. Valeurs possibles : fr, ar, en, ou null pour la détecter.",
        "ar": "اللغة غير مدعومة. القيم الممكنة: fr، ar، en، أو null لاكتشافها تلقائيًا.",
        "en": "Unsupported language. Allowed values: fr, ar, en, or null to detect it.",
    },
    "conversation_not_found": {
        "fr": "Aucune conversation ne correspond à cet identifiant de session.",
        "ar": "لا توجد محادثة بهذا المعرّف.",
        "en": "No conversation matches this session id.",
    },
    "fields_refused": {
        "fr": "Certaines informations sont refusées : {detail}",
        "ar": "بعض المعلومات مرفوضة: {detail}",
        "en": "Some of the information is refused: {detail}",
    },
    "not_found": {
        "fr": "Ressource introuvable.",
        "ar": "المورد غير موجود.",
        "en": "Resource not found.",
    },
    "invalid_internal_token": {
        "fr": "Jeton interne absent ou invalide.",
        "ar": "الرمز الداخلي مفقود أو غير صالح.",
        "en": "Missing or invalid internal token.",
    },
    "unsupported_file_type": {
        "fr": "Seuls les fichiers PDF sont acceptés. Enregistrez votre document au format PDF puis réessayez.",
        "ar": "لا تُقبل إلا ملفات PDF. احفظ وثيقتك بصيغة PDF ثم أعد المحاولة.",
        "en": "Only PDF files are accepted. Save your document as a PDF, then try again.",
    },
    "file_too_large": {
        "fr": "Le fichier dépasse {limit_mb} Mo. Réduisez sa taille ou scindez-le, puis réessayez.",
        "ar": "حجم الملف يتجاوز {limit_mb} ميغابايت. قلّص حجمه أو قسّمه ثم أعد المحاولة.",
        "en": "The file is larger than {limit_mb} MB. Make it smaller or split it, then try again.",
    },
    "empty_file": {
        "fr": "Le fichier est vide.",
        "ar": "الملف فارغ.",
        "en": "The file is empty.",
    },
    "missing_file": {
        "fr": "Aucun fichier reçu : joignez un document (PDF, PNG ou JPEG) dans le champ « file ».",
        "ar": "لم يُستلم أي ملف: أرفق وثيقة (PDF أو PNG أو JPEG) في الحقل «file».",
        "en": 'No file received: attach a document (PDF, PNG or JPEG) in the "file" field.',
    },
    "upload_not_found": {
        "fr": "Aucune pièce jointe ne correspond à cet identifiant.",
        "ar": "لا يوجد مرفق بهذا المعرّف.",
        "en": "No attachment matches this id.",
    },
    "degraded": {
        "fr": (
            "TijarIA est partiellement indisponible pour le moment, mais votre message est bien "
            "enregistré. Pour une aide immédiate, appelez l'assistance PORTNET au {phone} ou "
            "utilisez le formulaire « Contactez-nous » du Centre d'aide."
        ),
        "ar": (
            "TijarIA غير متاح جزئيًا في الوقت الحالي، لكن رسالتك محفوظة. للحصول على مساعدة فورية، "
            "اتصل بمساعدة PORTNET على الرقم {phone} أو استعمل استمارة «Contactez-nous» في مركز المساعدة."
        ),
        "en": (
            "TijarIA is partly unavailable right now, but your message has been saved. For "
            'immediate help, call PORTNET support on {phone} or use the "Contactez-nous" '
            "contact form in the help centre."
        ),
    },
}


class Localized(Protocol):
    """A message parameter that must itself be put in the reader's language."""

    def render(self, lang: str) -> str: ...


def register(texts: dict[str, dict[str, str]]) -> None:
    """A domain package adds its own strings (e.g. api/accounts/texts.py) at import."""
    clashes = set(texts) & set(_TEXTS)
    if any(_TEXTS[key] != texts[key] for key in clashes):
        raise ValueError(f"text keys registered twice: {sorted(clashes)}")
    _TEXTS.update(texts)


def text(key: str, lang: str, **params: object) -> str:
    variants = _TEXTS[key]
    template = variants.get(lang) or variants["fr"]
    if not params:
        return template
    rendered = {k: v.render(lang) if hasattr(v, "render") else v for k, v in params.items()}
    return template.format(**rendered)


def reply_lang(lang: str | None) -> ReplyLang:
    """Darija (and anything unknown) is answered in French."""
    return lang if lang in REPLY_LANGS else "fr"


def from_accept_language(header: str | None) -> ReplyLang:
    for part in (header or "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in REPLY_LANGS:
            return code
    return "fr"
