"""What the outbox API tells PORTNET agents and staff, in French, Arabic and English."""

from api import i18n

i18n.register(
    {
        "email_not_found": {
            "fr": "Cet e-mail n'existe pas dans la boîte d'envoi.",
            "ar": "هذه الرسالة غير موجودة في صندوق الإرسال.",
            "en": "This e-mail is not in the outbox.",
        },
        "email_already_sent": {
            "fr": "Cet e-mail est déjà parti : il n'est pas renvoyé.",
            "ar": "سبق إرسال هذه الرسالة: لن تُرسل مرة أخرى.",
            "en": "This e-mail has already left: it is not sent again.",
        },
    }
)
