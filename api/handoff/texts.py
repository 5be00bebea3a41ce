"""What the handoff says to people, in fr/ar/en (Darija speakers are answered in French):
its refusals (api.i18n error codes), the notices pushed into the conversation, the offer
with its buttons, and the contact form's words."""

from api import i18n

i18n.register(
    {
        "handoff_not_found": {
            "fr": "Aucune mise en relation ne correspond à cet identifiant.",
            "ar": "لا يوجد طلب تواصل مع عون بهذا المعرّف.",
            "en": "No handoff matches this id.",
        },
        "handoff_taken": {
            "fr": "Un autre agent a déjà pris cette conversation.",
            "ar": "تكفّل عون آخر بهذه المحادثة من قبل.",
            "en": "Another agent already took this conversation.",
        },
        "handoff_not_queued": {
            "fr": "Cette conversation n'est plus dans la file d'attente (état : {state}).",
            "ar": "لم تعد هذه المحادثة في قائمة الانتظار (الحالة: {state}).",
            "en": "This conversation is no longer waiting in the queue (state: {state}).",
        },
        "handoff_not_active": {
            "fr": (
                "Cette conversation n'est pas en cours avec un agent (état : {state}) : "
                "acceptez-la d'abord depuis la file."
            ),
            "ar": "هذه المحادثة ليست جارية مع عون (الحالة: {state}): اقبلوها أولا من قائمة الانتظار.",
            "en": (
                "This conversation is not under way with an agent (state: {state}): accept "
                "it from the queue first."
            ),
        },
        "handoff_not_yours": {
            "fr": "Cette conversation est suivie par un autre agent ({agent}).",
            "ar": "يتابع هذه المحادثة عون آخر ({agent}).",
            "en": "Another agent ({agent}) is handling this conversation.",
        },
        "handoff_unknown_agent": {
            "fr": "Aucun agent PORTNET ne correspond à cet identifiant.",
            "ar": "لا يوجد عون PORTNET بهذا المعرّف.",
            "en": "No PORTNET agent matches this id.",
        },
        "handoff_same_agent": {
            "fr": "Cette conversation est déjà la vôtre : choisissez un autre agent.",
            "ar": "هذه المحادثة عندكم أصلا: اختاروا عونا آخر.",
            "en": "This conversation is already yours: pick another agent.",
        },
        "handoff_none_open": {
            "fr": "Vous n'êtes pas dans la file d'attente d'un agent.",
            "ar": "أنتم لستم في قائمة انتظار عون.",
            "en": "You are not waiting for an agent.",
        },
        "handoff_article_not_found": {
            "fr": "Aucun article de la base de connaissances ne correspond à cet identifiant.",
            "ar": "لا توجد مقالة في قاعدة المعرفة بهذا المعرّف.",
            "en": "No knowledge base article matches this id.",
        },
        "handoff_text_or_article": {
            "fr": "Envoyez soit un texte (« text »), soit un article (« article_id »), pas les deux.",
            "ar": "أرسلوا إما نصا («text») أو مقالة («article_id»)، وليس الاثنين معا.",
            "en": 'Send either a text ("text") or an article ("article_id"), not both.',
        },
        "contact_field_empty": {
            "fr": "Cette réponse est vide : écrivez quelques mots.",
            "ar": "هذا الجواب فارغ: اكتبوا بعض الكلمات.",
            "en": "This answer is empty: write a few words.",
        },
    }
)

