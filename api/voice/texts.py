"""What the voice API tells people, in French, Arabic and English."""

from typing import Any

from api import i18n

# The payload of « Non, je réessaie » under a transcript Whisper was unsure of: the chat
# service answers it itself (there is nothing in it for Rasa, nor a form answer).
VOICE_RETRY_PAYLOAD = "/voice_retry"

i18n.register(
    {
        "missing_audio": {
            "fr": "Aucun enregistrement reçu : joignez le son dans le champ « audio ».",
            "ar": "لم يُستلم أي تسجيل: أرفق الصوت في الحقل «audio».",
            "en": 'No recording received: attach the sound in the "audio" field.',
        },
        "audio_too_large": {
            "fr": "L'enregistrement dépasse {limit_mb} Mo. Faites un message plus court ou écrivez votre question.",
            "ar": "حجم التسجيل يتجاوز {limit_mb} ميغابايت. سجّل رسالة أقصر أو اكتب سؤالك.",
            "en": "The recording is larger than {limit_mb} MB. Record a shorter message or type your question.",
        },
        "audio_too_long": {
            "fr": "Un message vocal dure au plus {limit} secondes. Faites plus court ou écrivez votre question.",
            "ar": "لا تتجاوز مدة الرسالة الصوتية {limit} ثانية. اختصرها أو اكتب سؤالك.",
            "en": "A voice message lasts at most {limit} seconds. Make it shorter or type your question.",
        },
        "audio_unreadable": {
            "fr": "Ce fichier audio est illisible. Enregistrez votre message à nouveau ou écrivez votre question.",
            "ar": "تعذّرت قراءة هذا الملف الصوتي. سجّل رسالتك من جديد أو اكتب سؤالك.",
            "en": "This audio file cannot be read. Record your message again or type your question.",
        },
        "no_speech": {
            "fr": "Je n'ai entendu aucune parole. Vérifiez votre micro et parlez près de lui, ou écrivez votre question.",
            "ar": "لم أسمع أي كلام. تحقق من الميكروفون وتحدث بالقرب منه، أو اكتب سؤالك.",
            "en": "I did not hear any speech. Check your microphone and speak close to it, or type your question.",
        },
        "voice_busy": {
            "fr": "TijarIA traite déjà plusieurs messages vocaux. Réessayez dans un instant ou écrivez votre question.",
            "ar": "يعالج TijarIA عدة رسائل صوتية حاليًا. أعد المحاولة بعد لحظة أو اكتب سؤالك.",
            "en": "TijarIA is already handling several voice messages. Try again in a moment or type your question.",
        },
        "voice_confirm": {
            "fr": "J'ai compris : « {heard} ». C'est bien votre question ?",
            "ar": "فهمت: «{heard}». هل هذا هو سؤالك؟",
            "en": 'I understood: "{heard}". Is that your question?',
        },
        "voice_confirm_yes": {"fr": "Oui", "ar": "نعم", "en": "Yes"},
        "voice_confirm_no": {
            "fr": "Non, je réessaie",
            "ar": "لا، سأعيد المحاولة",
            "en": "No, I'll try again",
        },
        "voice_retry": {
            "fr": "D'accord. Appuyez sur le micro et reposez votre question en parlant près de lui, ou écrivez-la.",
            "ar": "حسنًا. اضغط على الميكروفون وأعد طرح سؤالك بالقرب منه، أو اكتبه.",
            "en": "All right. Press the microphone and ask again, close to it, or type your question.",
        },
        "voice_unavailable": {
            "fr": "Les messages vocaux sont indisponibles pour le moment. Écrivez votre question.",
            "ar": "الرسائل الصوتية غير متاحة حاليًا. اكتب سؤالك.",
            "en": "Voice messages are not available right now. Type your question.",
        },
    }
)


def voice_retry_reply(lang: str) -> dict[str, Any]:
    """The chat service's answer to VOICE_RETRY_PAYLOAD, as a reply of Rasa's would be."""
    return {"text": i18n.text("voice_retry", lang), "buttons": [], "sources": []}
