"""What the RNOCE private space tells people (API messages), and the e-mails it sends.

E-mails are in French first, then Arabic and English underneath: the address alone
does not tell the reader's language. They hold nothing the sign-up form let someone
type (a raison sociale could carry a phishing line to somebody else's address).
"""

from dataclasses import dataclass
from datetime import datetime

from api import i18n

i18n.register(
    {
        "rnoce_signup_done": {
            "fr": (
                "Votre espace privé est créé. Un lien vient d'être envoyé à {email} : ouvrez-le pour "
                "créer votre mot de passe. Il expire dans {hours} heures."
            ),
            "ar": (
                "تم إنشاء فضائكم الخاص. أُرسل رابط إلى {email}: افتحوه لإنشاء كلمة المرور. "
                "تنتهي صلاحيته بعد {hours} ساعة."
            ),
            "en": (
                "Your private space is created. A link was sent to {email}: open it to create your "
                "password. It expires in {hours} hours."
            ),
        },
        "rnoce_signup_mail_failed": {
            "fr": (
                "Votre espace privé est créé, mais l'e-mail de confirmation n'a pas pu partir pour le "
                "moment : il sera renvoyé automatiquement dans les prochaines minutes. S'il n'arrive "
                "pas, utilisez « Mot de passe oublié ? » pour recevoir le lien."
            ),
            "ar": (
                "تم إنشاء فضائكم الخاص، لكن تعذّر إرسال رسالة التأكيد حاليًا: ستُعاد محاولة إرسالها "
                "تلقائيًا خلال الدقائق القادمة. إن لم تصلكم، استعملوا «Mot de passe oublié ?» للحصول على الرابط."
            ),
            "en": (
                "Your private space is created, but the confirmation e-mail could not leave for now: it "
                "will be sent again automatically in the next few minutes. If it does not arrive, use "
                '"Mot de passe oublié ?" to receive the link.'
            ),
        },
        "rnoce_password_set": {
            "fr": "Votre mot de passe est enregistré. Connectez-vous avec votre adresse e-mail et ce mot de passe.",
            "ar": "تم حفظ كلمة المرور. سجّلوا الدخول ببريدكم الإلكتروني وكلمة المرور هذه.",
            "en": "Your password is saved. Sign in with your e-mail address and this password.",
        },
        "rnoce_reset_sent": {
            "fr": (
                "Si un espace privé existe pour cette adresse, un lien de réinitialisation vient d'y "
                "être envoyé. Il expire dans {minutes} minutes."
            ),
            "ar": (
                "إذا كان هناك فضاء خاص بهذا العنوان، فقد أُرسل إليه رابط لإعادة تعيين كلمة المرور. "
                "تنتهي صلاحيته بعد {minutes} دقيقة."
            ),
            "en": (
                "If a private space exists for this address, a reset link has just been sent to it. "
                "It expires in {minutes} minutes."
            ),
        },
        "rnoce_invalid_raison_sociale": {
            "fr": "Saisissez la raison sociale de votre société (200 caractères au plus).",
            "ar": "أدخلوا الاسم التجاري لشركتكم (200 حرف على الأكثر).",
            "en": "Enter your company's name (raison sociale, 200 characters at most).",
        },
        "rnoce_invalid_adresse": {
            "fr": "Saisissez l'adresse du siège social (300 caractères au plus).",
            "ar": "أدخلوا عنوان المقر الاجتماعي (300 حرف على الأكثر).",
            "en": "Enter the address of the registered office (300 characters at most).",
        },
        "rnoce_invalid_email": {
            "fr": "Adresse e-mail invalide. Exemple : contact@societe.ma",
            "ar": "البريد الإلكتروني غير صالح. مثال: contact@societe.ma",
            "en": "Invalid e-mail address. Example: contact@societe.ma",
        },
        "rnoce_invalid_phone": {
            "fr": (
                "Numéro de téléphone invalide : 8 à 15 chiffres, avec éventuellement des espaces et un "
                "« + » au début (par exemple 05 22 00 00 00)."
            ),
            "ar": "رقم الهاتف غير صالح: من 8 إلى 15 رقمًا، مع مسافات و«+» في البداية إن شئتم (مثال: 05 22 00 00 00).",
            "en": (
                'Invalid phone number: 8 to 15 digits, optionally with spaces and a leading "+" '
                "(for example 05 22 00 00 00)."
            ),
        },
    }
)

