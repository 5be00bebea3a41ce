"""The conversations' own refusals, in fr/ar/en (registered with api.i18n at import)."""

from api import i18n

i18n.register(
    {
        "message_not_found": {
            "fr": "Aucun message de cette conversation ne correspond à cet identifiant.",
            "ar": "لا توجد رسالة في هذه المحادثة بهذا المعرّف.",
            "en": "No message of this conversation matches this id.",
        },
    }
)