# Notices stored in the conversation (sender "system") and pushed to the user's sockets.
NOTICES: dict[str, dict[str, str]] = {
    "offer": {
        "fr": (
            "Je peux vous mettre en relation avec un agent PORTNET. Vous seriez n° {position} "
            "dans la file, pour une attente estimée à {minutes} min environ. Pendant ce temps, "
            "vos messages lui seront transmis. Voulez-vous attendre un agent ?"
        ),
        "ar": (
            "يمكنني أن أصلكم بعون من PORTNET. ستكونون رقم {position} في قائمة الانتظار، "
            "بانتظار يقدَّر بحوالي {minutes} دقيقة، وستُنقل إليه رسائلكم. هل تريدون انتظار عون؟"
        ),
        "en": (
            "I can put you in touch with a PORTNET agent. You would be number {position} in "
            "the queue, with an estimated wait of about {minutes} min; your messages will be "
            "passed on to them. Do you want to wait for an agent?"
        ),
    },
    "offer_yes": {
        "fr": "Oui, attendre un agent",
        "ar": "نعم، أنتظر عونا",
        "en": "Yes, wait for an agent",
    },
    "offer_no": {"fr": "Non merci", "ar": "لا، شكرا", "en": "No thanks"},
    "declined": {
        "fr": "Très bien, je reste à votre disposition. Posez-moi votre question.",
        "ar": "حسنا، أنا رهن إشارتكم. اطرحوا سؤالكم.",
        "en": "All right, I'm still here. Ask me your question.",
    },
    "queued": {
        "fr": (
            "Vous êtes n° {position} dans la file d'attente (attente estimée : {minutes} min "
            "environ). Un agent PORTNET va vous répondre ici même ; vous pouvez continuer à "
            "écrire, vos messages lui seront transmis."
        ),
        "ar": (
            "أنتم رقم {position} في قائمة الانتظار (انتظار يقدَّر بحوالي {minutes} دقيقة). "
            "سيجيبكم عون من PORTNET هنا؛ يمكنكم مواصلة الكتابة وستُنقل إليه رسائلكم."
        ),
        "en": (
            "You are number {position} in the queue (estimated wait: about {minutes} min). A "
            "PORTNET agent will answer you right here; keep writing if you like, your messages "
            "will be passed on."
        ),
    },
    "leave_button": {
        "fr": "Quitter la file",
        "ar": "مغادرة قائمة الانتظار",
        "en": "Leave the queue",
    },
    "already_queued": {
        "fr": "Vous êtes déjà dans la file d'attente (n° {position}).",
        "ar": "أنتم في قائمة الانتظار أصلا (رقم {position}).",
        "en": "You are already in the queue (number {position}).",
    },
    "agent_joined": {
        "fr": "{name} a rejoint la conversation.",
        "ar": "انضم(ت) {name} إلى المحادثة.",
        "en": "{name} has joined the conversation.",
    },
    "left": {
        "fr": "Vous avez quitté la file d'attente. TijarIA reprend la conversation.",
        "ar": "غادرتم قائمة الانتظار. يستأنف TijarIA المحادثة.",
        "en": "You left the queue. TijarIA takes the conversation back.",
    },
    "handed_back": {
        "fr": "L'agent vous a rendu la main : TijarIA reprend la conversation. Posez votre question.",
        "ar": "أعاد العون المحادثة إلى TijarIA. اطرحوا سؤالكم.",
        "en": "The agent handed you back to TijarIA. Ask your question.",
    },
    "closed": {
        "fr": (
            "L'agent a clôturé la conversation. Merci ! Écrivez à nouveau si vous avez une "
            "autre question : TijarIA vous répondra."
        ),
        "ar": "أغلق العون المحادثة. شكرا! اكتبوا من جديد إن كان لديكم سؤال آخر: سيجيبكم TijarIA.",
        "en": (
            "The agent closed the conversation. Thank you! Write again if you have another "
            "question: TijarIA will answer."
        ),
    },
    "nobody_now": {
        "fr": (
            "Les agents PORTNET ne sont plus disponibles pour le moment. Appelez l'assistance "
            "au {phone}, ou redemandez un agent : je vous proposerai le formulaire de contact."
        ),
        "ar": (
            "لم يعد أعوان PORTNET متاحين حاليا. اتصلوا بالمساعدة على الرقم {phone}، أو اطلبوا "
            "عونا من جديد: سأقترح عليكم استمارة الاتصال."
        ),
        "en": (
            "PORTNET agents are no longer available right now. Call support on {phone}, or ask "
            "for an agent again: I will offer you the contact form."
        ),
    },
    "nobody": {
        "fr": (
            "Aucun agent PORTNET n'est disponible pour le moment (l'assistance répond aux "
            "heures de service). Vous pouvez joindre l'assistance par téléphone au {phone}, "
            "ou nous laisser votre demande avec le formulaire de contact ci-dessous : un "
            "conseiller vous répondra par e-mail."
        ),
        "ar": (
            "لا يوجد عون من PORTNET متاح حاليا (تجيب المساعدة خلال ساعات العمل). يمكنكم "
            "الاتصال بالمساعدة هاتفيا على الرقم {phone}، أو ترك طلبكم عبر استمارة الاتصال "
            "أدناه: سيجيبكم مستشار عبر البريد الإلكتروني."
        ),
        "en": (
            "No PORTNET agent is available right now (support answers during service hours). "
            "You can call support on {phone}, or leave your request with the contact form "
            "below: an adviser will answer you by e-mail."
        ),
    },
}


def notice(key: str, lang: str, **params: object) -> str:
    variants = NOTICES[key]
    template = variants.get(i18n.reply_lang(lang)) or variants["fr"]
    return template.format(**params) if params else template