# Which field of a refused form gets which message.
FIELD_ERRORS = {
    "raison_sociale": "rnoce_invalid_raison_sociale",
    "adresse": "rnoce_invalid_adresse",
    "email": "rnoce_invalid_email",
    "telephone": "rnoce_invalid_phone",
}


@dataclass(frozen=True)
class Email:
    subject: str
    body: str


_SIGNATURE = "L'équipe RNOCE — PORTNET"


def _when(moment: datetime) -> str:
    return moment.strftime("%d/%m/%Y %H:%M")


def confirmation_email(*, link: str, hours: int, expires_at: datetime) -> Email:
    when = _when(expires_at)
    body = f"""Bonjour,

Un espace privé a été créé avec cette adresse e-mail sur la plateforme d'inscription des
opérateurs économiques (RNOCE, PORTNET). Cette adresse sera votre identifiant de connexion.

Pour confirmer votre adresse et créer votre mot de passe, ouvrez ce lien :
{link}

Ce lien ne sert qu'une fois et expire dans {hours} heures (le {when} UTC). Passé ce délai,
utilisez « Mot de passe oublié ? » sur la page de connexion pour en recevoir un nouveau.
Si vous n'êtes pas à l'origine de cette inscription, ignorez ce message.

Cordialement,
{_SIGNATURE}

—— العربية ——

مرحبًا،

تم إنشاء فضاء خاص بهذا البريد الإلكتروني على منصة تسجيل المتعاملين الاقتصاديين (RNOCE، PORTNET).
سيكون هذا البريد معرّف الدخول الخاص بكم.

لتأكيد بريدكم الإلكتروني وإنشاء كلمة المرور، افتحوا هذا الرابط:
{link}

لا يصلح هذا الرابط إلا مرة واحدة، وتنتهي صلاحيته بعد {hours} ساعة ({when} بالتوقيت العالمي).
بعد ذلك، استعملوا «Mot de passe oublié ?» في صفحة الدخول للحصول على رابط جديد.
إذا لم تطلبوا هذا التسجيل، تجاهلوا هذه الرسالة.

مع التحية،
فريق RNOCE — PORTNET

—— English ——

Hello,

A private space was created with this e-mail address on the operator registration platform
(RNOCE, PORTNET). This address will be your sign-in identifier.

To confirm your address and create your password, open this link:
{link}

The link works once and expires in {hours} hours ({when} UTC). After that, use
"Mot de passe oublié ?" on the sign-in page to receive a new one.
If you did not sign up, ignore this message.

Regards,
The RNOCE team — PORTNET
"""
    return Email(
        subject="RNOCE : créez votre mot de passe | إنشاء كلمة المرور | Create your password",
        body=body,
    )


def reset_email(*, link: str, minutes: int, expires_at: datetime) -> Email:
    when = _when(expires_at)
    body = f"""Bonjour,

Une réinitialisation du mot de passe de votre espace privé RNOCE (PORTNET) a été demandée.

Pour choisir un nouveau mot de passe, ouvrez ce lien :
{link}

Ce lien ne sert qu'une fois et expire dans {minutes} minutes (le {when} UTC).
Si vous n'avez rien demandé, ignorez ce message : votre mot de passe actuel reste valable.

Cordialement,
{_SIGNATURE}

—— العربية ——

مرحبًا،

طُلبت إعادة تعيين كلمة المرور الخاصة بفضائكم الخاص على RNOCE (PORTNET).

لاختيار كلمة مرور جديدة، افتحوا هذا الرابط:
{link}

لا يصلح هذا الرابط إلا مرة واحدة، وتنتهي صلاحيته بعد {minutes} دقيقة ({when} بالتوقيت العالمي).
إذا لم تطلبوا ذلك، تجاهلوا هذه الرسالة: تبقى كلمة المرور الحالية صالحة.

مع التحية،
فريق RNOCE — PORTNET

—— English ——

Hello,

Someone asked to reset the password of your RNOCE private space (PORTNET).

To choose a new password, open this link:
{link}

The link works once and expires in {minutes} minutes ({when} UTC).
If you did not ask for it, ignore this message: your current password stays valid.

Regards,
The RNOCE team — PORTNET
"""
    return Email(
        subject="RNOCE : réinitialisation du mot de passe | إعادة تعيين كلمة المرور | Password reset",
        body=body,
    )
