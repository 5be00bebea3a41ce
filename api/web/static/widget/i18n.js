// The widget's words: its UI strings in French, Arabic and English, the portals' names,
// and the helpers that pick, fill and format them. Pure: no DOM, importable from node.

export const LANGS = ["fr", "ar", "en"];
export const STRINGS = {
  fr: {
    launcher: "Besoin d'aide ?",
    title: "TijarIA",
    subtitle: "Assistant PORTNET · {portal}",
    dialog: "Assistant TijarIA",
    log: "Conversation avec TijarIA",
    placeholder: "Comment je peux vous aider ?",
    inputLabel: "Votre message",
    send: "Envoyer",
    close: "Fermer l'assistant",
    attach: "Joindre un document PDF",
    micStart: "Dicter un message",
    micStop: "Arrêter l'enregistrement et envoyer",
    recording: "Enregistrement en cours… cliquez à nouveau sur le micro pour envoyer.",
    history: "Historique TijarIA",
    historyBack: "Retour à la conversation",
    historyEmpty: "Aucune conversation pour le moment.",
    historyCurrent: "conversation en cours",
    historyCount: "{n} messages",
    historyUntitled: "Conversation sans titre",
    newConversation: "Nouvelle conversation",
    you: "Vous",
    bot: "TijarIA",
    agent: "Conseiller PORTNET",
    system: "Information",
    typing: "TijarIA écrit…",
    agentTyping: "{name} écrit…",
    agentTypingAnon: "Le conseiller écrit…",
    sources: "Sources :",
    suggestions: "Réponses suggérées",
    intro:
      "Bonjour, je suis **TijarIA**, l'assistant du {portal}. Posez votre question en français, en arabe ou en anglais.",
    reconnecting: "Connexion interrompue, nouvelle tentative…",
    fileUnsupported: "« {name} » n'est pas accepté : envoyez un PDF, un PNG ou un JPEG.",
    fileTooLarge: "« {name} » fait {size} : la taille maximale est de {max}. Réduisez le fichier puis réessayez.",
    uploading: "Envoi de « {name} »…",
    uploadFailed: "L'envoi de « {name} » a échoué : {reason}",
    attached: "Pièce jointe : {name} ({size})",
    voiceFailed: "Le message vocal n'a pas pu être traité : {reason}",
    micDenied: "Le micro n'est pas accessible. Autorisez-le dans votre navigateur ou écrivez votre question.",
    micCancel: "Annuler",
    voicePending: "Message vocal : transcription…",
    voiceKept: "Message vocal non envoyé : {reason}",
    voiceResend: "Renvoyer",
    resend: "Renvoyer",
    heldMessage: "Message non envoyé pour l'instant : il partira tout seul dans un moment.",
    voiceLimit: "Limite de {max} secondes atteinte : votre message vocal est envoyé.",
    error: "Une erreur est survenue. Réessayez dans un instant.",
    handoffWaiting: "Un conseiller PORTNET va prendre le relais.",
    handoffActive: "Vous êtes en relation avec un conseiller PORTNET.",
    handoffClosed: "La conversation avec le conseiller est terminée.",
    handoffBack: "Le conseiller a rendu la main : TijarIA reprend la conversation.",
    handoffLeft: "Vous avez quitté la file d'attente. TijarIA reste à votre disposition.",
    handoffPosition: "Vous êtes n° {n} dans la file d'attente.",
    handoffQueued: "En attente d'un conseiller PORTNET…",
    handoffWith: "En relation avec {name}, conseiller PORTNET",
    handoffWithAgent: "En relation avec un conseiller PORTNET",
    handoffLeave: "Quitter la file",
    handoffLeaveFailed: "Impossible de quitter la file pour le moment. Réessayez dans un instant.",
    // The account line in the header (the forms' own strings are in account.js)
    signedInAs: "Connecté : {name}",
    signOut: "Se déconnecter",
    signedOut: "Vous êtes déconnecté(e). Une nouvelle conversation commence.",
    sessionExpired: "Votre session a expiré. Reconnectez-vous pour consulter vos dossiers.",
    signedInNotice: "Vous êtes connecté(e) en tant que {name}.",
    unit: { B: "o", KB: "Ko", MB: "Mo" },
    decimal: ",",
  },
  ar: {
    launcher: "هل تحتاج إلى مساعدة؟",
    title: "TijarIA",
    subtitle: "مساعد PORTNET · {portal}",
    dialog: "المساعد TijarIA",
    log: "المحادثة مع TijarIA",
    placeholder: "كيف يمكنني مساعدتك؟",
    inputLabel: "رسالتك",
    send: "إرسال",
    close: "إغلاق المساعد",
    attach: "إرفاق وثيقة PDF",
    micStart: "إملاء رسالة",
    micStop: "إيقاف التسجيل والإرسال",
    recording: "جارٍ التسجيل… انقر على الميكروفون مرة أخرى للإرسال.",
    history: "سجل TijarIA",
    historyBack: "العودة إلى المحادثة",
    historyEmpty: "لا توجد محادثات حتى الآن.",
    historyCurrent: "المحادثة الحالية",
    historyCount: "{n} رسائل",
    historyUntitled: "محادثة بدون عنوان",
    newConversation: "محادثة جديدة",
    you: "أنت",
    bot: "TijarIA",
    agent: "مستشار PORTNET",
    system: "معلومة",
    typing: "TijarIA يكتب…",
    agentTyping: "{name} يكتب…",
    agentTypingAnon: "المستشار يكتب…",
    sources: "المصادر:",
    suggestions: "ردود مقترحة",
    intro: "مرحبا، أنا **TijarIA**، مساعد {portal}. اطرح سؤالك بالعربية أو الفرنسية أو الإنجليزية.",
    reconnecting: "انقطع الاتصال، جارٍ إعادة المحاولة…",
    fileUnsupported: "«{name}» غير مقبول: أرسلوا ملف PDF أو PNG أو JPEG.",
    fileTooLarge: "حجم «{name}» هو {size}: الحد الأقصى {max}. قلّص حجم الملف ثم أعد المحاولة.",
    uploading: "جارٍ إرسال «{name}»…",
    uploadFailed: "تعذّر إرسال «{name}»: {reason}",
    attached: "مرفق: {name} ({size})",
    voiceFailed: "تعذّرت معالجة الرسالة الصوتية: {reason}",
    micDenied: "لا يمكن الوصول إلى الميكروفون. اسمح به في المتصفح أو اكتب سؤالك.",
    micCancel: "إلغاء",
    voicePending: "رسالة صوتية: جارٍ تحويلها إلى نص…",
    voiceKept: "لم تُرسل الرسالة الصوتية: {reason}",
    voiceResend: "إعادة الإرسال",
    resend: "إعادة الإرسال",
    heldMessage: "لم تُرسل الرسالة بعد: ستُرسل تلقائيًا بعد قليل.",
    voiceLimit: "تم بلوغ الحد الأقصى ({max} ثانية): أُرسلت رسالتك الصوتية.",
    error: "حدث خطأ. أعد المحاولة بعد قليل.",
    handoffWaiting: "سيتولى مستشار من PORTNET المحادثة.",
    handoffActive: "أنت الآن على تواصل مع مستشار من PORTNET.",
    handoffClosed: "انتهت المحادثة مع المستشار.",
    handoffBack: "أنهى المستشار تدخله: يستأنف TijarIA المحادثة.",
    handoffLeft: "غادرت قائمة الانتظار. يبقى TijarIA رهن إشارتك.",
    handoffPosition: "ترتيبك {n} في قائمة الانتظار.",
    handoffQueued: "في انتظار مستشار من PORTNET…",
    handoffWith: "على تواصل مع {name}، مستشار PORTNET",
    handoffWithAgent: "على تواصل مع مستشار من PORTNET",
    handoffLeave: "مغادرة قائمة الانتظار",
    handoffLeaveFailed: "تعذّرت مغادرة قائمة الانتظار حاليا. أعد المحاولة بعد قليل.",
    // The account line in the header (the forms' own strings are in account.js)
    signedInAs: "متصل: {name}",
    signOut: "تسجيل الخروج",
    signedOut: "تم تسجيل خروجك. تبدأ محادثة جديدة.",
    sessionExpired: "انتهت جلستك. سجّل الدخول من جديد للاطلاع على ملفاتك.",
    signedInNotice: "أنت متصل باسم {name}.",
    unit: { B: "بايت", KB: "كيلوبايت", MB: "ميغابايت" },
    decimal: ".",
  },
  en: {
    launcher: "Need help?",
    title: "TijarIA",
    subtitle: "PORTNET assistant · {portal}",
    dialog: "TijarIA assistant",
    log: "Conversation with TijarIA",
    placeholder: "How can I help you?",
    inputLabel: "Your message",
    send: "Send",
    close: "Close the assistant",
    attach: "Attach a PDF document",
    micStart: "Dictate a message",
    micStop: "Stop recording and send",
    recording: "Recording… click the microphone again to send.",
    history: "TijarIA history",
    historyBack: "Back to the conversation",
    historyEmpty: "No conversations yet.",
    historyCurrent: "current conversation",
    historyCount: "{n} messages",
    historyUntitled: "Untitled conversation",
    newConversation: "New conversation",
    you: "You",
    bot: "TijarIA",
    agent: "PORTNET agent",
    system: "Information",
    typing: "TijarIA is typing…",
    agentTyping: "{name} is typing…",
    agentTypingAnon: "The agent is typing…",
    sources: "Sources:",
    suggestions: "Suggested replies",
    intro: "Hello, I am **TijarIA**, the assistant of the {portal}. Ask your question in French, Arabic or English.",
    reconnecting: "Connection lost, trying again…",
    fileUnsupported: "\"{name}\" is not accepted: send a PDF, PNG or JPEG.",
    fileTooLarge: "\"{name}\" is {size}: the maximum is {max}. Make the file smaller, then try again.",
    uploading: "Sending \"{name}\"…",
    uploadFailed: "\"{name}\" could not be sent: {reason}",
    attached: "Attachment: {name} ({size})",
    voiceFailed: "The voice message could not be processed: {reason}",
    micDenied: "The microphone is not available. Allow it in your browser or type your question.",
    micCancel: "Cancel",
    voicePending: "Voice message: transcribing…",
    voiceKept: "Voice message not sent: {reason}",
    voiceResend: "Send again",
    resend: "Send again",
    heldMessage: "Message not sent yet: it will go by itself in a moment.",
    voiceLimit: "{max}-second limit reached: your voice message has been sent.",
    error: "Something went wrong. Try again in a moment.",
    handoffWaiting: "A PORTNET agent will take over.",
    handoffActive: "You are talking with a PORTNET agent.",
    handoffClosed: "The conversation with the agent has ended.",
    handoffBack: "The agent handed back: TijarIA takes the conversation again.",
    handoffLeft: "You left the queue. TijarIA is still here to help.",
    handoffPosition: "You are number {n} in the queue.",
    handoffQueued: "Waiting for a PORTNET agent…",
    handoffWith: "Talking with {name}, PORTNET agent",
    handoffWithAgent: "Talking with a PORTNET agent",
    handoffLeave: "Leave the queue",
    handoffLeaveFailed: "The queue cannot be left right now. Try again in a moment.",
    // The account line in the header (the forms' own strings are in account.js)
    signedInAs: "Signed in: {name}",
    signOut: "Sign out",
    signedOut: "You are signed out. A new conversation starts.",
    sessionExpired: "Your session has expired. Sign in again to see your files.",
    signedInNotice: "You are signed in as {name}.",
    unit: { B: "B", KB: "KB", MB: "MB" },
    decimal: ".",
  },
};

