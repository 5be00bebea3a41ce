/*!
 * TijarIA chat widget. Plain ES2020, no dependencies, no build step.
 *
 * Embed with one tag:
 *   <script src="https://…/widget/tijaria.js" data-portal="douane" data-lang="fr" defer></script>
 * Optional attributes:
 *   data-token  a logged-in user's bearer token (sent as "Authorization: Bearer …")
 *   data-api    the API origin (default: the origin this script was loaded from)
 * Theme with CSS custom properties set anywhere on the host page:
 *   --tijaria-primary, --tijaria-primary-text, --tijaria-accent, --tijaria-bg, --tijaria-text,
 *   --tijaria-font, --tijaria-radius, --tijaria-z-index
 * Page API: window.TijarIA.open(), .close(), .toggle(), .showHistory(), .newConversation(),
 *   .send(text), .setToken(token, user), .openLogin(), .signOut(), .mountSignIn(element),
 *   .mountAccountForm(element, {kind: "password" | "mfa"})
 *   (the same sign-in form in the host page). Events on document: "tijaria:ready",
 *   "tijaria:auth" (detail.user: the signed-in user or null).
 *
 * Everything the widget draws lives in a shadow root: no CSS goes in or out. Bot text is
 * rendered by building DOM nodes from a small Markdown subset (bold, lists, links); no
 * server or user text ever goes through innerHTML.
 */
