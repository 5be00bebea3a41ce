"""What the accounts API tells people, in French, Arabic and English."""

from collections.abc import Sequence
from dataclasses import dataclass

from api import i18n

_RULES = {
    "length": {
        "fr": "au moins 8 caractères",
        "ar": "8 أحرف على الأقل",
        "en": "at least 8 characters",
    },
    "upper": {"fr": "une lettre majuscule", "ar": "حرفًا كبيرًا (A-Z)", "en": "an upper-case letter"},
    "lower": {"fr": "une lettre minuscule", "ar": "حرفًا صغيرًا (a-z)", "en": "a lower-case letter"},
    "digit": {"fr": "un chiffre", "ar": "رقمًا", "en": "a digit"},
    "special": {
        "fr": "un caractère spécial (par exemple ! ? @ # -)",
        "ar": "رمزًا خاصًا (مثل ! ? @ # -)",
        "en": "a special character (for example ! ? @ # -)",
    },
}
_AND = {"fr": " et ", "ar": " و", "en": " and "}


@dataclass(frozen=True)
class MissingRules:
    """The password rules a candidate fails, listed in the reader's language."""

    rules: Sequence[str]

    def render(self, lang: str) -> str:
        names = [_RULES[rule].get(lang, _RULES[rule]["fr"]) for rule in self.rules]
        if len(names) <= 1:
            return "".join(names)
        return ", ".join(names[:-1]) + _AND.get(lang, _AND["fr"]) + names[-1]


i18n.register(
    {
        "invalid_credentials": {
            "fr": "Identifiant ou mot de passe incorrect.",
            "ar": "اسم المستخدم أو كلمة المرور غير صحيحة.",
            "en": "Incorrect identifier or password.",
        },
        "too_many_attempts": {
            "fr": (
                "Trop de tentatives de connexion. Par sécurité, réessayez dans {minutes} minutes, "
                "ou utilisez « Mot de passe oublié ? »."
            ),
            "ar": "محاولات دخول كثيرة. لأسباب أمنية، أعد المحاولة بعد {minutes} دقيقة.",
            "en": "Too many sign-in attempts. For your security, try again in {minutes} minutes.",
        },
        "too_many_requests": {
            "fr": "Trop de demandes depuis votre connexion. Réessayez dans {minutes} minutes.",
            "ar": "طلبات كثيرة من اتصالك. أعد المحاولة بعد {minutes} دقيقة.",
            "en": "Too many requests from your connection. Try again in {minutes} minutes.",
        },
        "invalid_code": {
            "fr": (
                "Code de vérification incorrect ou déjà utilisé. Saisissez le code à 6 chiffres "
                "affiché maintenant par votre application d'authentification."
            ),
            "ar": "رمز التحقق غير صحيح أو سبق استعماله. أدخل الرمز المكوّن من 6 أرقام الظاهر الآن في تطبيق المصادقة.",
            "en": (
                "Wrong or already used verification code. Enter the 6-digit code your "
                "authenticator app shows now."
            ),
        },
        "mfa_session_expired": {
            "fr": "L'étape de vérification a expiré. Saisissez de nouveau votre identifiant et votre mot de passe.",
            "ar": "انتهت مهلة خطوة التحقق. أدخل اسم المستخدم وكلمة المرور من جديد.",
            "en": "The verification step has expired. Enter your identifier and password again.",
        },
        "not_authenticated": {
            "fr": "Connectez-vous pour accéder à cette information.",
            "ar": "سجّل الدخول للوصول إلى هذه المعلومة.",
            "en": "Sign in to see this.",
        },
        "invalid_token": {
            "fr": "Votre session a expiré ou a été fermée. Reconnectez-vous.",
            "ar": "انتهت جلستك أو أُغلقت. سجّل الدخول من جديد.",
            "en": "Your session has expired or was closed. Sign in again.",
        },
        "forbidden_role": {
            "fr": "Votre profil ne donne pas accès à cette fonction.",
            "ar": "ملفك لا يخوّل الوصول إلى هذه الخدمة.",
            "en": "Your profile does not give access to this function.",
        },
        "weak_password": {
            "fr": "Mot de passe trop faible : il manque {missing}.",
            "ar": "كلمة المرور ضعيفة: ينقصها {missing}.",
            "en": "Password too weak: it needs {missing}.",
        },
        "common_password": {
            "fr": (
                "Ce mot de passe figure parmi les plus courants des fuites de données : il serait "
                "deviné en quelques essais. Choisissez-en un autre, par exemple une phrase courte."
            ),
            "ar": (
                "كلمة المرور هذه من أكثر الكلمات شيوعًا في التسريبات ويمكن تخمينها بسهولة. "
                "اختر كلمة أخرى، مثل جملة قصيرة."
            ),
            "en": (
                "This password is among the most common ones in data breaches: it would be "
                "guessed in a few tries. Choose another one, for example a short phrase."
            ),
        },
        "password_mismatch": {
            "fr": "La confirmation ne correspond pas au nouveau mot de passe.",
            "ar": "التأكيد لا يطابق كلمة المرور الجديدة.",
            "en": "The confirmation does not match the new password.",
        },
        "wrong_password": {
            "fr": "Le mot de passe actuel est incorrect.",
            "ar": "كلمة المرور الحالية غير صحيحة.",
            "en": "The current password is incorrect.",
        },
        "same_password": {
            "fr": "Le nouveau mot de passe doit être différent de l'actuel.",
            "ar": "يجب أن تختلف كلمة المرور الجديدة عن الحالية.",
            "en": "The new password must differ from the current one.",
        },
        "email_already_used": {
            "fr": "Cet e-mail est déjà utilisé. Connectez-vous, ou utilisez « Mot de passe oublié ? ».",
            "ar": "هذا البريد الإلكتروني مستعمل من قبل. سجّل الدخول أو استعمل «نسيت كلمة المرور؟».",
            "en": 'This e-mail is already used. Sign in, or use "Mot de passe oublié ?".',
        },
        "weak_rnoce_password": {
            "fr": "Le mot de passe doit compter au moins 4 caractères, uniquement des lettres et des chiffres.",
            "ar": "يجب أن تتكون كلمة المرور من 4 أحرف على الأقل، حروفًا وأرقامًا فقط.",
            "en": "The password needs at least 4 characters, letters and digits only.",
        },
        "link_invalid": {
            "fr": "Ce lien n'est plus valable : il a déjà servi ou a été remplacé par un lien plus récent.",
            "ar": "هذا الرابط لم يعد صالحًا: سبق استعماله أو استُبدل برابط أحدث.",
            "en": "This link is no longer valid: it was already used or replaced by a newer one.",
        },
        "link_expired": {
            "fr": "Ce lien a expiré. Demandez-en un nouveau.",
            "ar": "انتهت صلاحية هذا الرابط. اطلب رابطًا جديدًا.",
            "en": "This link has expired. Ask for a new one.",
        },
        "no_pending_mfa": {
            "fr": "Aucune réinitialisation MFA en cours. Lancez « Réinitialiser MFA » d'abord.",
            "ar": "لا توجد إعادة تعيين MFA جارية. ابدأ «إعادة تعيين MFA» أولًا.",
            "en": 'No MFA reset in progress. Start "Réinitialiser MFA" first.',
        },
    }
)