export const PORTAL_NAMES = {
  pmpce: { fr: "portail Commerce Extérieur (PMPCE)", ar: "بوابة التجارة الخارجية (PMPCE)", en: "Foreign Trade portal (PMPCE)" },
  douane: { fr: "portail Douane", ar: "بوابة الجمارك", en: "Customs portal" },
  mic: { fr: "portail MIC", ar: "بوابة وزارة الصناعة والتجارة (MIC)", en: "MIC portal" },
  banques: { fr: "portail Banques", ar: "بوابة البنوك", en: "Banks portal" },
  rnoce: { fr: "portail RNOCE de souscription des opérateurs", ar: "بوابة RNOCE لاكتتاب المتعاملين", en: "RNOCE operator subscription portal" },
};
/** "fr", "ar" or "en" from a language tag ("fr-MA" is "fr"); null for any other. */
export function normLang(lang) {
  const code = String(lang || "").slice(0, 2).toLowerCase();
  return LANGS.includes(code) ? code : null;
}

/**
 * The string `key` in `lang` (French when missing), with its {placeholders} filled.
 * @param {string|null|undefined} lang
 * @param {string} key
 * @param {Record<string, unknown>} [params]
 */
export function t(lang, key, params) {
  const table = STRINGS[normLang(lang) || "fr"];
  let text = key in table ? table[key] : STRINGS.fr[key];
  if (typeof text !== "string") return text;
  if (params) {
    text = text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
  }
  return text;
}