(function (root, factory) {
  "use strict";
  const lib = factory();
  if (typeof module === "object" && module.exports) {
    module.exports = lib; // node unit tests
  } else if (typeof document !== "undefined") {
    lib.boot(document.currentScript);
  }
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  const PORTALS = ["pmpce", "douane", "mic", "banques", "rnoce"];
  const LANGS = ["fr", "ar", "en"];
  const DEFAULT_MAX_UPLOAD = 3 * 1024 * 1024;
  const HISTORY_LIMIT = 50;
  const REPLY_TIMEOUT_MS = 30000;

  // ---------------------------------------------------------------- strings

  const STRINGS = {
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
      sources: "Sources :",
      suggestions: "Réponses suggérées",
      intro:
        "Bonjour, je suis **TijarIA**, l'assistant du {portal}. Posez votre question en français, en arabe ou en anglais.",
      reconnecting: "Connexion interrompue, nouvelle tentative…",
      fileNotPdf: "« {name} » n'est pas un PDF : seuls les documents PDF sont acceptés.",
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
      voiceLimit: "Limite de {max} secondes atteinte : votre message vocal est envoyé.",
      error: "Une erreur est survenue. Réessayez dans un instant.",
      handoffWaiting: "Un conseiller PORTNET va prendre le relais.",
      handoffActive: "Vous êtes en relation avec un conseiller PORTNET.",
      handoffClosed: "La conversation avec le conseiller est terminée.",
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
      sources: "المصادر:",
      suggestions: "ردود مقترحة",
      intro: "مرحبا، أنا **TijarIA**، مساعد {portal}. اطرح سؤالك بالعربية أو الفرنسية أو الإنجليزية.",
      reconnecting: "انقطع الاتصال، جارٍ إعادة المحاولة…",
      fileNotPdf: "«{name}» ليس ملف PDF: لا تُقبل إلا وثائق PDF.",
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
      voiceLimit: "تم بلوغ الحد الأقصى ({max} ثانية): أُرسلت رسالتك الصوتية.",
      error: "حدث خطأ. أعد المحاولة بعد قليل.",
      handoffWaiting: "سيتولى مستشار من PORTNET المحادثة.",
      handoffActive: "أنت الآن على تواصل مع مستشار من PORTNET.",
      handoffClosed: "انتهت المحادثة مع المستشار.",
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
      sources: "Sources:",
      suggestions: "Suggested replies",
      intro: "Hello, I am **TijarIA**, the assistant of the {portal}. Ask your question in French, Arabic or English.",
      reconnecting: "Connection lost, trying again…",
      fileNotPdf: "\"{name}\" is not a PDF: only PDF documents are accepted.",
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
      voiceLimit: "{max}-second limit reached: your voice message has been sent.",
      error: "Something went wrong. Try again in a moment.",
      handoffWaiting: "A PORTNET agent will take over.",
      handoffActive: "You are talking with a PORTNET agent.",
      handoffClosed: "The conversation with the agent has ended.",
      unit: { B: "B", KB: "KB", MB: "MB" },
      decimal: ".",
    },
  };

  const PORTAL_NAMES = {
    pmpce: { fr: "portail Commerce Extérieur (PMPCE)", ar: "بوابة التجارة الخارجية (PMPCE)", en: "Foreign Trade portal (PMPCE)" },
    douane: { fr: "portail Douane", ar: "بوابة الجمارك", en: "Customs portal" },
    mic: { fr: "portail MIC", ar: "بوابة وزارة الصناعة والتجارة (MIC)", en: "MIC portal" },
    banques: { fr: "portail Banques", ar: "بوابة البنوك", en: "Banks portal" },
    rnoce: { fr: "portail RNOCE de souscription des opérateurs", ar: "بوابة RNOCE لاكتتاب المتعاملين", en: "RNOCE operator subscription portal" },
  };

  // ---------------------------------------------------------------- pure helpers

  function normLang(lang) {
    const code = String(lang || "").slice(0, 2).toLowerCase();
    return LANGS.includes(code) ? code : null;
  }

  function t(lang, key, params) {
    const table = STRINGS[normLang(lang) || "fr"];
    let text = key in table ? table[key] : STRINGS.fr[key];
    if (typeof text !== "string") return text;
    if (params) {
      text = text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
    }
    return text;
  }

  function portalName(portal, lang) {
    const names = PORTAL_NAMES[portal] || PORTAL_NAMES.pmpce;
    return names[normLang(lang) || "fr"];
  }

  function directionOf(lang) {
    return normLang(lang) === "ar" ? "rtl" : "ltr";
  }

  /** "5,0 Mo", "5.0 MB", "812 Ko": sizes as people read them. */
  function formatSize(bytes, lang) {
    const units = t(lang, "unit");
    const decimal = t(lang, "decimal");
    if (bytes < 1024) return `${bytes} ${units.B}`;
    if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} ${units.KB}`;
    return `${(bytes / (1024 * 1024)).toFixed(1).replace(".", decimal)} ${units.MB}`;
  }

  /** null when the file may be uploaded, else the reason: "not_pdf" or "too_large". */
  function checkFile(file, maxBytes) {
    const name = String((file && file.name) || "");
    const type = String((file && file.type) || "");
    const isPdf = /\.pdf$/i.test(name) && (type === "" || type === "application/pdf");
    if (!isPdf) return "not_pdf";
    if (!(file.size <= (maxBytes || DEFAULT_MAX_UPLOAD))) return "too_large";
    return null;
  }

  /** Exponential backoff with jitter: 0.5 s, 1 s, 2 s … capped at 15 s. */
  function backoffDelay(attempt, random) {
    const base = Math.min(15000, 500 * Math.pow(2, Math.max(0, attempt)));
    const r = typeof random === "number" ? random : Math.random();
    return Math.round(base * (0.5 + r / 2));
  }

  /** A random id matching the chat contract's [A-Za-z0-9_-]{1,64}. */
  function newId(prefix) {
    const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    const bytes = new Uint8Array(20);
    const cryptoObj = typeof crypto !== "undefined" ? crypto : null;
    if (cryptoObj && cryptoObj.getRandomValues) cryptoObj.getRandomValues(bytes);
    else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
    let out = "";
    for (const b of bytes) out += alphabet[b % alphabet.length];
    return (prefix || "") + out;
  }

  function isSessionId(value) {
    return typeof value === "string" && /^[A-Za-z0-9_-]{1,64}$/.test(value);
  }

  /** The chat socket's URL. Browsers cannot set headers on a WebSocket: a logged-in
   * user's token travels as the access_token query parameter. */
  function wsUrl(apiBase, sessionId, token) {
    const url = new URL("/api/v1/chat/ws", apiBase);
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    url.searchParams.set("session_id", sessionId);
    if (token) url.searchParams.set("access_token", token);
    return url.toString();
  }

  /** The href a Markdown link may get: http(s) or relative URLs only, else null. */
  function safeHref(url) {
    // Browsers drop tabs, newlines and leading control characters from URLs: so do we,
    // before looking at the scheme ("java\tscript:" is "javascript:").
    const cleaned = String(url || "").replace(/[\u0000-\u0020\u007f-\u009f]/g, "");
    if (!cleaned) return null;
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(cleaned);
    if (scheme) return /^https?$/i.test(scheme[1]) ? cleaned : null;
    if (cleaned.startsWith("\\")) return null;
    return cleaned; // relative: /path, ./path, #anchor, //host (follows the page's scheme)
  }

  const INLINE = /\*\*(.+?)\*\*|\[([^\]\n]+)\]\(([^()\s]+)\)|(https?:\/\/[^\s<>()]*[^\s<>().,;:!?'"»])/g;

  /** Inline Markdown: **bold**, [text](url) and bare http(s) URLs; everything else is text. */
  function parseInline(text, insideBold) {
    const nodes = [];
    let last = 0;
    const pushText = (s) => {
      if (!s) return;
      const prev = nodes[nodes.length - 1];
      if (prev && prev.type === "text") prev.text += s;
      else nodes.push({ type: "text", text: s });
    };
    let match;
    const re = new RegExp(INLINE.source, "g");
    while ((match = re.exec(text)) !== null) {
      pushText(text.slice(last, match.index));
      if (match[1] !== undefined) {
        if (insideBold) pushText(match[0]);
        else nodes.push({ type: "strong", children: parseInline(match[1], true) });
      } else if (match[2] !== undefined) {
        const href = safeHref(match[3]);
        if (href) nodes.push({ type: "link", href, children: [{ type: "text", text: match[2] }] });
        else pushText(match[2]);
      } else {
        nodes.push({ type: "link", href: match[4], children: [{ type: "text", text: match[4] }] });
      }
      last = re.lastIndex;
    }
    pushText(text.slice(last));
    return nodes;
  }

  /**
   * Block Markdown: paragraphs (single newlines kept as line breaks), "-", "*" or "•"
   * bullet lists and "1." / "1)" numbered lists. Returns a plain tree, no HTML.
   */
  function parseMarkdown(source) {
    const lines = String(source == null ? "" : source).replace(/\r\n?/g, "\n").split("\n");
    const blocks = [];
    let paragraph = null;
    let list = null;
    const closeAll = () => {
      paragraph = null;
      list = null;
    };
    for (const line of lines) {
      const bullet = /^\s*[-*•]\s+(.*)$/.exec(line);
      const numbered = /^\s*(\d{1,3})[.)]\s+(.*)$/.exec(line);
      if (!line.trim()) {
        closeAll();
      } else if (bullet || numbered) {
        const type = bullet ? "ul" : "ol";
        if (!list || list.type !== type) {
          list = { type, items: [] };
          if (numbered) list.start = parseInt(numbered[1], 10);
          blocks.push(list);
        }
        list.items.push(parseInline(bullet ? bullet[1] : numbered[2], false));
        paragraph = null;
      } else if (list && /^\s{2,}\S/.test(line)) {
        // an indented continuation of the last list item
        const item = list.items[list.items.length - 1];
        item.push({ type: "br" }, ...parseInline(line.trim(), false));
      } else {
        list = null;
        if (!paragraph) {
          paragraph = { type: "p", children: [] };
          blocks.push(paragraph);
        } else {
          paragraph.children.push({ type: "br" });
        }
        paragraph.children.push(...parseInline(line, false));
      }
    }
    return blocks;
  }

  /**
   * Which messages of the outbox (sent, not yet answered when the page was left) the
   * server already stored: they are among the last user messages of the transcript.
   */
  function storedOutboxIds(outbox, transcript) {
    const users = transcript.filter((m) => m.sender === "user").map((m) => m.text);
    const tail = users.slice(Math.max(0, users.length - outbox.length));
    const stored = [];
    for (const item of outbox) {
      const at = tail.indexOf(item.text);
      if (at !== -1) {
        stored.push(item.cid);
        tail.splice(0, at + 1);
      }
    }
    return stored;
  }

  /**
   * What each transcript message shows: a user message that is a quick-reply payload
   * ("/choose{...}") shows the title of that button, as it did when it was clicked.
   */
  function displayTexts(transcript) {
    let buttons = [];
    return transcript.map((m) => {
      if (m.sender !== "user") {
        if (Array.isArray(m.buttons) && m.buttons.length) buttons = m.buttons;
        return String(m.text == null ? "" : m.text);
      }
      const clicked = buttons.find((b) => b && b.payload === m.text && b.title);
      buttons = [];
      return clicked ? clicked.title : String(m.text == null ? "" : m.text);
    });
  }

  /** The browser's conversation list: most recent first, one entry per session, capped. */
  function mergeHistory(history, entry, limit) {
    const rest = (Array.isArray(history) ? history : []).filter(
      (h) => h && isSessionId(h.session_id) && h.session_id !== entry.session_id
    );
    const previous = (Array.isArray(history) ? history : []).find((h) => h && h.session_id === entry.session_id);
    return [Object.assign({}, previous || {}, entry), ...rest].slice(0, limit || HISTORY_LIMIT);
  }

  function formatTime(iso, lang, now) {
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
  function parseServerTime(value) {
    if (!value) return new Date().toISOString();
    const s = String(value);
    return /[zZ]|[+-]\d\d:?\d\d$/.test(s) ? s : s + "Z";
  }

  // ---------------------------------------------------------------- styles

  const CSS = `
:host {
  all: initial;
  --tj-primary: var(--tijaria-primary, #0b4f8a);
  --tj-primary-text: var(--tijaria-primary-text, #ffffff);
  --tj-accent: var(--tijaria-accent, #e8a317);
  --tj-bg: var(--tijaria-bg, #ffffff);
  --tj-text: var(--tijaria-text, #1d2733);
  --tj-muted: var(--tijaria-muted, #5b6776);
  --tj-soft: var(--tijaria-soft, #eef3f8);
  --tj-border: var(--tijaria-border, #d5dde6);
  --tj-danger: var(--tijaria-danger, #b3261e);
  --tj-focus: var(--tijaria-focus, #e8a317);
  --tj-radius: var(--tijaria-radius, 14px);
  --tj-font: var(--tijaria-font, system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans Arabic", Arial, sans-serif);
  font-family: var(--tj-font);
  font-size: 14px;
  line-height: 1.45;
  color: var(--tj-text);
}
*, *::before, *::after { box-sizing: border-box; }
[hidden] { display: none !important; }
button, textarea, input { font: inherit; color: inherit; }
button { cursor: pointer; }
:focus-visible { outline: 3px solid var(--tj-focus); outline-offset: 2px; }
.sr-only {
  position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}
.launcher {
  position: fixed; right: 0; bottom: 96px; z-index: var(--tijaria-z-index, 2147483000);
  display: flex; align-items: center; gap: 8px;
  padding: 12px 18px 12px 14px; border: 0; border-radius: 999px 0 0 999px;
  background: var(--tj-primary); color: var(--tj-primary-text);
  font-weight: 600; font-size: 15px; box-shadow: 0 4px 16px rgba(0, 0, 0, .25);
}
.launcher:hover { filter: brightness(1.1); }
.launcher svg { width: 22px; height: 22px; flex: none; }
.panel {
  position: fixed; right: 16px; bottom: 16px; z-index: var(--tijaria-z-index, 2147483000);
  width: 390px; height: min(620px, calc(100vh - 32px));
  display: flex; flex-direction: column; overflow: hidden;
  background: var(--tj-bg); color: var(--tj-text);
  border: 1px solid var(--tj-border); border-radius: var(--tj-radius);
  box-shadow: 0 12px 40px rgba(0, 0, 0, .28);
}
@media (max-width: 480px) {
  .panel { right: 0; bottom: 0; width: 100vw; height: 100vh; border-radius: 0; }
}
.header {
  display: flex; align-items: center; gap: 8px; padding: 10px 10px 10px 16px;
  background: var(--tj-primary); color: var(--tj-primary-text);
}
.header .titles { flex: 1; min-width: 0; }
.header h2 { margin: 0; font-size: 16px; font-weight: 700; }
.header p { margin: 0; font-size: 12px; opacity: .9; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.icon-btn {
  display: inline-flex; align-items: center; justify-content: center;
  width: 36px; height: 36px; padding: 0; border: 0; border-radius: 8px;
  background: transparent; color: inherit;
}
.icon-btn:hover { background: rgba(127, 127, 127, .18); }
.icon-btn svg { width: 20px; height: 20px; }
.icon-btn[aria-pressed="true"] { background: rgba(255, 255, 255, .25); }
.mic-btn[aria-pressed="true"] { background: var(--tj-danger); color: #fff; }
.mic-btn[disabled] { opacity: .5; cursor: progress; }
.composer .mic-btn { touch-action: none; user-select: none; -webkit-user-select: none; }
.rec { display: flex; align-items: center; gap: 8px; padding: 6px 8px 6px 14px; font-size: 12px;
  border-top: 1px solid var(--tj-border); background: #fff5f4; }
.rec-dot { flex: none; width: 10px; height: 10px; border-radius: 50%; background: var(--tj-danger); animation: tj-blink 1.2s infinite both; }
.rec-clock { flex: none; font-weight: 700; color: var(--tj-danger); font-variant-numeric: tabular-nums; direction: ltr; }
.rec-label { flex: 1; min-width: 0; color: var(--tj-text); }
.rec-cancel { flex: none; padding: 4px 12px; border-radius: 999px; border: 1px solid var(--tj-danger); background: var(--tj-bg); color: var(--tj-danger); font-size: 12px; }
.rec-cancel:hover { background: var(--tj-danger); color: #fff; }
.msg.user.voice-pending .bubble { opacity: .7; font-style: italic; }
.msg.user.voice-kept .bubble { font-style: italic; }
.msg.user.voice-kept .link-btn { display: block; margin-top: 4px; font-size: 13px; }
@media (prefers-reduced-motion: reduce) { .rec-dot { animation: none; } }
.body { flex: 1; min-height: 0; overflow-y: auto; padding: 14px; background: var(--tj-soft); }
.log { display: flex; flex-direction: column; gap: 10px; }
.msg { display: flex; flex-direction: column; max-width: 88%; align-self: flex-start; }
.msg.user { align-self: flex-end; align-items: flex-end; }
.msg.notice { align-self: stretch; max-width: 100%; }
.meta { font-size: 11px; color: var(--tj-muted); margin: 0 4px 2px; display: flex; gap: 6px; }
.bubble {
  padding: 9px 12px; border-radius: 12px; background: var(--tj-bg);
  border: 1px solid var(--tj-border); overflow-wrap: anywhere; white-space: normal;
  text-align: start;
}
.msg.user .bubble { background: var(--tj-primary); color: var(--tj-primary-text); border-color: transparent; white-space: pre-wrap; }
.msg.agent .bubble { border-color: var(--tj-accent); border-width: 2px; }
.msg.error .bubble, .msg.notice.error .bubble { border-color: var(--tj-danger); color: var(--tj-danger); background: #fff5f4; }
.msg.notice .bubble { background: transparent; border-style: dashed; font-size: 13px; color: var(--tj-muted); }
.bubble p { margin: 0; }
.bubble p + p, .bubble p + ul, .bubble p + ol, .bubble ul + p, .bubble ol + p { margin-top: 8px; }
.bubble ul, .bubble ol { margin: 4px 0 0; padding-inline-start: 20px; }
.bubble a { color: var(--tj-primary); text-decoration: underline; }
.sources { margin: 6px 4px 0; font-size: 12px; color: var(--tj-muted); }
.sources ul { margin: 2px 0 0; padding-inline-start: 16px; }
.sources a { color: var(--tj-primary); }
.quick-replies { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 8px; }
.qr {
  padding: 6px 12px; border-radius: 999px; border: 1px solid var(--tj-primary);
  background: var(--tj-bg); color: var(--tj-primary); font-size: 13px; text-align: start;
}
.qr:hover { background: var(--tj-primary); color: var(--tj-primary-text); }
.typing { display: flex; gap: 4px; align-items: center; padding: 10px 12px; margin-top: 10px; width: max-content;
  background: var(--tj-bg); border: 1px solid var(--tj-border); border-radius: 12px; }
.typing span { width: 7px; height: 7px; border-radius: 50%; background: var(--tj-muted); animation: tj-blink 1.2s infinite both; }
.typing span:nth-child(2) { animation-delay: .2s; }
.typing span:nth-child(3) { animation-delay: .4s; }
@keyframes tj-blink { 0%, 80%, 100% { opacity: .25; } 40% { opacity: 1; } }
@media (prefers-reduced-motion: reduce) { .typing span { animation: none; opacity: .7; } }
.status { padding: 6px 14px; font-size: 12px; background: #fff8e6; color: #6b4e00; border-top: 1px solid var(--tj-border); }
.progress { display: flex; align-items: center; gap: 8px; padding: 6px 14px; font-size: 12px; border-top: 1px solid var(--tj-border); }
.progress .label { flex: 0 1 auto; min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.progress progress { flex: 1 0 90px; height: 8px; accent-color: var(--tj-primary); }
.progress .pct { flex: none; font-variant-numeric: tabular-nums; }
.composer { display: flex; align-items: flex-end; gap: 4px; padding: 8px; border-top: 1px solid var(--tj-border); background: var(--tj-bg); }
.composer textarea {
  flex: 1; min-height: 40px; max-height: 120px; resize: none; padding: 9px 10px;
  border: 1px solid var(--tj-border); border-radius: 10px; background: var(--tj-bg); text-align: start;
}
.composer textarea::placeholder { color: var(--tj-muted); }
.composer .icon-btn { color: var(--tj-primary); }
.composer .send { background: var(--tj-primary); color: var(--tj-primary-text); }
.composer .send:hover { background: var(--tj-primary); filter: brightness(1.1); }
.rtl-flip { transform: scaleX(1); }
[dir="rtl"] .rtl-flip { transform: scaleX(-1); }
.history h3 { margin: 0 0 10px; font-size: 15px; }
.history ul { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 8px; }
.history-item {
  width: 100%; text-align: start; padding: 10px 12px; border: 1px solid var(--tj-border);
  border-radius: 10px; background: var(--tj-bg);
}
.history-item:hover { border-color: var(--tj-primary); }
.history-item .h-title { display: block; font-weight: 600; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.history-item .h-meta { display: block; font-size: 12px; color: var(--tj-muted); }
.history-item[aria-current="true"] { border-color: var(--tj-primary); border-width: 2px; }
.history .new { margin-top: 12px; padding: 8px 14px; border-radius: 999px; border: 0; background: var(--tj-primary); color: var(--tj-primary-text); }
`;

  // The sign-in form and the account line; the demo pages style their copy of the form themselves.
  const SIGN_IN_CSS = `
.header .account { display: flex; gap: 8px; align-items: baseline; }
.header .account .account-name { min-width: 0; overflow: hidden; text-overflow: ellipsis; }
.link-btn { flex: none; padding: 0; border: 0; background: none; color: inherit; text-decoration: underline; font-size: 12px; }
.tj-signin { display: flex; flex-direction: column; gap: 10px; background: var(--tj-bg); border: 1px solid var(--tj-border); border-radius: 12px; padding: 14px; }
.tj-signin h3 { margin: 0; font-size: 15px; }
.tj-signin p { margin: 0; font-size: 13px; }
.tj-field { display: flex; flex-direction: column; gap: 4px; font-size: 13px; }
.tj-field input { padding: 8px 10px; border: 1px solid var(--tj-border); border-radius: 8px; background: var(--tj-bg); }
.tj-actions { display: flex; gap: 8px; flex-wrap: wrap; }
.tj-primary { padding: 8px 16px; border: 0; border-radius: 999px; background: var(--tj-primary); color: var(--tj-primary-text); }
.tj-secondary { padding: 8px 16px; border: 1px solid var(--tj-border); border-radius: 999px; background: var(--tj-bg); }
.tj-primary[disabled] { opacity: .6; }
.tj-error { color: var(--tj-danger); font-size: 13px; }
.tj-qr { align-self: center; image-rendering: pixelated; }
.tj-secret code { overflow-wrap: anywhere; }
`;

  const ICONS = {
    chat: "M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z",
    close: "M6 6l12 12M18 6L6 18",
    send: "M3 20l18-8L3 4v6l12 2-12 2z",
    clip: "M21 11l-8.5 8.5a5 5 0 0 1-7-7L14 4a3.5 3.5 0 0 1 5 5l-8.5 8.5a2 2 0 0 1-3-3L15 7",
    mic: "M12 3a3 3 0 0 1 3 3v6a3 3 0 0 1-6 0V6a3 3 0 0 1 3-3zM5 11a7 7 0 0 0 14 0M12 18v3",
    history: "M3 12a9 9 0 1 0 3-6.7L3 8M3 3v5h5M12 7v5l3 3",
    plus: "M12 5v14M5 12h14",
    back: "M15 5l-7 7 7 7",
  };

  // ---------------------------------------------------------------- DOM helpers

  function el(doc, tag, attrs, children) {
    const node = doc.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children || []) if (child) node.appendChild(child);
    return node;
  }

  function icon(doc, name, extraClass) {
    const ns = "http://www.w3.org/2000/svg";
    const svg = doc.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    svg.setAttribute("fill", name === "send" || name === "chat" ? "currentColor" : "none");
    svg.setAttribute("stroke", "currentColor");
    svg.setAttribute("stroke-width", name === "send" || name === "chat" ? "0" : "2");
    svg.setAttribute("stroke-linecap", "round");
    svg.setAttribute("stroke-linejoin", "round");
    if (extraClass) svg.setAttribute("class", extraClass);
    const path = doc.createElementNS(ns, "path");
    path.setAttribute("d", ICONS[name]);
    svg.appendChild(path);
    return svg;
  }

  function renderInline(doc, nodes, parent) {
    for (const node of nodes) {
      if (node.type === "text") parent.appendChild(doc.createTextNode(node.text));
      else if (node.type === "br") parent.appendChild(doc.createElement("br"));
      else if (node.type === "strong") renderInline(doc, node.children, parent.appendChild(doc.createElement("strong")));
      else if (node.type === "link") {
        const a = doc.createElement("a");
        a.href = node.href;
        a.target = "_blank";
        a.rel = "noopener noreferrer";
        renderInline(doc, node.children, a);
        parent.appendChild(a);
      }
    }
    return parent;
  }

  /** Markdown-subset text as DOM nodes (textContent only) inside `parent`. */
  function renderMarkdown(doc, text, parent) {
    for (const block of parseMarkdown(text)) {
      if (block.type === "p") parent.appendChild(renderInline(doc, block.children, doc.createElement("p")));
      else {
        const list = doc.createElement(block.type);
        if (block.type === "ol" && block.start && block.start !== 1) list.setAttribute("start", String(block.start));
        for (const item of block.items) list.appendChild(renderInline(doc, item, doc.createElement("li")));
        parent.appendChild(list);
      }
    }
    return parent;
  }

  // ---------------------------------------------------------------- storage

  function storage(kind) {
    try {
      const s = kind === "session" ? window.sessionStorage : window.localStorage;
      const probe = "__tijaria__";
      s.setItem(probe, "1");
      s.removeItem(probe);
      return s;
    } catch (e) {
      const memory = {};
      return {
        getItem: (k) => (k in memory ? memory[k] : null),
        setItem: (k, v) => { memory[k] = String(v); },
        removeItem: (k) => { delete memory[k]; },
      };
    }
  }

  function readJson(store, key, fallback) {
    try {
      const raw = store.getItem(key);
      return raw ? JSON.parse(raw) : fallback;
    } catch (e) {
      return fallback;
    }
  }

  // ---------------------------------------------------------------- sign-in

  const AUTH_STRINGS = {
    fr: {
      signInTitle: "Connexion",
      signInIntro: "Connectez-vous avec votre compte Portnet ID pour consulter vos dossiers.",
      signInIntroRnoce: "Connectez-vous à votre espace privé RNOCE.",
      identifier: "Identifiant ou adresse e-mail",
      email: "Adresse e-mail",
      password: "Mot de passe",
      signInSubmit: "Se connecter",
      codeLabel: "Code de vérification (6 chiffres)",
      codeHelp: "Saisissez le code affiché par votre application d'authentification.",
      enrolHelp: "Première connexion : scannez ce QR code avec votre application d'authentification (ou saisissez la clé ci-dessous), puis entrez le code qu'elle affiche.",
      secretLabel: "Clé",
      verify: "Valider",
      back: "Retour",
      cancel: "Annuler",
      signedInAs: "Connecté : {name}",
      signOut: "Se déconnecter",
      signedOut: "Vous êtes déconnecté(e). Une nouvelle conversation commence.",
      sessionExpired: "Votre session a expiré. Reconnectez-vous pour consulter vos dossiers.",
      signedInNotice: "Vous êtes connecté(e) en tant que {name}.",
      passwordTitle: "Modifier le mot de passe",
      currentPassword: "Mot de passe actuel",
      newPassword: "Nouveau mot de passe",
      confirmPassword: "Confirmer le nouveau mot de passe",
      passwordRule: "Au moins 8 caractères, avec une majuscule, une minuscule, un chiffre et un caractère spécial.",
      save: "Enregistrer",
      passwordChanged: "Votre mot de passe est modifié. Vos autres sessions ouvertes sont fermées.",
      mfaTitle: "Réinitialiser MFA",
      mfaIntro: "Saisissez votre mot de passe : une nouvelle clé sera créée pour votre application d'authentification.",
      mfaContinue: "Continuer",
      mfaEnrolHelp: "Scannez ce QR code avec votre application d'authentification (ou saisissez la clé ci-dessous), puis entrez le code qu'elle affiche. L'ancienne clé reste valable jusque-là.",
      mfaDone: "Le MFA est réinitialisé : utilisez désormais le code de votre nouvelle application.",
      signInFirst: "Connectez-vous d'abord (« Se connecter » en haut de la page).",
    },
    ar: {
      signInTitle: "تسجيل الدخول",
      signInIntro: "سجّل الدخول بحساب Portnet ID للاطلاع على ملفاتك.",
      signInIntroRnoce: "سجّل الدخول إلى فضائك الخاص في RNOCE.",
      identifier: "اسم المستخدم أو البريد الإلكتروني",
      email: "البريد الإلكتروني",
      password: "كلمة المرور",
      signInSubmit: "تسجيل الدخول",
      codeLabel: "رمز التحقق (6 أرقام)",
      codeHelp: "أدخل الرمز الظاهر في تطبيق المصادقة.",
      enrolHelp: "أول تسجيل دخول: امسح رمز QR هذا بتطبيق المصادقة (أو أدخل المفتاح أدناه)، ثم أدخل الرمز الذي يظهره.",
      secretLabel: "المفتاح",
      verify: "تأكيد",
      back: "رجوع",
      cancel: "إلغاء",
      signedInAs: "متصل: {name}",
      signOut: "تسجيل الخروج",
      signedOut: "تم تسجيل خروجك. تبدأ محادثة جديدة.",
      sessionExpired: "انتهت جلستك. سجّل الدخول من جديد للاطلاع على ملفاتك.",
      signedInNotice: "أنت متصل باسم {name}.",
      passwordTitle: "تغيير كلمة المرور",
      currentPassword: "كلمة المرور الحالية",
      newPassword: "كلمة المرور الجديدة",
      confirmPassword: "تأكيد كلمة المرور الجديدة",
      passwordRule: "8 أحرف على الأقل، تتضمن حرفًا كبيرًا وحرفًا صغيرًا ورقمًا ورمزًا خاصًا.",
      save: "حفظ",
      passwordChanged: "تم تغيير كلمة المرور. أُغلقت جلساتك المفتوحة الأخرى.",
      mfaTitle: "إعادة تعيين MFA",
      mfaIntro: "أدخل كلمة المرور: سيُنشأ مفتاح جديد لتطبيق المصادقة.",
      mfaContinue: "متابعة",
      mfaEnrolHelp: "امسح رمز QR هذا بتطبيق المصادقة (أو أدخل المفتاح أدناه)، ثم أدخل الرمز الذي يظهره. يبقى المفتاح القديم صالحًا إلى ذلك الحين.",
      mfaDone: "تمت إعادة تعيين MFA: استعمل من الآن رمز تطبيقك الجديد.",
      signInFirst: "سجّل الدخول أولًا (« تسجيل الدخول » أعلى الصفحة).",
    },
    en: {
      signInTitle: "Sign in",
      signInIntro: "Sign in with your Portnet ID account to see your files.",
      signInIntroRnoce: "Sign in to your RNOCE private space.",
      identifier: "Identifier or e-mail address",
      email: "E-mail address",
      password: "Password",
      signInSubmit: "Sign in",
      codeLabel: "Verification code (6 digits)",
      codeHelp: "Enter the code your authenticator app shows.",
      enrolHelp: "First sign-in: scan this QR code with your authenticator app (or type the key below), then enter the code it shows.",
      secretLabel: "Key",
      verify: "Verify",
      back: "Back",
      cancel: "Cancel",
      signedInAs: "Signed in: {name}",
      signOut: "Sign out",
      signedOut: "You are signed out. A new conversation starts.",
      sessionExpired: "Your session has expired. Sign in again to see your files.",
      signedInNotice: "You are signed in as {name}.",
      passwordTitle: "Change the password",
      currentPassword: "Current password",
      newPassword: "New password",
      confirmPassword: "Confirm the new password",
      passwordRule: "At least 8 characters, with an upper-case and a lower-case letter, a digit and a special character.",
      save: "Save",
      passwordChanged: "Your password is changed. Your other open sessions are closed.",
      mfaTitle: "Reset MFA",
      mfaIntro: "Enter your password: a new key will be created for your authenticator app.",
      mfaContinue: "Continue",
      mfaEnrolHelp: "Scan this QR code with your authenticator app (or type the key below), then enter the code it shows. The old key keeps working until then.",
      mfaDone: "MFA is reset: from now on, use the code of your new app.",
      signInFirst: "Sign in first (« Sign in » at the top of the page).",
    },
  };
  for (const code of Object.keys(AUTH_STRINGS)) Object.assign(STRINGS[code], AUTH_STRINGS[code]);

  // Shared with the demo pages (and the RNOCE sign-in page): one sign-in per browser tab.
  const TOKEN_KEY = "tijaria.token";
  const USER_KEY = "tijaria.user";
  const SIGN_IN_PAYLOAD = "/request_login";

  /**
   * The sign-in form: Portnet ID (identifier and password, then a TOTP code, with the
   * enrolment QR code the first time) or, on RNOCE, the private space (e-mail and
   * password). One implementation, shown in the widget and on the demo pages.
   */
  class FormKit {
    constructor(options) {
      this.doc = options.doc;
      this.container = options.container;
      this.apiBase = options.apiBase;
      this.lang = normLang(options.lang) || "fr";
      this.token = options.token || null;
    }

    s(key, params) {
      return t(this.lang, key, params);
    }

    async post(path, body) {
      const headers = { "Content-Type": "application/json", "Accept-Language": this.lang };
      if (this.token) headers.Authorization = `Bearer ${this.token}`;
      const response = await this.doc.defaultView.fetch(new URL(path, this.apiBase).toString(), {
        method: "POST",
        headers,
        body: JSON.stringify(body),
      });
      let json = null;
      try {
        json = await response.json();
      } catch (e) {
        json = null;
      }
      if (!response.ok) throw new Error((json && json.error && json.error.message) || this.s("error"));
      return json;
    }

    field(name, labelKey, attrs) {
      const id = newId("tj-f-");
      const input = el(this.doc, "input", Object.assign({ id, name, required: "" }, attrs));
      const label = el(this.doc, "label", { for: id, text: this.s(labelKey) });
      return { input, row: el(this.doc, "div", { class: "tj-field" }, [label, input]) };
    }

    frame(children, onSubmit, titleKey) {
      const doc = this.doc;
      this.errorEl = el(doc, "p", { class: "tj-error", role: "alert", hidden: true });
      const form = el(doc, "form", { class: "tj-signin", dir: directionOf(this.lang), lang: this.lang, novalidate: "" }, [
        el(doc, "h3", { text: this.s(titleKey || "signInTitle") }),
        ...children,
        this.errorEl,
      ]);
      form.addEventListener("submit", async (event) => {
        event.preventDefault();
        event.stopPropagation();
        const submit = form.querySelector("button[type=submit]");
        if (submit) submit.disabled = true;
        this.showError("");
        try {
          await onSubmit();
        } catch (e) {
          this.showError(e.message || this.s("error"));
        } finally {
          if (submit && submit.isConnected) submit.disabled = false;
        }
      });
      this.container.textContent = "";
      this.container.appendChild(form);
      return form;
    }

    showError(text) {
      if (!this.errorEl) return;
      this.errorEl.textContent = text;
      this.errorEl.hidden = !text;
    }

    buttons(primaryKey, secondary) {
      const row = el(this.doc, "div", { class: "tj-actions" }, [
        el(this.doc, "button", { type: "submit", class: "tj-primary", text: this.s(primaryKey) }),
      ]);
      if (secondary) {
        const button = el(this.doc, "button", { type: "button", class: "tj-secondary", text: this.s(secondary.key) });
        button.addEventListener("click", secondary.action);
        row.appendChild(button);
      }
      return row;
    }

    enrolment(helpKey, enrolment) {
      const doc = this.doc;
      return [
        el(doc, "p", { text: this.s(helpKey) }),
        el(doc, "img", { class: "tj-qr", src: enrolment.qr_code, alt: enrolment.provisioning_uri, width: "180", height: "180" }),
        el(doc, "p", { class: "tj-secret" }, [el(doc, "span", { text: this.s("secretLabel") + " : " }), el(doc, "code", { text: enrolment.secret })]),
      ];
    }

    codeField() {
      return this.field("code", "codeLabel", { inputmode: "numeric", autocomplete: "one-time-code", pattern: "[0-9 ]*", maxlength: "7" });
    }

    done(textKey) {
      this.container.textContent = "";
      this.container.appendChild(el(this.doc, "p", { class: "tj-done", role: "status", text: this.s(textKey) }));
    }
  }

  class SignInForm extends FormKit {
    constructor(options) {
      super(options);
      this.realm = options.realm === "rnoce" ? "rnoce" : "portnet";
      this.onDone = options.onDone || (() => {});
      this.onCancel = options.onCancel || null;
      this.challenge = null;
      this.renderPassword();
    }

    renderPassword() {
      const rnoce = this.realm === "rnoce";
      const login = this.field("login", rnoce ? "email" : "identifier", { type: rnoce ? "email" : "text", autocomplete: "username" });
      const password = this.field("password", "password", { type: "password", autocomplete: "current-password" });
      const cancel = this.onCancel ? { key: "cancel", action: () => this.onCancel() } : null;
      this.frame(
        [el(this.doc, "p", { text: this.s(rnoce ? "signInIntroRnoce" : "signInIntro") }), login.row, password.row, this.buttons("signInSubmit", cancel)],
        async () => {
          if (rnoce) {
            const session = await this.post("/api/v1/rnoce/login", { email: login.input.value.trim(), password: password.input.value });
            this.onDone(session);
            return;
          }
          this.challenge = await this.post("/api/v1/auth/login", { login: login.input.value.trim(), password: password.input.value });
          this.renderCode();
        }
      );
      login.input.focus();
    }

    renderCode() {
      const doc = this.doc;
      const challenge = this.challenge;
      const code = this.codeField();
      const children = [];
      if (challenge.mfa === "enrol" && challenge.enrolment) {
        children.push(...this.enrolment("enrolHelp", challenge.enrolment));
      } else {
        children.push(el(doc, "p", { text: this.s("codeHelp") }));
      }
      children.push(code.row, this.buttons("verify", { key: "back", action: () => this.renderPassword() }));
      this.frame(children, async () => {
        const session = await this.post("/api/v1/auth/mfa", { mfa_token: challenge.mfa_token, code: code.input.value.trim() });
        this.onDone(session);
      });
      code.input.focus();
    }
  }

  /**
   * The profile menu's forms (guides, « Gestion du profil utilisateur »): « Modifier le mot
   * de passe » (current, new, confirmation) and « Réinitialiser MFA » (password, then the
   * new key's QR code and a code from it). They act on the signed-in Portnet ID account.
   */
  class AccountForm extends FormKit {
    constructor(options) {
      super(options);
      if (!this.token) {
        this.container.textContent = "";
        this.container.appendChild(el(this.doc, "p", { class: "tj-hint", text: this.s("signInFirst") }));
      } else if (options.kind === "mfa") {
        this.renderMfaPassword();
      } else {
        this.renderPasswordChange();
      }
    }

    renderPasswordChange() {
      const current = this.field("current_password", "currentPassword", { type: "password", autocomplete: "current-password" });
      const fresh = this.field("new_password", "newPassword", { type: "password", autocomplete: "new-password" });
      const confirmation = this.field("confirmation", "confirmPassword", { type: "password", autocomplete: "new-password" });
      this.frame(
        [el(this.doc, "p", { class: "tj-hint", text: this.s("passwordRule") }), current.row, fresh.row, confirmation.row, this.buttons("save")],
        async () => {
          await this.post("/api/v1/auth/password", {
            current_password: current.input.value,
            new_password: fresh.input.value,
            confirmation: confirmation.input.value,
          });
          this.done("passwordChanged");
        },
        "passwordTitle"
      );
      current.input.focus();
    }

    renderMfaPassword() {
      const password = this.field("password", "password", { type: "password", autocomplete: "current-password" });
      this.frame(
        [el(this.doc, "p", { text: this.s("mfaIntro") }), password.row, this.buttons("mfaContinue")],
        async () => {
          const enrolment = await this.post("/api/v1/auth/mfa/reset", { password: password.input.value });
          this.renderMfaCode(enrolment);
        },
        "mfaTitle"
      );
      password.input.focus();
    }

    renderMfaCode(enrolment) {
      const code = this.codeField();
      this.frame(
        [...this.enrolment("mfaEnrolHelp", enrolment), code.row, this.buttons("verify", { key: "back", action: () => this.renderMfaPassword() })],
        async () => {
          await this.post("/api/v1/auth/mfa/reset/confirm", { code: code.input.value.trim() });
          this.done("mfaDone");
        },
        "mfaTitle"
      );
      code.input.focus();
    }
  }

  function storeSession(store, session) {
    if (session && session.access_token) {
      store.setItem(TOKEN_KEY, session.access_token);
      store.setItem(USER_KEY, JSON.stringify(session.user || null));
    } else {
      store.removeItem(TOKEN_KEY);
      store.removeItem(USER_KEY);
    }
  }

  // ---------------------------------------------------------------- the widget

  class Widget {
    constructor(options) {
      this.doc = options.document;
      this.win = this.doc.defaultView;
      this.portal = PORTALS.includes(options.portal) ? options.portal : "pmpce";
      this.pageLang = normLang(options.lang) || normLang(this.doc.documentElement.lang) || "fr";
      this.convLang = null;
      this.apiBase = options.apiBase;
      this.local = storage("local");
      this.tab = storage("session");
      // A token given by the host page wins; else the one this tab signed in with.
      this.token = options.token || this.tab.getItem(TOKEN_KEY) || null;
      this.user = this.token ? readJson(this.tab, USER_KEY, null) : null;
      this.resumeText = null;
      this.config = { voice: false, max_upload_bytes: DEFAULT_MAX_UPLOAD };

      this.sessionKey = `tijaria.session.${this.portal}`;
      let sessionId = this.local.getItem(this.sessionKey);
      if (!isSessionId(sessionId)) {
        sessionId = newId("tj-");
        this.local.setItem(this.sessionKey, sessionId);
      }
      this.sessionId = sessionId;
      this.outbox = this.loadOutbox();

      this.knownIds = new Set();
      this.loaded = false;
      this.loading = null;
      this.isOpen = false;
      this.view = "chat";
      this.ws = null;
      this.wsOpen = false;
      this.wsEverOpened = false;
      this.wsFailures = 0;
      this.reconnectAttempt = 0;
      this.reconnectTimer = null;
      this.httpBusy = false;
      this.voiceBusy = false;
      this.httpRetryTimer = null;
      this.httpAttempt = 0;
      this.replyTimer = null;
      this.recorder = null;

      this.build();
      this.applyStrings();
      this.loadConfig();
      if (this.tab.getItem(`tijaria.open.${this.portal}`) === "1") this.open({ focus: false });
      else if (this.outbox.length) this.ensureLoaded(); // a message left unanswered: finish it
    }

    // ------------------------------------------------------------ language

    get lang() {
      return this.convLang || this.pageLang;
    }

    s(key, params) {
      return t(this.lang, key, params);
    }

    setConversationLang(lang) {
      const code = normLang(lang);
      if (!code || code === this.convLang) return;
      this.convLang = code;
      this.applyStrings();
    }

    // ------------------------------------------------------------ building the UI

    build() {
      const doc = this.doc;
      this.host = el(doc, "div", { id: "tijaria-widget", "data-portal": this.portal });
      const shadow = this.host.attachShadow({ mode: "open" });
      this.shadow = shadow;
      if ("adoptedStyleSheets" in shadow && typeof CSSStyleSheet === "function" && "replaceSync" in CSSStyleSheet.prototype) {
        const sheet = new CSSStyleSheet();
        sheet.replaceSync(CSS + SIGN_IN_CSS); // not subject to a host page's CSP on inline <style>
        shadow.adoptedStyleSheets = [sheet];
      } else {
        shadow.appendChild(el(doc, "style", { text: CSS + SIGN_IN_CSS }));
      }

      this.launcher = el(doc, "button", { type: "button", class: "launcher", "aria-expanded": "false", "aria-controls": "tj-panel" }, [
        icon(doc, "chat"),
        (this.launcherLabel = el(doc, "span")),
      ]);
      this.launcher.addEventListener("click", () => this.open());

      this.titleEl = el(doc, "h2", { id: "tj-title" });
      this.subtitleEl = el(doc, "p");
      this.historyBtn = el(doc, "button", { type: "button", class: "icon-btn history-btn", "aria-pressed": "false" }, [icon(doc, "history")]);
      this.historyBtn.addEventListener("click", () => (this.view === "history" ? this.showChat() : this.showHistory()));
      this.closeBtn = el(doc, "button", { type: "button", class: "icon-btn close-btn" }, [icon(doc, "close")]);
      this.closeBtn.addEventListener("click", () => this.close());
      this.accountName = el(doc, "span", { class: "account-name" });
      this.signOutBtn = el(doc, "button", { type: "button", class: "link-btn sign-out" });
      this.signOutBtn.addEventListener("click", () => this.signOut());
      this.accountEl = el(doc, "p", { class: "account", hidden: true }, [this.accountName, this.signOutBtn]);
      const header = el(doc, "div", { class: "header" }, [
        el(doc, "div", { class: "titles" }, [this.titleEl, this.subtitleEl, this.accountEl]),
        this.historyBtn,
        this.closeBtn,
      ]);

      this.log = el(doc, "div", { class: "log", role: "log", "aria-live": "polite", "aria-relevant": "additions" });
      this.typing = el(doc, "div", { class: "typing", role: "status", hidden: true }, [
        el(doc, "span"), el(doc, "span"), el(doc, "span"),
        (this.typingLabel = el(doc, "span", { class: "sr-only" })),
      ]);
      this.historyView = el(doc, "div", { class: "history", hidden: true });
      this.loginView = el(doc, "div", { class: "login-view", hidden: true });
      this.body = el(doc, "div", { class: "body" }, [this.log, this.typing, this.historyView, this.loginView]);

      this.statusEl = el(doc, "div", { class: "status", role: "status", hidden: true });
      this.progressLabel = el(doc, "span", { class: "label" });
      this.progressBar = el(doc, "progress", { max: "100", value: "0" });
      this.progressPct = el(doc, "span", { class: "pct", "aria-hidden": "true" });
      this.progressEl = el(doc, "div", { class: "progress", role: "status", hidden: true }, [this.progressLabel, this.progressBar, this.progressPct]);

      this.fileInput = el(doc, "input", { type: "file", accept: "application/pdf,.pdf", hidden: true, tabindex: "-1", class: "file-input" });
      this.fileInput.addEventListener("change", () => {
        const file = this.fileInput.files && this.fileInput.files[0];
        this.fileInput.value = "";
        if (file) this.attach(file);
      });
      this.attachBtn = el(doc, "button", { type: "button", class: "icon-btn attach-btn" }, [icon(doc, "clip")]);
      this.attachBtn.addEventListener("click", () => this.fileInput.click());
      this.input = el(doc, "textarea", { rows: "1", class: "input", dir: "auto", maxlength: "2000" });
      this.input.addEventListener("keydown", (event) => {
        if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
          event.preventDefault();
          this.submit();
        }
      });
      this.input.addEventListener("input", () => this.autosize());
      this.micBtn = el(doc, "button", { type: "button", class: "icon-btn mic-btn", "aria-pressed": "false", hidden: true }, [icon(doc, "mic")]);
      this.micBtn.addEventListener("click", () => this.toggleRecording());
      this.micBtn.addEventListener("pointerdown", (event) => this.micPointerDown(event));
      this.sendBtn = el(doc, "button", { type: "button", class: "icon-btn send" }, [icon(doc, "send", "rtl-flip")]);
      this.sendBtn.addEventListener("click", () => this.submit());
      this.composer = el(doc, "div", { class: "composer" }, [this.attachBtn, this.fileInput, this.input, this.micBtn, this.sendBtn]);

      this.panel = el(doc, "div", { class: "panel", id: "tj-panel", role: "dialog", "aria-modal": "false", "aria-labelledby": "tj-title", hidden: true }, [
        header, this.body, this.statusEl, this.progressEl, this.composer,
      ]);
      this.panel.addEventListener("keydown", (event) => {
        if (event.key === "Escape") {
          event.stopPropagation();
          if (this.view === "history" || this.view === "login") this.showChat();
          else this.close();
        }
      });

      shadow.appendChild(this.launcher);
      shadow.appendChild(this.panel);
      (doc.body || doc.documentElement).appendChild(this.host);
    }

    applyStrings() {
      const lang = this.lang;
      this.panel.setAttribute("dir", directionOf(lang));
      this.panel.setAttribute("lang", lang);
      this.launcher.setAttribute("dir", directionOf(lang));
      this.launcher.setAttribute("lang", lang);
      this.launcherLabel.textContent = this.s("launcher");
      this.panel.setAttribute("aria-label", this.s("dialog"));
      this.titleEl.textContent = this.s("title");
      this.subtitleEl.textContent = this.s("subtitle", { portal: portalName(this.portal, lang) });
      this.log.setAttribute("aria-label", this.s("log"));
      this.typingLabel.textContent = this.s("typing");
      this.input.setAttribute("placeholder", this.s("placeholder"));
      this.input.setAttribute("aria-label", this.s("inputLabel"));
      const label = (button, key) => {
        button.setAttribute("aria-label", this.s(key));
        button.setAttribute("title", this.s(key));
      };
      label(this.sendBtn, "send");
      label(this.closeBtn, "close");
      label(this.attachBtn, "attach");
      label(this.historyBtn, this.view === "history" ? "historyBack" : "history");
      label(this.micBtn, this.recorder ? "micStop" : "micStart");
      this.renderAccount();
      if (this.introEl) this.renderIntro();
      if (this.view === "history") this.renderHistory(this.historyCache || []);
    }

    autosize() {
      this.input.style.height = "auto";
      this.input.style.height = Math.min(120, this.input.scrollHeight + 2) + "px";
    }

    scrollToEnd() {
      this.body.scrollTop = this.body.scrollHeight;
    }

    // ------------------------------------------------------------ open / close

    open(options) {
      const focus = !options || options.focus !== false;
      this.isOpen = true;
      this.tab.setItem(`tijaria.open.${this.portal}`, "1");
      this.panel.hidden = false;
      this.launcher.hidden = true;
      this.launcher.setAttribute("aria-expanded", "true");
      this.ensureLoaded();
      this.connect();
      if (focus) this.input.focus();
      this.scrollToEnd();
    }

    close() {
      this.isOpen = false;
      this.tab.removeItem(`tijaria.open.${this.portal}`);
      this.panel.hidden = true;
      this.launcher.hidden = false;
      this.launcher.setAttribute("aria-expanded", "false");
      this.launcher.focus();
    }

    toggle() {
      if (this.isOpen) this.close();
      else this.open();
    }

    // ------------------------------------------------------------ config

    async loadConfig() {
      try {
        const response = await this.fetch("/api/v1/widget/config");
        if (response.ok) Object.assign(this.config, await response.json());
      } catch (e) {
        /* defaults: no voice, 3 MB */
      }
      const canRecord = typeof this.win.MediaRecorder === "function" && !!(this.win.navigator.mediaDevices && this.win.navigator.mediaDevices.getUserMedia);
      this.micBtn.hidden = !(this.config.voice && canRecord);
    }

    /** The user logged in or out: later requests and a fresh socket carry the new token. */
    setToken(token, user) {
      this.token = token || null;
      this.user = this.token ? user || readJson(this.tab, USER_KEY, null) : null;
      storeSession(this.tab, this.token ? { access_token: this.token, user: this.user } : null);
      this.historyCache = null;
      this.renderAccount();
      if (this.ws) this.ws.close(); // reconnects with the new token; pending messages are resent
      this.doc.dispatchEvent(new CustomEvent("tijaria:auth", { detail: { user: this.user } }));
    }

    renderAccount() {
      if (!this.accountEl) return;
      const name = this.user && this.user.display_name;
      this.accountEl.hidden = !this.token;
      this.accountName.textContent = this.token ? this.s("signedInAs", { name: name || "" }) : "";
      this.signOutBtn.textContent = this.s("signOut");
    }

    /** The sign-in form in the panel; `resume` is sent again once signed in. */
    showLogin(options) {
      const resume = options && options.resume;
      if (!this.isOpen) this.open({ focus: false });
      this.view = "login";
      this.log.hidden = true;
      this.typing.hidden = true;
      this.historyView.hidden = true;
      this.composer.hidden = true;
      this.loginView.hidden = false;
      this.signIn = new SignInForm({
        doc: this.doc,
        container: this.loginView,
        apiBase: this.apiBase,
        lang: this.lang,
        realm: this.portal === "rnoce" ? "rnoce" : "portnet",
        onCancel: () => this.showChat(),
        onDone: (session) => {
          this.setToken(session.access_token, session.user);
          this.showChat();
          this.notice(this.s("signedInNotice", { name: (session.user && session.user.display_name) || "" }));
          if (resume) this.send(resume);
        },
      });
    }

    async signOut() {
      const token = this.token;
      if (!token) return;
      try {
        await this.fetch("/api/v1/auth/logout", { method: "POST" });
      } catch (e) {
        /* the token is forgotten here anyway */
      }
      this.setToken(null);
      // The conversation now belongs to the account: carry on in a new, anonymous one.
      this.newConversation();
      // Loading the new transcript redraws the log: the notice goes after it, or it would be wiped.
      await this.ensureLoaded();
      this.notice(this.s("signedOut"));
    }

    headers(extra) {
      const headers = Object.assign({ "Accept-Language": this.lang }, extra || {});
      if (this.token) headers.Authorization = `Bearer ${this.token}`;
      return headers;
    }

    fetch(path, init) {
      const options = Object.assign({}, init || {});
      options.headers = this.headers(options.headers);
      return this.win.fetch(new URL(path, this.apiBase).toString(), options);
    }

    // ------------------------------------------------------------ transcript

    ensureLoaded() {
      if (this.loaded) return Promise.resolve();
      if (!this.loading) this.loading = this.loadTranscript().finally(() => (this.loading = null));
      return this.loading;
    }

    async loadTranscript() {
      let messages = [];
      try {
        const response = await this.fetch(`/api/v1/conversations/${encodeURIComponent(this.sessionId)}/messages`);
        if (response.ok) {
          const body = await response.json();
          messages = Array.isArray(body.messages) ? body.messages : [];
          this.setConversationLang(body.lang);
        } else if (response.status !== 404) {
          throw new Error(`HTTP ${response.status}`);
        }
      } catch (e) {
        // Offline or server down: show what we have, retry when the socket comes back.
        this.loaded = false;
        this.renderPendingOnly();
        this.connect();
        return;
      }
      this.log.setAttribute("aria-busy", "true");
      this.log.textContent = "";
      this.knownIds.clear();
      this.introEl = null;
      this.renderIntro();
      const lastUser = messages.map((m) => m.sender).lastIndexOf("user");
      const texts = displayTexts(messages);
      messages.forEach((m, index) =>
        this.appendMessage(Object.assign({}, m, { text: texts[index] }), { quickReplies: index > lastUser && !this.outbox.length })
      );
      const stored = new Set(storedOutboxIds(this.outbox, messages));
      for (const item of this.outbox) {
        if (!stored.has(item.cid)) this.appendMessage({ id: item.cid, sender: "user", text: item.display });
        else this.knownIds.add(item.cid);
      }
      this.log.removeAttribute("aria-busy");
      this.loaded = true;
      this.updateTyping();
      this.scrollToEnd();
      if (this.outbox.length) this.flush();
    }

    renderPendingOnly() {
      if (this.log.childElementCount) return;
      this.renderIntro();
      for (const item of this.outbox) this.appendMessage({ id: item.cid, sender: "user", text: item.display });
    }

    /** Messages the server pushed while the socket was down (agent replies): append them. */
    async syncTranscript() {
      try {
        const response = await this.fetch(`/api/v1/conversations/${encodeURIComponent(this.sessionId)}/messages`);
        if (!response.ok) return;
        const body = await response.json();
        for (const m of body.messages || []) {
          if (m.sender !== "user" && !this.knownIds.has(m.id)) this.appendMessage(m);
        }
      } catch (e) {
        /* next reconnect will try again */
      }
    }

    renderIntro() {
      const node = el(this.doc, "div", { class: "msg bot intro" });
      const bubble = el(this.doc, "div", { class: "bubble", dir: "auto" });
      renderMarkdown(this.doc, this.s("intro", { portal: portalName(this.portal, this.lang) }), bubble);
      node.appendChild(bubble);
      if (this.introEl) this.introEl.replaceWith(node);
      else this.log.prepend(node);
      this.introEl = node;
    }

    // ------------------------------------------------------------ rendering messages

    clearQuickReplies() {
      for (const group of this.log.querySelectorAll(".quick-replies")) group.remove();
    }

    /**
     * One message of the conversation: {id, sender, text, buttons, sources, created_at}.
     * Messages already shown (same id) are ignored: a resend never shows a reply twice.
     */
    appendMessage(message, options) {
      const opts = Object.assign({ quickReplies: true }, options || {});
      if (message.id && this.knownIds.has(message.id)) return null;
      if (message.id) this.knownIds.add(message.id);
      const doc = this.doc;
      const sender = ["user", "bot", "agent", "system"].includes(message.sender) ? message.sender : "bot";
      const classes = ["msg", sender];
      if (message.error) classes.push("error");
      const node = el(doc, "div", { class: classes.join(" "), "data-id": message.id || null });
      const when = parseServerTime(message.created_at);
      const who = { user: "you", bot: "bot", agent: "agent", system: "system" }[sender];
      const meta = el(doc, "div", { class: "meta" }, [
        el(doc, "span", { class: sender === "user" ? "who sr-only" : "who", text: this.s(who) }),
        el(doc, "time", { datetime: when, text: formatTime(when, this.lang) }),
      ]);
      const bubble = el(doc, "div", { class: "bubble", dir: "auto" });
      if (sender === "user") bubble.textContent = String(message.text || "");
      else renderMarkdown(doc, String(message.text || ""), bubble);
      node.append(meta, bubble);

      const sources = Array.isArray(message.sources) ? message.sources : [];
      if (sources.length) {
        const list = el(doc, "ul");
        for (const source of sources) {
          const label = [source.title, [source.guide, source.section].filter(Boolean).join(" › ")].filter(Boolean).join(" — ");
          const href = source.url ? safeHref(source.url) : null;
          const item = el(doc, "li");
          if (href) item.appendChild(el(doc, "a", { href, target: "_blank", rel: "noopener noreferrer", text: label }));
          else item.textContent = label;
          list.appendChild(item);
        }
        node.appendChild(el(doc, "div", { class: "sources" }, [el(doc, "span", { text: this.s("sources") }), list]));
      }

      const buttons = Array.isArray(message.buttons) ? message.buttons.filter((b) => b && (b.title || b.payload)) : [];
      if (buttons.length && opts.quickReplies) {
        const group = el(doc, "div", { class: "quick-replies", role: "group", "aria-label": this.s("suggestions") });
        for (const button of buttons) {
          const qr = el(doc, "button", { type: "button", class: "qr", dir: "auto", text: button.title || button.payload });
          qr.addEventListener("click", () => {
            // "Se connecter": sign in here, then ask the question again.
            if (button.payload === SIGN_IN_PAYLOAD) this.showLogin({ resume: this.resumeText });
            else this.send(button.payload || button.title, { display: button.title || button.payload, isPayload: true });
          });
          group.appendChild(qr);
        }
        node.appendChild(group);
      }

      this.log.appendChild(node);
      this.scrollToEnd();
      return node;
    }

    notice(text, options) {
      const node = this.appendMessage({ sender: "system", text, error: options && options.error });
      if (node) node.classList.add("notice");
      return node;
    }

    updateTyping() {
      const waiting = this.outbox.length > 0 || this.httpBusy || this.voiceBusy;
      this.typing.hidden = !waiting || this.view !== "chat";
      if (waiting) this.scrollToEnd();
    }

    setStatus(text) {
      this.statusEl.textContent = text || "";
      this.statusEl.hidden = !text;
    }

    // ------------------------------------------------------------ sending

    submit() {
      const text = this.input.value.trim();
      if (!text) return;
      this.input.value = "";
      this.autosize();
      this.send(text);
    }

    /**
     * Queue a user message. `text` goes to the server; `display` is what the user sees
     * (a quick reply shows its title and sends its payload).
     */
    send(text, options) {
      const opts = options || {};
      if (this.view !== "chat") this.showChat();
      const cid = newId("m-");
      const item = {
        cid,
        text: String(text),
        display: String(opts.display || text),
        lang: opts.isPayload || opts.metadata ? this.convLang : null,
        metadata: Object.assign({}, opts.metadata || {}, { client_message_id: cid }),
        sentVia: null,
      };
      if (!opts.isPayload) this.resumeText = item.text;
      this.clearQuickReplies();
      this.appendMessage({ id: cid, sender: "user", text: item.display });
      this.outbox.push(item);
      this.saveOutbox();
      this.remember(item.display);
      this.updateTyping();
      this.flush();
    }

    frame(item) {
      return {
        session_id: this.sessionId,
        message: item.text,
        portal: this.portal,
        lang: item.lang || null,
        metadata: item.metadata,
      };
    }

    /** Send what the outbox holds, over the socket if it is open, else over HTTP. */
    flush() {
      if (!this.outbox.length) return;
      if (this.wsOpen) {
        for (const item of this.outbox) {
          if (item.sentVia === "http") break; // keep the order: wait for that one
          if (item.sentVia) continue;
          try {
            this.ws.send(JSON.stringify(this.frame(item)));
            item.sentVia = "ws";
            item.sentAt = Date.now();
          } catch (e) {
            break;
          }
        }
        this.armReplyTimer();
        return;
      }
      this.connect();
      const socketUnusable = typeof this.win.WebSocket !== "function" || this.wsFailures > 0;
      if (socketUnusable) this.flushHttp();
      // else: the socket is opening for the first time; `onopen` flushes.
    }

    async flushHttp() {
      if (this.httpBusy || this.wsOpen) return;
      const item = this.outbox.find((i) => !i.sentVia);
      if (!item || this.outbox.some((i) => i.sentVia === "ws")) return;
      this.httpBusy = true;
      item.sentVia = "http";
      let retry = false;
      try {
        const response = await this.fetch("/api/v1/chat", {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify(this.frame(item)),
        });
        let body = null;
        try {
          body = await response.json();
        } catch (e) {
          body = null;
        }
        if (response.ok && body) {
          this.httpAttempt = 0;
          this.acknowledge(item, body);
        } else if (response.status >= 400 && response.status < 500 && body && body.error) {
          this.acknowledge(item, body);
        } else {
          retry = true;
        }
      } catch (e) {
        retry = true;
      } finally {
        this.httpBusy = false;
      }
      if (retry) {
        item.sentVia = null;
        this.setStatus(this.s("reconnecting"));
        clearTimeout(this.httpRetryTimer);
        this.httpRetryTimer = setTimeout(() => this.flush(), backoffDelay(this.httpAttempt++));
      } else {
        this.setStatus("");
        this.flush();
      }
      this.updateTyping();
    }

    /** The server answered `item` (chat response or error): show it, forget the item. */
    acknowledge(item, body) {
      const index = this.outbox.indexOf(item);
      if (index !== -1) this.outbox.splice(index, 1);
      this.saveOutbox();
      this.handleResponse(body);
      this.updateTyping();
      this.armReplyTimer();
    }

    handleResponse(body) {
      if (!body || typeof body !== "object") return;
      if (body.error) {
        if (body.error.code === "invalid_token" && this.token) {
          this.setToken(null);
          this.notice(this.s("sessionExpired"), { error: true });
          return;
        }
        this.notice(body.error.message || this.s("error"), { error: true });
        return;
      }
      if (body.lang) this.setConversationLang(body.lang);
      if (Array.isArray(body.messages)) {
        this.clearQuickReplies();
        for (const m of body.messages) {
          this.appendMessage(Object.assign({ sender: "bot" }, m), { quickReplies: true });
        }
        if (body.messages.length) this.remember(null);
      }
      if (body.handoff && body.handoff.state) this.setHandoff(body.handoff.state);
    }

    setHandoff(state) {
      if (state === this.handoffState) return;
      const previous = this.handoffState;
      this.handoffState = state;
      const key = { waiting: "handoffWaiting", active: "handoffActive", closed: "handoffClosed" }[state];
      if (key && (previous || state !== "closed")) this.notice(this.s(key));
    }

    armReplyTimer() {
      clearTimeout(this.replyTimer);
      const oldest = this.outbox.find((i) => i.sentVia === "ws");
      if (!oldest) return;
      const wait = Math.max(0, REPLY_TIMEOUT_MS - (Date.now() - (oldest.sentAt || Date.now())));
      this.replyTimer = setTimeout(() => {
        // No answer on an open socket: drop it; the reconnect resends (same ids).
        if (this.ws && this.outbox.includes(oldest)) this.ws.close();
      }, wait);
    }

    // ------------------------------------------------------------ the socket

    connect() {
      if (this.ws || this.reconnectTimer || typeof this.win.WebSocket !== "function") return;
      let socket;
      try {
        socket = new this.win.WebSocket(wsUrl(this.apiBase, this.sessionId, this.token));
      } catch (e) {
        this.wsFailures++;
        this.scheduleReconnect();
        return;
      }
      this.ws = socket;
      let opened = false;
      socket.onopen = () => {
        if (this.ws !== socket) return;
        opened = true;
        const wasDown = this.wsEverOpened;
        this.wsOpen = true;
        this.wsEverOpened = true;
        this.wsFailures = 0;
        this.reconnectAttempt = 0;
        this.setStatus("");
        if (!this.loaded) this.ensureLoaded();
        else if (wasDown) this.syncTranscript();
        this.flush();
      };
      socket.onmessage = (event) => {
        if (this.ws !== socket) return;
        let frame;
        try {
          frame = JSON.parse(event.data);
        } catch (e) {
          return;
        }
        this.onFrame(frame);
      };
      socket.onclose = () => {
        if (this.ws !== socket) return;
        this.ws = null;
        this.wsOpen = false;
        clearTimeout(this.replyTimer);
        if (!opened) this.wsFailures++;
        for (const item of this.outbox) if (item.sentVia === "ws") item.sentVia = null;
        if (this.outbox.length) this.setStatus(this.s("reconnecting"));
        this.scheduleReconnect();
        this.flush();
      };
      socket.onerror = () => {
        /* onclose follows */
      };
    }

    scheduleReconnect() {
      if (this.reconnectTimer) return;
      if (!this.isOpen && !this.outbox.length) return; // reconnect when needed again
      const delay = backoffDelay(this.reconnectAttempt++);
      this.reconnectTimer = setTimeout(() => {
        this.reconnectTimer = null;
        this.connect();
      }, delay);
    }

    onFrame(frame) {
      if (!frame || typeof frame !== "object") return;
      const isReply = (frame.error || Array.isArray(frame.messages)) && (!frame.type || frame.type === "chat");
      const item = isReply ? this.outbox.find((i) => i.sentVia === "ws") : null;
      if (item) this.acknowledge(item, frame);
      else this.handleResponse(frame); // pushed by the server (agent message, handoff state)
      this.flush();
    }

    // ------------------------------------------------------------ persistence

    loadOutbox() {
      const items = readJson(this.local, `tijaria.outbox.${this.sessionId}`, []);
      return Array.isArray(items)
        ? items.filter((i) => i && typeof i.cid === "string" && typeof i.text === "string").map((i) => Object.assign(i, { sentVia: null }))
        : [];
    }

    saveOutbox() {
      const key = `tijaria.outbox.${this.sessionId}`;
      if (this.outbox.length) {
        const items = this.outbox.map(({ cid, text, display, lang, metadata }) => ({ cid, text, display, lang, metadata }));
        this.local.setItem(key, JSON.stringify(items));
      } else {
        this.local.removeItem(key);
      }
    }

    /** Record this conversation in the browser's history list ("Historique TijarIA"). */
    remember(title) {
      const history = readJson(this.local, "tijaria.history", []);
      const previous = (Array.isArray(history) ? history : []).find((h) => h && h.session_id === this.sessionId);
      const entry = { session_id: this.sessionId, portal: this.portal, updated_at: new Date().toISOString() };
      if (title && !(previous && previous.title)) entry.title = String(title).slice(0, 120);
      this.local.setItem("tijaria.history", JSON.stringify(mergeHistory(history, entry)));
    }

    // ------------------------------------------------------------ history view

    async showHistory() {
      if (!this.isOpen) this.open({ focus: false });
      this.view = "history";
      this.log.hidden = true;
      this.typing.hidden = true;
      this.composer.hidden = true;
      this.loginView.hidden = true;
      this.historyView.hidden = false;
      this.historyBtn.setAttribute("aria-pressed", "true");
      this.applyStrings();
      const local = readJson(this.local, "tijaria.history", []);
      this.renderHistory(this.historyCache || local);
      let entries = Array.isArray(local) ? local : [];
      try {
        const url = new URL("/api/v1/widget/conversations", this.apiBase);
        for (const h of entries) url.searchParams.append("session_id", h.session_id);
        const response = await this.fetch(url.pathname + url.search);
        if (response.ok) {
          const body = await response.json();
          const byId = new Map((body.conversations || []).map((c) => [c.session_id, c]));
          // Server entries (a logged-in user's conversations included) first, then local-only ones.
          const merged = (body.conversations || []).map((c) => {
            const mine = entries.find((h) => h.session_id === c.session_id);
            // The title this browser saw (a quick reply's label rather than its payload).
            return Object.assign({}, c, mine && mine.title ? { title: mine.title } : {});
          });
          for (const h of entries) if (!byId.has(h.session_id)) merged.push(h);
          entries = merged;
        }
      } catch (e) {
        /* the local list is still useful */
      }
      this.historyCache = entries;
      if (this.view === "history") this.renderHistory(entries);
      const first = this.historyView.querySelector("button");
      if (first) first.focus();
    }

    renderHistory(entries) {
      const doc = this.doc;
      this.historyView.textContent = "";
      this.historyView.appendChild(el(doc, "h3", { text: this.s("history") }));
      const list = el(doc, "ul");
      const items = (entries || []).filter((e) => e && isSessionId(e.session_id));
      if (!items.length) this.historyView.appendChild(el(doc, "p", { text: this.s("historyEmpty") }));
      for (const entry of items) {
        const current = entry.session_id === this.sessionId;
        const metaParts = [portalName(entry.portal || this.portal, this.lang), formatTime(parseServerTime(entry.updated_at), this.lang)];
        if (typeof entry.message_count === "number") metaParts.push(this.s("historyCount", { n: entry.message_count }));
        if (current) metaParts.push(this.s("historyCurrent"));
        const button = el(doc, "button", { type: "button", class: "history-item", "aria-current": current ? "true" : null, "data-session": entry.session_id }, [
          el(doc, "span", { class: "h-title", dir: "auto", text: entry.title || this.s("historyUntitled") }),
          el(doc, "span", { class: "h-meta", text: metaParts.join(" · ") }),
        ]);
        button.addEventListener("click", () => this.switchTo(entry.session_id));
        list.appendChild(el(doc, "li", {}, [button]));
      }
      this.historyView.appendChild(list);
      const fresh = el(doc, "button", { type: "button", class: "new" }, [el(doc, "span", { text: this.s("newConversation") })]);
      fresh.addEventListener("click", () => this.newConversation());
      this.historyView.appendChild(fresh);
    }

    showChat() {
      this.view = "chat";
      this.historyView.hidden = true;
      this.loginView.hidden = true;
      this.log.hidden = false;
      this.composer.hidden = false;
      this.historyBtn.setAttribute("aria-pressed", "false");
      this.applyStrings();
      this.updateTyping();
      this.input.focus();
      this.scrollToEnd();
    }

    /** Continue another conversation of this browser (or of the logged-in user). */
    switchTo(sessionId) {
      if (!isSessionId(sessionId)) return;
      if (sessionId !== this.sessionId) {
        this.saveOutbox();
        this.sessionId = sessionId;
        this.local.setItem(this.sessionKey, sessionId);
        this.resetConversation();
      }
      this.showChat();
    }

    newConversation() {
      this.sessionId = newId("tj-");
      this.local.setItem(this.sessionKey, this.sessionId);
      this.resetConversation();
      this.showChat();
    }

    resetConversation() {
      if (this.ws) {
        const old = this.ws;
        this.ws = null;
        this.wsOpen = false;
        old.close();
      }
      clearTimeout(this.reconnectTimer);
      this.reconnectTimer = null;
      this.outbox = this.loadOutbox();
      this.knownIds.clear();
      this.log.textContent = "";
      this.introEl = null;
      this.convLang = null;
      this.handoffState = undefined;
      this.loaded = false;
      this.historyCache = null;
      this.applyStrings();
      this.ensureLoaded();
      this.connect();
    }

    // ------------------------------------------------------------ attachments

    attach(file) {
      const max = this.config.max_upload_bytes || DEFAULT_MAX_UPLOAD;
      const problem = checkFile(file, max);
      if (problem === "not_pdf") {
        this.notice(this.s("fileNotPdf", { name: file.name }), { error: true });
        return;
      }
      if (problem === "too_large") {
        this.notice(this.s("fileTooLarge", { name: file.name, size: formatSize(file.size, this.lang), max: formatSize(max, this.lang) }), { error: true });
        return;
      }
      const form = new this.win.FormData();
      form.append("file", file, file.name);
      form.append("session_id", this.sessionId);
      form.append("lang", this.lang);
      const xhr = new this.win.XMLHttpRequest();
      xhr.open("POST", new URL("/api/v1/uploads", this.apiBase).toString());
      for (const [key, value] of Object.entries(this.headers())) xhr.setRequestHeader(key, value);
      this.progressLabel.textContent = this.s("uploading", { name: file.name });
      this.progressBar.value = 0;
      this.progressPct.textContent = "0 %";
      this.progressBar.setAttribute("aria-label", this.s("uploading", { name: file.name }));
      this.progressEl.hidden = false;
      this.attachBtn.disabled = true;
      xhr.upload.onprogress = (event) => {
        if (!event.lengthComputable) return;
        const pct = Math.round((event.loaded / event.total) * 100);
        this.progressBar.value = pct;
        this.progressPct.textContent = `${pct} %`;
      };
      const done = () => {
        this.progressEl.hidden = true;
        this.attachBtn.disabled = false;
      };
      xhr.onload = () => {
        done();
        let body = null;
        try {
          body = JSON.parse(xhr.responseText);
        } catch (e) {
          body = null;
        }
        if (xhr.status >= 200 && xhr.status < 300 && body && body.id) {
          const label = this.s("attached", { name: body.filename, size: formatSize(body.size, this.lang) });
          this.send(label, { metadata: { attachment: { id: body.id, filename: body.filename, size: body.size, content_type: body.content_type } } });
        } else {
          const reason = (body && body.error && body.error.message) || `HTTP ${xhr.status}`;
          this.notice(this.s("uploadFailed", { name: file.name, reason }), { error: true });
        }
      };
      xhr.onerror = () => {
        done();
        this.notice(this.s("uploadFailed", { name: file.name, reason: this.s("error") }), { error: true });
      };
      xhr.send(form);
    }

    // ------------------------------------------------------------ voice

    /** Seconds a voice message may last (the server's limit; the widget stops there). */
    get voiceMaxSeconds() {
      return Number(this.config.voice_max_seconds) || 60;
    }

    /** The mic button: a click starts recording, the next one sends (keyboard too). */
    toggleRecording() {
      if (this.micPress) {
        // The click that ends a press micPointerDown already handled.
        this.micPress = false;
        return;
      }
      if (this.recording) this.stopRecording();
      else this.startRecording();
    }

    /** Hold-to-talk: press and hold the mic while speaking, release to send. A short press
     * is a click: recording goes on until the next click. */
    micPointerDown(event) {
      if (event.button !== 0 || this.recording || this.micBtn.disabled) return;
      this.micPress = true;
      const pressedAt = Date.now();
      const release = () => {
        this.win.removeEventListener("pointerup", release, true);
        this.win.removeEventListener("pointercancel", release, true);
        if (Date.now() - pressedAt >= 600) this.stopRecording();
        // The click that follows this pointerup (if any) comes first; then a later
        // keyboard click must work again.
        setTimeout(() => (this.micPress = false), 0);
      };
      this.win.addEventListener("pointerup", release, true);
      this.win.addEventListener("pointercancel", release, true);
      this.startRecording();
    }

    async startRecording() {
      if (this.recording || this.micStarting) return;
      this.micStarting = true;
      let stream;
      try {
        stream = await this.win.navigator.mediaDevices.getUserMedia({
          audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true },
        });
      } catch (e) {
        this.notice(this.s("micDenied"), { error: true });
        return;
      } finally {
        this.micStarting = false;
      }
      const Recorder = this.win.MediaRecorder;
      // Opus in webm (Chromium, Firefox), else ogg; Safari records mp4/AAC.
      const type = ["audio/webm;codecs=opus", "audio/ogg;codecs=opus", "audio/mp4"].find(
        (t) => typeof Recorder.isTypeSupported === "function" && Recorder.isTypeSupported(t)
      );
      let recorder;
      try {
        recorder = type ? new Recorder(stream, { mimeType: type }) : new Recorder(stream);
      } catch (e) {
        stream.getTracks().forEach((track) => track.stop());
        this.notice(this.s("micDenied"), { error: true });
        return;
      }
      const take = { recorder, chunks: [], cancelled: false, limited: false, startedAt: Date.now() };
      recorder.ondataavailable = (event) => event.data && event.data.size && take.chunks.push(event.data);
      recorder.onstop = () => {
        stream.getTracks().forEach((track) => track.stop());
        this.endRecording(take);
        const blob = new this.win.Blob(take.chunks, { type: recorder.mimeType || type || "audio/webm" });
        if (take.cancelled || !blob.size) return;
        if (take.limited) this.notice(this.s("voiceLimit", { max: this.voiceMaxSeconds }));
        this.sendVoice(blob);
      };
      this.recording = take;
      this.recorder = recorder; // applyStrings labels the mic "stop and send" while set
      recorder.start();
      take.ticker = setInterval(() => this.renderClock(take), 250);
      take.limit = setTimeout(() => {
        take.limited = true;
        this.stopRecording();
      }, this.voiceMaxSeconds * 1000);
      this.showRecording(take);
    }

    /** Stop and send, or with {cancel: true} stop and throw the recording away. */
    stopRecording(options) {
      const take = this.recording;
      if (!take) return;
      take.cancelled = !!(options && options.cancel);
      clearTimeout(take.limit);
      if (take.recorder.state !== "inactive") take.recorder.stop();
      else this.endRecording(take);
    }

    cancelRecording() {
      this.stopRecording({ cancel: true });
      this.micBtn.focus();
    }

    /** The recording bar above the composer: a red dot, the running time, cancel. */
    showRecording(take) {
      const doc = this.doc;
      if (!this.recBar) {
        this.recClock = el(doc, "span", { class: "rec-clock", "aria-hidden": "true" });
        this.recLabel = el(doc, "span", { class: "rec-label" });
        this.recCancel = el(doc, "button", { type: "button", class: "rec-cancel" });
        this.recCancel.addEventListener("click", () => this.cancelRecording());
        this.recBar = el(doc, "div", { class: "rec", role: "status", hidden: true }, [
          el(doc, "span", { class: "rec-dot", "aria-hidden": "true" }),
          this.recClock,
          this.recLabel,
          this.recCancel,
        ]);
        this.panel.insertBefore(this.recBar, this.composer);
      }
      this.recLabel.textContent = this.s("recording");
      this.recCancel.textContent = this.s("micCancel");
      this.recBar.hidden = false;
      this.renderClock(take);
      this.micBtn.setAttribute("aria-pressed", "true");
      this.applyStrings();
    }

    renderClock(take) {
      const clock = (seconds) => {
        const s = Math.max(0, Math.floor(seconds));
        return `${String(Math.floor(s / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
      };
      this.recClock.textContent = `${clock((Date.now() - take.startedAt) / 1000)} / ${clock(this.voiceMaxSeconds)}`;
    }

    endRecording(take) {
      clearInterval(take.ticker);
      clearTimeout(take.limit);
      if (this.recording !== take) return;
      this.recording = null;
      this.recorder = null;
      if (this.recBar) this.recBar.hidden = true;
      this.micBtn.setAttribute("aria-pressed", "false");
      this.applyStrings();
    }

    /**
     * POST /api/v1/voice (multipart: audio, session_id, portal, lang). The server transcribes
     * the clip and runs the chat turn: its answer carries the transcript, shown as the user's
     * message, before the replies.
     */
    async sendVoice(blob, clipId) {
      // One id per recording, kept when it is sent again: a retry after a lost answer is
      // recognised by the server and not answered twice.
      const cid = clipId || newId("v-");
      const extension = /ogg/.test(blob.type) ? "ogg" : /mp4|aac/.test(blob.type) ? "m4a" : "webm";
      const form = new this.win.FormData();
      form.append("audio", blob, `voice.${extension}`);
      form.append("session_id", this.sessionId);
      form.append("portal", this.portal);
      form.append("lang", this.convLang || "");
      form.append("client_message_id", cid);
      if (this.view !== "chat") this.showChat();
      const pending = this.appendMessage({ sender: "user", text: this.s("voicePending") });
      if (pending) pending.classList.add("voice-pending");
      this.voiceBusy = true;
      this.micBtn.disabled = true;
      this.updateTyping();
      try {
        let response;
        try {
          response = await this.fetch("/api/v1/voice", { method: "POST", body: form });
        } catch (e) {
          this.keepVoice(pending, blob, cid, this.s("error"));
          return;
        }
        const body = await response.json().catch(() => null);
        const reason = (body && body.error && body.error.message) || `HTTP ${response.status}`;
        // Busy or down: the user spoke for nothing unless the clip is kept for a second try.
        // A refused clip (silence, too long, unreadable) would only be refused again.
        if (response.status === 429 || response.status >= 500) {
          this.keepVoice(pending, blob, cid, reason);
          return;
        }
        if (!response.ok) throw new Error(reason);
        const heard = body && (body.transcript || body.text);
        if (heard && pending) {
          pending.classList.remove("voice-pending");
          pending.querySelector(".bubble").textContent = heard;
        } else if (pending) {
          pending.remove();
        }
        if (body && Array.isArray(body.messages)) {
          if (heard) this.remember(heard);
          this.handleResponse(body);
        } else if (heard) {
          // A server that only transcribes: send the text as if it had been typed.
          if (pending) pending.remove();
          this.send(heard);
        }
      } catch (e) {
        if (pending) pending.remove();
        this.notice(this.s("voiceFailed", { reason: e.message || this.s("error") }), { error: true });
      } finally {
        this.voiceBusy = false;
        this.micBtn.disabled = false;
        this.updateTyping();
      }
    }

    /** The clip stays in its bubble, with a button that sends the same recording again. */
    keepVoice(pending, blob, cid, reason) {
      if (!pending) return;
      pending.classList.remove("voice-pending");
      pending.classList.add("voice-kept");
      const bubble = pending.querySelector(".bubble");
      bubble.textContent = this.s("voiceKept", { reason });
      const resend = el(this.doc, "button", { type: "button", class: "link-btn voice-resend", text: this.s("voiceResend") });
      resend.addEventListener("click", () => {
        if (this.voiceBusy) return;
        pending.remove();
        this.sendVoice(blob, cid);
      });
      bubble.appendChild(resend);
      this.scrollToEnd();
    }
  }

  // ---------------------------------------------------------------- boot

  function boot(script) {
    if (typeof window === "undefined" || window.TijarIA && window.TijarIA.widget) return window.TijarIA;
    const tag = script || document.querySelector('script[src*="tijaria.js"]');
    const data = (tag && tag.dataset) || {};
    let apiBase = data.api || (tag && tag.src) || window.location.href;
    try {
      apiBase = new URL(apiBase, window.location.href).origin + "/";
    } catch (e) {
      apiBase = window.location.origin + "/";
    }
    const api = {
      widget: null,
      open: () => api.widget && api.widget.open(),
      close: () => api.widget && api.widget.close(),
      toggle: () => api.widget && api.widget.toggle(),
      showHistory: () => api.widget && api.widget.showHistory(),
      newConversation: () => api.widget && api.widget.newConversation(),
      send: (text) => api.widget && api.widget.send(text),
      setToken: (token, user) => api.widget && api.widget.setToken(token, user),
      openLogin: () => api.widget && api.widget.showLogin(),
      signOut: () => api.widget && api.widget.signOut(),
      /** The same sign-in form, in an element of the host page (the demo pages' header). */
      mountAccountForm: (container, options) =>
        new AccountForm(Object.assign({ doc: document, container, apiBase, lang: data.lang || document.documentElement.lang }, options || {}, {
          token: (api.widget && api.widget.token) || storage("session").getItem(TOKEN_KEY),
        })),
      mountSignIn: (container, options) =>
        new SignInForm(Object.assign({ doc: document, container, apiBase, lang: data.lang || document.documentElement.lang, realm: data.portal === "rnoce" ? "rnoce" : "portnet" }, options || {}, {
          onDone: (session) => {
            if (api.widget) api.widget.setToken(session.access_token, session.user);
            else storeSession(storage("session"), session);
            if (options && options.onDone) options.onDone(session);
          },
        })),
    };
    window.TijarIA = api;
    const start = () => {
      api.widget = new Widget({ document, portal: data.portal, lang: data.lang, token: data.token, apiBase });
      document.dispatchEvent(new CustomEvent("tijaria:ready"));
    };
    if (document.body) start();
    else document.addEventListener("DOMContentLoaded", start, { once: true });
    return api;
  }

  return {
    STRINGS,
    PORTAL_NAMES,
    t,
    normLang,
    portalName,
    directionOf,
    formatSize,
    checkFile,
    backoffDelay,
    newId,
    isSessionId,
    wsUrl,
    safeHref,
    parseInline,
    parseMarkdown,
    storedOutboxIds,
    displayTexts,
    mergeHistory,
    formatTime,
    parseServerTime,
    renderMarkdown,
    SignInForm,
    Widget,
    boot,
  };
});
