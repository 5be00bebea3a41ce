// The console's words in French (default), Arabic and English, and the formatting of
// waiting times and dates. Pure: no DOM, importable from node.

export const LANGS = ["fr", "ar", "en"];
export const PORTALS = ["pmpce", "douane", "mic", "banques", "rnoce"];
export const STATUSES = ["new", "assigned", "answered", "closed"];
export const REFRESH_SECONDS = 30;

export const STRINGS = {
  fr: {
    title: "Console des conseillers PORTNET",
    language: "Langue",
    signInIntro: "Réservée aux conseillers et au personnel PORTNET : connectez-vous avec votre compte Portnet ID.",
    refused: "Cette console est réservée aux conseillers et au personnel PORTNET. Votre compte ({name}) n'y a pas accès.",
    signedInAs: "Connecté : {name}",
    signOut: "Se déconnecter",
    signInAgain: "Se connecter avec un autre compte",
    expired: "Votre session a expiré : reconnectez-vous.",
    queue: "File des réclamations",
    filters: "Filtres",
    portal: "Portail",
    status: "Statut",
    allPortals: "Tous les portails",
    waitingStatuses: "En attente (nouvelles et assignées)",
    refresh: "Actualiser",
    refreshed: "File mise à jour à {time}.",
    emptyQueue: "Aucune réclamation dans cette file.",
    reference: "Référence",
    object: "Objet",
    service: "Service",
    owner: "Usager",
    assignee: "Assignée à",
    waiting: "Attente",
    nobody: "personne",
    openClaim: "Ouvrir la réclamation {reference}",
    chooseClaim: "Choisissez une réclamation dans la file.",
    claim: "Réclamation {reference}",
    kind: "Type",
    details: "Description",
    organisation: "Organisation",
    createdAt: "Déposée le",
    updatedAt: "Mise à jour le",
    history: "Historique",
    messages: "Échanges",
    noMessages: "Aucun échange pour le moment.",
    attachments: "Pièces jointes",
    noAttachments: "Aucune pièce jointe.",
    download: "Télécharger {name}",
    transcript: "Conversation avec TijarIA",
    noTranscript: "Aucune conversation liée.",
    assignToMe: "M'assigner la réclamation",
    assignFirst: "Assignez-vous la réclamation pour pouvoir répondre à l'usager.",
    answerLabel: "Réponse à l'usager",
    answerSend: "Envoyer la réponse",
    closeLabel: "Note de clôture",
    closeSend: "Clôturer la réclamation",
    assigned: "Réclamation assignée à vous.",
    answered: "Réponse envoyée à l'usager.",
    closedDone: "Réclamation clôturée.",
    required: "Ce champ est obligatoire.",
    closedNote: "Cette réclamation est clôturée.",
    error: "Une erreur est survenue. Réessayez dans un instant.",
    notFound: "Réclamation introuvable.",
    by: "par {name}",
    sender: { user: "Usager", bot: "TijarIA", agent: "Conseiller", system: "Information", owner: "Usager", staff: "Personnel PORTNET" },
    statuses: { new: "Nouvelle", assigned: "Assignée", answered: "Répondue", closed: "Clôturée" },
    portals: { pmpce: "PMPCE", douane: "Douane", mic: "MIC", banques: "Banques", rnoce: "RNOCE" },
    units: { d: "j", h: "h", min: "min", lessThanMinute: "< 1 min" },
  },
  ar: {
    title: "واجهة مستشاري PORTNET",
    language: "اللغة",
    signInIntro: "مخصصة لمستشاري PORTNET وموظفيها: سجّل الدخول بحساب Portnet ID.",
    refused: "هذه الواجهة مخصصة لمستشاري PORTNET وموظفيها. حسابك ({name}) لا يملك صلاحية الدخول إليها.",
    signedInAs: "متصل: {name}",
    signOut: "تسجيل الخروج",
    signInAgain: "تسجيل الدخول بحساب آخر",
    expired: "انتهت جلستك: سجّل الدخول من جديد.",
    queue: "قائمة الشكايات",
    filters: "عوامل التصفية",
    portal: "البوابة",
    status: "الحالة",
    allPortals: "كل البوابات",
    waitingStatuses: "في الانتظار (الجديدة والمسندة)",
    refresh: "تحديث",
    refreshed: "حُدّثت القائمة على الساعة {time}.",
    emptyQueue: "لا توجد أي شكاية في هذه القائمة.",
    reference: "المرجع",
    object: "الموضوع",
    service: "الخدمة",
    owner: "المستخدم",
    assignee: "مسندة إلى",
    waiting: "مدة الانتظار",
    nobody: "لا أحد",
    openClaim: "فتح الشكاية {reference}",
    chooseClaim: "اختر شكاية من القائمة.",
    claim: "الشكاية {reference}",
    kind: "النوع",
    details: "الوصف",
    organisation: "المؤسسة",
    createdAt: "تاريخ الإيداع",
    updatedAt: "آخر تحديث",
    history: "السجل",
    messages: "المراسلات",
    noMessages: "لا توجد مراسلات حتى الآن.",
    attachments: "المرفقات",
    noAttachments: "لا توجد مرفقات.",
    download: "تنزيل {name}",
    transcript: "المحادثة مع TijarIA",
    noTranscript: "لا توجد محادثة مرتبطة.",
    assignToMe: "إسناد الشكاية إليّ",
    assignFirst: "أسند الشكاية إلى نفسك لتتمكن من الرد على المستخدم.",
    answerLabel: "الرد على المستخدم",
    answerSend: "إرسال الرد",
    closeLabel: "ملاحظة الإغلاق",
    closeSend: "إغلاق الشكاية",
    assigned: "أُسندت الشكاية إليك.",
    answered: "أُرسل الرد إلى المستخدم.",
    closedDone: "أُغلقت الشكاية.",
    required: "هذا الحقل إلزامي.",
    closedNote: "هذه الشكاية مغلقة.",
    error: "حدث خطأ. أعد المحاولة بعد قليل.",
    notFound: "الشكاية غير موجودة.",
    by: "بواسطة {name}",
    sender: { user: "المستخدم", bot: "TijarIA", agent: "المستشار", system: "معلومة", owner: "المستخدم", staff: "موظف PORTNET" },
    statuses: { new: "جديدة", assigned: "مسندة", answered: "تم الرد", closed: "مغلقة" },
    portals: { pmpce: "PMPCE", douane: "الجمارك", mic: "MIC", banques: "الأبناك", rnoce: "RNOCE" },
    units: { d: "ي", h: "س", min: "د", lessThanMinute: "أقل من دقيقة" },
  },
  en: {
    title: "PORTNET agents' console",
    language: "Language",
    signInIntro: "For PORTNET agents and staff only: sign in with your Portnet ID account.",
    refused: "This console is for PORTNET agents and staff only. Your account ({name}) has no access to it.",
    signedInAs: "Signed in: {name}",
    signOut: "Sign out",
    signInAgain: "Sign in with another account",
    expired: "Your session has expired: sign in again.",
    queue: "Claims queue",
    filters: "Filters",
    portal: "Portal",
    status: "Status",
    allPortals: "All portals",
    waitingStatuses: "Waiting (new and assigned)",
    refresh: "Refresh",
    refreshed: "Queue updated at {time}.",
    emptyQueue: "No claim in this queue.",
    reference: "Reference",
    object: "Subject",
    service: "Service",
    owner: "User",
    assignee: "Assigned to",
    waiting: "Waiting",
    nobody: "nobody",
    openClaim: "Open claim {reference}",
    chooseClaim: "Choose a claim in the queue.",
    claim: "Claim {reference}",
    kind: "Type",
    details: "Description",
    organisation: "Organisation",
    createdAt: "Filed on",
    updatedAt: "Updated on",
    history: "History",
    messages: "Messages",
    noMessages: "No messages yet.",
    attachments: "Attachments",
    noAttachments: "No attachments.",
    download: "Download {name}",
    transcript: "Conversation with TijarIA",
    noTranscript: "No linked conversation.",
    assignToMe: "Assign the claim to me",
    assignFirst: "Assign the claim to yourself to answer the user.",
    answerLabel: "Answer to the user",
    answerSend: "Send the answer",
    closeLabel: "Closing note",
    closeSend: "Close the claim",
    assigned: "Claim assigned to you.",
    answered: "Answer sent to the user.",
    closedDone: "Claim closed.",
    required: "This field is required.",
    closedNote: "This claim is closed.",
    error: "Something went wrong. Try again in a moment.",
    notFound: "Claim not found.",
    by: "by {name}",
    sender: { user: "User", bot: "TijarIA", agent: "Agent", system: "Notice", owner: "User", staff: "PORTNET staff" },
    statuses: { new: "New", assigned: "Assigned", answered: "Answered", closed: "Closed" },
    portals: { pmpce: "PMPCE", douane: "Customs", mic: "MIC", banques: "Banks", rnoce: "RNOCE" },
    units: { d: "d", h: "h", min: "min", lessThanMinute: "< 1 min" },
  },
};