/** More strings for a part loaded later (the account forms): {fr: {...}, ar: {...}, en: {...}}. */
export function addStrings(tables) {
  for (const code of Object.keys(tables)) Object.assign(STRINGS[code], tables[code]);
}

export function portalName(portal, lang) {
  const names = PORTAL_NAMES[portal] || PORTAL_NAMES.pmpce;
  return names[normLang(lang) || "fr"];
}

export function directionOf(lang) {
  return normLang(lang) === "ar" ? "rtl" : "ltr";
}

/** "5,0 Mo", "5.0 MB", "812 Ko": sizes as people read them. */
export function formatSize(bytes, lang) {
  const units = t(lang, "unit");
  const decimal = t(lang, "decimal");
  if (bytes < 1024) return `${bytes} ${units.B}`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} ${units.KB}`;
  return `${(bytes / (1024 * 1024)).toFixed(1).replace(".", decimal)} ${units.MB}`;
}

/** A message's time: hours and minutes today, with the date on other days. */
export function formatTime(iso, lang, now) {
  const date = iso ? new Date(iso) : new Date();
  if (isNaN(date.getTime())) return "";
  const locale = { fr: "fr-MA", ar: "ar-MA", en: "en-GB" }[normLang(lang) || "fr"];
  const today = now || new Date();
  const sameDay = date.toDateString() === today.toDateString();
  const options = sameDay
    ? { hour: "2-digit", minute: "2-digit" }
    : { day: "2-digit", month: "2-digit", hour: "2-digit", minute: "2-digit" };
  try {
    return new Intl.DateTimeFormat(locale, options).format(date);
  } catch (e) {
    return date.toISOString().slice(11, 16);
  }
}

/** Server timestamps without an offset are UTC. */
export function parseServerTime(value) {
  if (!value) return new Date().toISOString();
  const s = String(value);
  return /[zZ]|[+-]\d\d:?\d\d$/.test(s) ? s : s + "Z";
}
