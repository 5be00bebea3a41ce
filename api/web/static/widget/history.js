// What this browser keeps: the conversation of each portal, messages not answered yet
// (the outbox), the "Historique TijarIA" list, and the tab's sign-in. Pure functions and
// storage wrappers: no DOM.

export const HISTORY_LIMIT = 50;
const HISTORY_KEY = "tijaria.history";
// Shared with the demo pages (and the RNOCE sign-in page): one sign-in per browser tab.
export const TOKEN_KEY = "tijaria.token";
export const USER_KEY = "tijaria.user";

/** A random id matching the chat contract's [A-Za-z0-9_-]{1,64}. */
export function newId(prefix) {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  const bytes = new Uint8Array(20);
  const cryptoObj = typeof crypto !== "undefined" ? crypto : null;
  if (cryptoObj && cryptoObj.getRandomValues) cryptoObj.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  let out = "";
  for (const b of bytes) out += alphabet[b % alphabet.length];
  return (prefix || "") + out;
}

export function isSessionId(value) {
  return typeof value === "string" && /^[A-Za-z0-9_-]{1,64}$/.test(value);
}


/** localStorage or sessionStorage, or an in-memory stand-in when the browser refuses storage. */
export function storage(kind) {
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
      setItem: (k, v) => {
        memory[k] = String(v);
      },
      removeItem: (k) => {
        delete memory[k];
      },
    };
  }
}

export function readJson(store, key, fallback) {
  try {
    const raw = store.getItem(key);
    return raw ? JSON.parse(raw) : fallback;
  } catch (e) {
    return fallback;
  }
}

/** Keep (or, without a token, forget) the tab's sign-in. */
export function storeSession(store, session) {
  if (session && session.access_token) {
    store.setItem(TOKEN_KEY, session.access_token);
    store.setItem(USER_KEY, JSON.stringify(session.user || null));
  } else {
    store.removeItem(TOKEN_KEY);
    store.removeItem(USER_KEY);
  }
}

/** The portal's current conversation in this browser; a new one the first time. */
export function currentSession(local, portal) {
  const key = `tijaria.session.${portal}`;
  let sessionId = local.getItem(key);
  if (!isSessionId(sessionId)) {
    sessionId = newId("tj-");
    local.setItem(key, sessionId);
  }
  return sessionId;
}

export function setCurrentSession(local, portal, sessionId) {
  local.setItem(`tijaria.session.${portal}`, sessionId);
}

// The conversation key (the server's X-Conversation-Key): the proof that this browser's
// anonymous conversations are its own, sent with every chat request so that signing in
// keeps them, also from a portal on another origin, where the server's cookie never goes.
const KEY_KEY = "tijaria.conversation_key";

/** Same shape as the server accepts (api/deps.py): 20 to 128 of [A-Za-z0-9_-]. */
export function isConversationKey(value) {
  return typeof value === "string" && /^[A-Za-z0-9_-]{20,128}$/.test(value);
}

export function loadKey(local) {
  const key = local.getItem(KEY_KEY);
  return isConversationKey(key) ? key : null;
}

/** Keep a key the server handed out; anything else is ignored. */
export function saveKey(local, key) {
  if (!isConversationKey(key)) return false;
  local.setItem(KEY_KEY, key);
  return true;
}

/** Messages of `sessionId` sent and not answered when the page was left. */
export function loadOutbox(local, sessionId) {
  const items = readJson(local, `tijaria.outbox.${sessionId}`, []);
  return Array.isArray(items)
    ? items.filter((i) => i && typeof i.cid === "string" && typeof i.text === "string").map((i) => Object.assign(i, { sentVia: null }))
    : [];
}

export function saveOutbox(local, sessionId, outbox) {
  const key = `tijaria.outbox.${sessionId}`;
  if (outbox.length) {
    const items = outbox.map(({ cid, text, display, lang, metadata }) => ({ cid, text, display, lang, metadata }));
    local.setItem(key, JSON.stringify(items));
  } else {
    local.removeItem(key);
  }
}

/**
 * Which messages of the outbox (sent, not yet answered when the page was left) the
 * server already stored: they are among the last user messages of the transcript.
 */
export function storedOutboxIds(outbox, transcript) {
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
export function displayTexts(transcript) {
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
export function mergeHistory(history, entry, limit) {
  const rest = (Array.isArray(history) ? history : []).filter(
    (h) => h && isSessionId(h.session_id) && h.session_id !== entry.session_id
  );
  const previous = (Array.isArray(history) ? history : []).find((h) => h && h.session_id === entry.session_id);
  return [Object.assign({}, previous || {}, entry), ...rest].slice(0, limit || HISTORY_LIMIT);
}

/** This browser's conversation list, as stored. */
export function readHistory(local) {
  const history = readJson(local, HISTORY_KEY, []);
  return Array.isArray(history) ? history : [];
}

/** Record a conversation in the browser's list; its first title stays. */
export function remember(local, { sessionId, portal, title }) {
  const history = readJson(local, HISTORY_KEY, []);
  const previous = (Array.isArray(history) ? history : []).find((h) => h && h.session_id === sessionId);
  const entry = { session_id: sessionId, portal, updated_at: new Date().toISOString() };
  if (title && !(previous && previous.title)) entry.title = String(title).slice(0, 120);
  local.setItem(HISTORY_KEY, JSON.stringify(mergeHistory(history, entry)));
}

/**
 * The list to show: the server's summaries first (a signed-in user's conversations from
 * other browsers included), with the titles this browser saw, then local-only entries.
 */
export function mergeServerHistory(local, server) {
  const byId = new Map(server.map((c) => [c.session_id, c]));
  const merged = server.map((c) => {
    const mine = local.find((h) => h.session_id === c.session_id);
    // The title this browser saw (a quick reply's label rather than its payload).
    return Object.assign({}, c, mine && mine.title ? { title: mine.title } : {});
  });
  for (const h of local) if (!byId.has(h.session_id)) merged.push(h);
  return merged;
}
