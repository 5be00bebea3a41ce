"""What rasa-webchat shows that our own widget draws itself: it has no sources field, no
agent name and no error style, so these go into the message's text."""

from api import i18n

i18n.register(
    {
        "webchat_sources": {"fr": "Sources :", "ar": "المصادر:", "en": "Sources:"},
        "webchat_agent": {
            "fr": "Conseiller PORTNET",
            "ar": "مستشار PORTNET",
            "en": "PORTNET agent",
        },
        "webchat_failed": {
            "fr": (
                "Une erreur est survenue : votre message n'a peut-être pas été traité. "
                "Réessayez dans un instant."
            ),
            "ar": "حدث خطأ: ربما لم تُعالج رسالتك. أعد المحاولة بعد لحظة.",
            "en": "Something went wrong: your message may not have been handled. "
            "Try again in a moment.",
        },
    }
)