export function normLang(lang) {
  const code = String(lang || "").toLowerCase().slice(0, 2);
  return LANGS.includes(code) ? code : null;
}

export function directionOf(lang) {
  return lang === "ar" ? "rtl" : "ltr";
}

/** A string of `lang` (French when missing), `{name}` placeholders filled; `key` may be "a.b". */
export function t(lang, key, params) {
  const pick = (table) => key.split(".").reduce((node, part) => (node && typeof node === "object" ? node[part] : undefined), table);
  let value = pick(STRINGS[lang] || STRINGS.fr);
  if (value === undefined) value = pick(STRINGS.fr);
  if (typeof value !== "string") return key;
  return value.replace(/\{(\w+)\}/g, (whole, name) => (params && name in params ? String(params[name]) : whole));
}

/** How long a claim has waited: "3 j 4 h", "2 h 05 min", "12 min", "< 1 min". */
export function formatWaiting(seconds, lang) {
  const units = (STRINGS[lang] || STRINGS.fr).units;
  const total = Math.max(0, Math.floor(Number(seconds) || 0));
  const days = Math.floor(total / 86400);
  const hours = Math.floor((total % 86400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  if (days) return `${days} ${units.d} ${hours} ${units.h}`;
  if (hours) return `${hours} ${units.h} ${String(minutes).padStart(2, "0")} ${units.min}`;
  if (minutes) return `${minutes} ${units.min}`;
  return units.lessThanMinute;
}

/** A server time (ISO 8601, UTC) as a local date and time in `lang`. */
export function formatDate(iso, lang) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  const locale = { fr: "fr-FR", ar: "ar-MA", en: "en-GB" }[lang] || "fr-FR";
  return date.toLocaleString(locale, { dateStyle: "short", timeStyle: "short" });
}

export function formatSize(bytes, lang) {
  const n = Number(bytes) || 0;
  const unit = lang === "fr" ? ["o", "Ko", "Mo"] : ["B", "KB", "MB"];
  if (n < 1024) return `${n} ${unit[0]}`;
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} ${unit[1]}`;
  const mb = (n / (1024 * 1024)).toFixed(1);
  return `${lang === "fr" ? mb.replace(".", ",") : mb} ${unit[2]}`;
}
