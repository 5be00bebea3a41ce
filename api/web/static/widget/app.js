// The widget's controller: the conversation's state (session, language, sign-in), what
// the user does (send, quick replies, attachments, history, sign-in, the microphone) and
// what the server answers. The DOM is view.js's, the connection transport.js's; the voice
// recorder and the account forms are imported the first time they are needed.

import {
  TOKEN_KEY,
  USER_KEY,
  currentSession,
  displayTexts,
  isSessionId,
  loadKey,
  mergeServerHistory,
  newId,
  readHistory,
  readJson,
  remember,
  saveKey,
  setCurrentSession,
  storage,
  storedOutboxIds,
  storeSession,
} from "./history.js";
import { formatSize, normLang, t } from "./i18n.js";
import { Transport } from "./transport.js";
import { DEFAULT_MAX_UPLOAD, acceptAttribute, checkFile, upload } from "./uploads.js";
import { View } from "./view.js";

// The portals a data-portal may name and the longest message, until the server's
// /api/v1/widget/config says (it is their one home: TIJARIA_MAX_MESSAGE_CHARS, the catalog).
export const PORTALS = ["pmpce", "douane", "mic", "banques", "rnoce"];
export const DEFAULT_MAX_MESSAGE_CHARS = 2000;
// The bot's « Se connecter » button: the sign-in form opens in the panel.
const SIGN_IN_PAYLOAD = "/request_login";
// A press of the microphone held this long is hold-to-talk: its release sends.
const HOLD_MS = 600;
// With an agent, "the user is typing" goes to the agent at most this often.
export const TYPING_EVERY_MS = 3000;
// The server tells a handoff's moves itself (« Vous êtes n° 2… », « Samira a rejoint… »):
// the widget's own words for a move come only if none of the server's came this soon.
export const HANDOFF_NOTICE_WAIT_MS = 800;
// The agent's « écrit… » lasts this long without news.
export const AGENT_TYPING_MS = 5000;

/** The parts loaded on first use, each imported once. */
const lazy = {
  voice: null,
  account: null,
};
function loadVoice() {
  if (!lazy.voice) lazy.voice = import("./voice.js");
  return lazy.voice;
}
function loadAccount() {
  if (!lazy.account) lazy.account = import("./account.js");
  return lazy.account;
}

export class Widget {
  /**
   * @param {{document: Document, portal?: string, lang?: string, token?: string, apiBase: string}} options
   */
  constructor(options) {
    this.doc = options.document;
    this.win = this.doc.defaultView;
    this.requestedPortal = options.portal;
    this.portal = PORTALS.includes(options.portal) ? options.portal : PORTALS[0];
    this.pageLang = normLang(options.lang) || normLang(this.doc.documentElement.lang) || "fr";
    this.convLang = null;
    this.apiBase = options.apiBase;
    this.local = storage("local");
    this.tab = storage("session");
    // A token given by the host page wins; else the one this tab signed in with.
    this.token = options.token || this.tab.getItem(TOKEN_KEY) || null;
    this.user = this.token ? readJson(this.tab, USER_KEY, null) : null;
    this.resumeText = null;
    this.config = { voice: false, max_upload_bytes: DEFAULT_MAX_UPLOAD, max_message_chars: DEFAULT_MAX_MESSAGE_CHARS, portals: PORTALS };
    this.sessionId = currentSession(this.local, this.portal);
    this.conversationKey = loadKey(this.local);
    this.keyRequest = null;

    this.loaded = false;
    this.loading = null;
    this.isOpen = false;
    this.pane = "chat";
    this.historyCache = null;
    this.handoffState = undefined;
    /** The handoff as the server last told it: {state, position?, agent?: {name}}. */
    this.handoff = null;
    this.typingSentAt = 0;
    this.handoffNotice = null;
    this.agentTypingUntil = 0;
    this.agentTypingTimer = null;
    /** The last message of the server shown: a socket that reconnects catches up from it. */
    this.lastMessageId = null;
    /** @type {import("./voice.js").Voice | null} */
    this.voice = null;
    this.micPress = false;

    this.transport = new Transport(this, this.local);
    this.view = new View(this);
    this.view.applyStrings();
    this.loadConfig();
    if (this.tab.getItem(`tijaria.open.${this.portal}`) === "1") this.open({ focus: false });
    else if (this.transport.outbox.length) this.ensureLoaded(); // a message left unanswered: finish it
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
    this.view.applyStrings();
  }

  // ------------------------------------------------------------ open / close

  open(options) {
    const focus = !options || options.focus !== false;
    this.isOpen = true;
    this.tab.setItem(`tijaria.open.${this.portal}`, "1");
    this.view.setOpen(true);
    this.ensureLoaded();
    this.transport.connect();
    if (focus) this.view.input.focus();
    this.view.scrollToEnd();
  }

  close() {
    this.isOpen = false;
    this.tab.removeItem(`tijaria.open.${this.portal}`);
    this.view.setOpen(false);
    this.view.launcher.focus();
  }

  toggle() {
    if (this.isOpen) this.close();
    else this.open();
  }

  // ------------------------------------------------------------ server

  async loadConfig() {
    try {
      const response = await this.fetch("/api/v1/widget/config");
      if (response.ok) Object.assign(this.config, await response.json());
    } catch (e) {
      /* defaults: no voice, 3 MB, 2000 characters */
    }
    const maxChars = Number(this.config.max_message_chars);
    if (Number.isInteger(maxChars) && maxChars > 0) this.view.input.maxLength = maxChars;
    this.applyPortals(this.config.portals);
    this.view.fileInput.accept = acceptAttribute(this.config.upload_types);
    const nav = this.win.navigator;
    const canRecord = typeof this.win.MediaRecorder === "function" && !!(nav.mediaDevices && nav.mediaDevices.getUserMedia);
    this.view.micBtn.hidden = !(this.config.voice && canRecord);
  }

  /** The server's portal list: the page's data-portal if it names one, else its default. */
  applyPortals(portals) {
    if (!Array.isArray(portals) || !portals.length || !portals.every((p) => typeof p === "string")) return;
    const wanted = portals.includes(this.requestedPortal) ? this.requestedPortal : portals.includes(this.portal) ? this.portal : portals[0];
    if (wanted === this.portal) return;
    this.transport.save();
    this.portal = wanted;
    this.view.host.setAttribute("data-portal", wanted);
    this.sessionId = currentSession(this.local, wanted);
    if (this.loaded || this.loading || this.isOpen) this.resetConversation();
    else this.transport.reset();
    this.view.applyStrings();
  }

  headers(extra) {
    const headers = Object.assign({ "Accept-Language": this.lang }, extra || {});
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
    if (this.conversationKey) headers["X-Conversation-Key"] = this.conversationKey;
    return headers;
  }

  async fetch(path, init) {
    const options = Object.assign({}, init || {});
    options.headers = this.headers(options.headers);
    const response = await this.win.fetch(new URL(path, this.apiBase).toString(), options);
    this.keepKey(response.headers.get("X-Conversation-Key"));
    return response;
  }

  /** A conversation key the server handed out (it does when it was sent none). */
  keepKey(key) {
    if (key && !this.conversationKey && saveKey(this.local, key)) this.conversationKey = key;
  }

  /**
   * A conversation key before the first socket opens: the handshake's cookie cannot be
   * read, and goes nowhere from another origin. On the core's own origin the answer is the
   * cookie's key, so both agree.
   */
  ensureKey() {
    if (this.conversationKey) return Promise.resolve();
    if (!this.keyRequest) {
      this.keyRequest = this.fetch("/api/v1/conversations", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ portal: this.portal }),
      })
        .then((response) => (response.ok ? response.json() : null))
        .then((body) => this.keepKey(body && body.conversation_key))
        .catch(() => {
          /* offline: the socket goes without; the next answer's header brings one */
        })
        .finally(() => (this.keyRequest = null));
    }
    return this.keyRequest;
  }

  // ------------------------------------------------------------ sending

  submit() {
    const input = this.view.input;
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    this.view.autosize();
    this.send(text);
  }

  /**
   * Queue a user message. `text` goes to the server; `display` is what the user sees
   * (a quick reply shows its title and sends its payload).
   */
  send(text, options) {
    const opts = options || {};
    if (this.pane !== "chat") this.showChat();
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
    this.view.clearQuickReplies();
    if (!opts.fromCard) this.view.lockCards();
    this.view.appendMessage({ id: cid, sender: "user", text: item.display });
    this.transport.queue(item);
    this.remember(item.display);
    this.updateTyping();
    this.transport.flush();
  }

  /** A form card's answer: one message, its summary as text, the values in metadata. */
  sendForm({ text, form, attachments }) {
    this.send(text, { metadata: { form, attachments: attachments || [] }, fromCard: true });
  }

  quickReply(button) {
    // "Se connecter": sign in here, then ask the question again.
    if (button.payload === SIGN_IN_PAYLOAD) this.showLogin({ resume: this.resumeText });
    else this.send(button.payload || button.title, { display: button.title || button.payload, isPayload: true });
  }

  handleResponse(body) {
    if (!body || typeof body !== "object") return;
    if (body.pushed) {
      this.handlePush(body);
      return;
    }
    if (body.error) {
      if (body.error.code === "invalid_token" && this.token) {
        this.setToken(null);
        this.view.notice(this.s("sessionExpired"), { error: true });
        return;
      }
      this.view.notice(body.error.message || this.s("error"), { error: true });
      return;
    }
    if (body.type === "typing") {
      // The agent is typing (an event of the server, nothing stored): the dots, a few seconds.
      if (body.sender === "agent" && this.handoffState === "active") this.agentTyping();
      return;
    }
    if (body.lang) this.setConversationLang(body.lang);
    if (Array.isArray(body.messages)) {
      this.view.clearQuickReplies();
      for (const m of body.messages) {
        this.view.appendMessage(Object.assign({ sender: "bot" }, m), { quickReplies: true });
        this.seen(m);
      }
      if (body.messages.length) this.remember(null);
    }
    if (body.handoff && body.handoff.state) this.setHandoff(body.handoff, { serverSaid: this.serverSaid(body.messages) });
  }

  /**
   * A frame the server sent unasked: messages stored by someone else (an agent, a status
   * notification, another tab's turn) or missed while the socket was down. Shown live,
   * once each (by id); the user's own words are the ones this tab shows already.
   */
  handlePush(body) {
    if (body.lang && !this.convLang) this.setConversationLang(body.lang);
    const fresh = (Array.isArray(body.messages) ? body.messages : []).filter(
      (m) => m && m.sender !== "user" && m.id && !this.view.knownIds.has(m.id)
    );
    // The state first: the bar names the agent before their first words show.
    if (body.handoff && body.handoff.state) this.setHandoff(body.handoff, { serverSaid: this.serverSaid(fresh) });
    else if (this.serverSaid(fresh)) this.cancelHandoffNotice();
    if (fresh.some((m) => m.sender === "agent") && this.agentTypingUntil) {
      this.agentTypingUntil = 0;
      this.updateTyping();
    }
    if (fresh.length) {
      this.view.clearQuickReplies();
      for (const m of fresh) this.view.appendMessage(Object.assign({ sender: "bot" }, m), { quickReplies: true });
    }
    for (const m of body.messages || []) this.seen(m);
  }

  /** Remember the last server message (its id is the server's, not a client_message_id). */
  seen(message) {
    if (message && typeof message.id === "string" && message.id && !message.id.startsWith("m-")) this.lastMessageId = message.id;
  }

  /**
   * The handoff of the server's `handoff` ({state, position?, agent?}): a notice when the
   * state changes, and the bar above the composer (the queue position with « Quitter la
   * file », then the agent's name) while a person is involved.
   */
  setHandoff(handoff, options) {
    const opts = options || {};
    const next = typeof handoff === "string" ? { state: handoff } : handoff || { state: "none" };
    const state = next.state;
    const previous = this.handoffState;
    this.handoff = next;
    this.view.setHandoffBar(next);
    // The server's own notice came (maybe after the move it tells): no words of the widget's.
    if (opts.serverSaid) this.cancelHandoffNotice();
    if (state === previous) return;
    this.handoffState = state;
    // "waiting": what servers before the orchestrator said for "queued".
    let key = { queued: "handoffWaiting", waiting: "handoffWaiting", active: "handoffActive", closed: "handoffClosed" }[state];
    // Back to the bot: the agent handed back, or the user (or the queue) let go.
    if (state === "none" && previous === "active") key = "handoffBack";
    if (state === "none" && (previous === "queued" || previous === "waiting")) key = "handoffLeft";
    this.cancelHandoffNotice();
    if (opts.quiet || opts.serverSaid) return;
    if (key && (previous || (state !== "closed" && state !== "none"))) {
      this.handoffNotice = setTimeout(() => {
        this.handoffNotice = null;
        this.view.notice(this.s(key));
      }, HANDOFF_NOTICE_WAIT_MS);
    }
  }

  cancelHandoffNotice() {
    clearTimeout(this.handoffNotice);
    this.handoffNotice = null;
  }

  /** The server spoke in this frame (a notice, the bot, an agent): no words of the widget's. */
  serverSaid(messages) {
    return Array.isArray(messages) && messages.some((m) => m && m.sender !== "user");
  }

  /** « Quitter la file »: the conversation goes back to TijarIA. */
  async leaveQueue() {
    const button = this.view.leaveBtn;
    button.disabled = true;
    try {
      const response = await this.fetch(`/api/v1/conversations/${encodeURIComponent(this.sessionId)}/handoff/leave`, { method: "POST" });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      let body = null;
      try {
        body = await response.json();
      } catch (e) {
        body = null; // 204: nothing more to show
      }
      if (body && Array.isArray(body.messages)) this.handlePush(Object.assign({}, body, { pushed: true }));
      if (this.handoffState === "queued" || this.handoffState === "waiting") this.setHandoff((body && body.handoff) || { state: "none" });
      this.view.input.focus();
    } catch (e) {
      this.view.notice(this.s("handoffLeaveFailed"), { error: true });
    } finally {
      button.disabled = false;
    }
  }

  /** The user types while an agent has the conversation: tell the agent (throttled). */
  userTyping() {
    if (this.handoffState !== "active" || !this.view.input.value.trim()) return;
    const now = Date.now();
    if (now - this.typingSentAt < TYPING_EVERY_MS) return;
    this.typingSentAt = now;
    this.fetch(`/api/v1/conversations/${encodeURIComponent(this.sessionId)}/typing`, { method: "POST" }).catch(() => {
      /* only a hint */
    });
  }

  updateTyping() {
    const agent = this.agentTypingUntil > Date.now();
    const name = this.handoff && this.handoff.agent && typeof this.handoff.agent.name === "string" ? this.handoff.agent.name.trim() : "";
    this.view.typingLabel.textContent = agent ? (name ? this.s("agentTyping", { name }) : this.s("agentTypingAnon")) : this.s("typing");
    this.view.setTyping(agent || this.transport.busy || !!(this.voice && this.voice.busy));
  }

  /** « Samira écrit… » for AGENT_TYPING_MS after the agent's last keystroke (or until their message). */
  agentTyping() {
    this.agentTypingUntil = Date.now() + AGENT_TYPING_MS;
    clearTimeout(this.agentTypingTimer);
    this.agentTypingTimer = setTimeout(() => this.updateTyping(), AGENT_TYPING_MS + 50);
    this.updateTyping();
  }

  // ------------------------------------------------------------ the transport's hooks

  onSocketOpen(wasDown) {
    if (!this.loaded) this.ensureLoaded();
    // Reconnected: the socket sends what was stored after the last message we have; with
    // none known yet, read the transcript.
    else if (wasDown && !this.lastMessageId) this.syncTranscript();
  }

  onAnswer(body) {
    this.handleResponse(body);
  }

  onPush(body) {
    this.handleResponse(body);
  }

  onConnection(reconnecting) {
    this.view.setStatus(reconnecting ? this.s("reconnecting") : "");
  }

  onBusy() {
    this.updateTyping();
  }

  /** Refused for now (too many messages): the text stays in its bubble, sent again later. */
  onHeld(item, message) {
    this.view.holdMessage(item, message || this.s("heldMessage"), () => this.transport.resend(item.cid));
  }

  onReleased(item) {
    this.view.releaseMessage(item);
  }

  // ------------------------------------------------------------ transcript

  ensureLoaded() {
    if (this.loaded) return Promise.resolve();
    if (!this.loading) this.loading = this.loadTranscript().finally(() => (this.loading = null));
    return this.loading;
  }

  async loadTranscript() {
    const view = this.view;
    const outbox = this.transport.outbox;
    let messages = [];
    let handoff = null;
    try {
      const response = await this.fetch(`/api/v1/conversations/${encodeURIComponent(this.sessionId)}/messages`);
      if (response.ok) {
        const body = await response.json();
        messages = Array.isArray(body.messages) ? body.messages : [];
        this.setConversationLang(body.lang);
        handoff = body.handoff && body.handoff.state ? body.handoff : null;
      } else if (response.status !== 404) {
        throw new Error(`HTTP ${response.status}`);
      }
    } catch (e) {
      // Offline or server down: show what we have, retry when the socket comes back.
      this.loaded = false;
      this.renderPendingOnly();
      this.transport.connect();
      return;
    }
    view.log.setAttribute("aria-busy", "true");
    view.clearLog();
    view.renderIntro();
    const lastUser = messages.map((m) => m.sender).lastIndexOf("user");
    const texts = displayTexts(messages);
    messages.forEach((m, index) => {
      view.appendMessage(Object.assign({}, m, { text: texts[index] }), { quickReplies: index > lastUser && !outbox.length });
      this.seen(m);
    });
    const stored = new Set(storedOutboxIds(outbox, messages));
    for (const item of outbox) {
      if (!stored.has(item.cid)) view.appendMessage({ id: item.cid, sender: "user", text: item.display });
      else view.knownIds.add(item.cid);
      if (item.heldUntil) this.onHeld(item, item.refusal);
    }
    view.log.removeAttribute("aria-busy");
    // A transcript that tells the handoff (if the server says it): the bar, without a notice.
    if (handoff) this.setHandoff(handoff, { quiet: true });
    this.loaded = true;
    this.updateTyping();
    view.scrollToEnd();
    if (outbox.length) this.transport.flush();
  }

  renderPendingOnly() {
    if (this.view.log.childElementCount) return;
    this.view.renderIntro();
    for (const item of this.transport.outbox) this.view.appendMessage({ id: item.cid, sender: "user", text: item.display });
  }

  /** Messages stored while the socket was down (agent replies, notifications): append
   * them (only those after the last one shown, when the widget knows it). */
  async syncTranscript() {
    const path = `/api/v1/conversations/${encodeURIComponent(this.sessionId)}/messages`;
    try {
      let response = await this.fetch(this.lastMessageId ? `${path}?after=${encodeURIComponent(this.lastMessageId)}` : path);
      if (response.status === 404 && this.lastMessageId) response = await this.fetch(path);
      if (!response.ok) return;
      const body = await response.json();
      for (const m of body.messages || []) {
        if (m.sender !== "user" && !this.view.knownIds.has(m.id)) this.view.appendMessage(m);
        this.seen(m);
      }
    } catch (e) {
      /* next reconnect will try again */
    }
  }

  // ------------------------------------------------------------ history

  /** Record this conversation in the browser's history list ("Historique TijarIA"). */
  remember(title) {
    remember(this.local, { sessionId: this.sessionId, portal: this.portal, title });
  }

  async showHistory() {
    const view = this.view;
    if (!this.isOpen) this.open({ focus: false });
    this.pane = "history";
    view.showPane("history");
    view.applyStrings();
    const local = readHistory(this.local);
    view.renderHistory(this.historyCache || local);
    let entries = local;
    try {
      const url = new URL("/api/v1/widget/conversations", this.apiBase);
      for (const h of entries) url.searchParams.append("session_id", h.session_id);
      const response = await this.fetch(url.pathname + url.search);
      if (response.ok) {
        const body = await response.json();
        entries = mergeServerHistory(entries, body.conversations || []);
      }
    } catch (e) {
      /* the local list is still useful */
    }
    this.historyCache = entries;
    if (this.pane === "history") view.renderHistory(entries);
    const first = view.historyView.querySelector("button");
    if (first) first.focus();
  }

  showChat() {
    this.pane = "chat";
    this.view.showPane("chat");
    this.view.applyStrings();
    this.updateTyping();
    this.view.input.focus();
    this.view.scrollToEnd();
  }

  /** Continue another conversation of this browser (or of the logged-in user). */
  switchTo(sessionId) {
    if (!isSessionId(sessionId)) return;
    if (sessionId !== this.sessionId) {
      this.transport.save();
      this.sessionId = sessionId;
      setCurrentSession(this.local, this.portal, sessionId);
      this.resetConversation();
    }
    this.showChat();
  }

  newConversation() {
    this.sessionId = newId("tj-");
    setCurrentSession(this.local, this.portal, this.sessionId);
    this.resetConversation();
    this.showChat();
  }

  resetConversation() {
    this.transport.reset();
    this.view.clearLog();
    this.convLang = null;
    this.handoffState = undefined;
    this.handoff = null;
    this.cancelHandoffNotice();
    this.view.setHandoffBar(null);
    this.lastMessageId = null;
    this.loaded = false;
    this.historyCache = null;
    this.view.applyStrings();
    this.ensureLoaded();
    this.transport.connect();
  }

  // ------------------------------------------------------------ signing in

  /** The user logged in or out: later requests and a fresh socket carry the new token. */
  setToken(token, user) {
    this.token = token || null;
    this.user = this.token ? user || readJson(this.tab, USER_KEY, null) : null;
    storeSession(this.tab, this.token ? { access_token: this.token, user: this.user } : null);
    this.historyCache = null;
    this.view.renderAccount();
    this.transport.reconnect(); // pending messages are resent on the new socket
    this.doc.dispatchEvent(new CustomEvent("tijaria:auth", { detail: { user: this.user } }));
  }

  /** The sign-in form in the panel; `resume` is sent again once signed in. */
  async showLogin(options) {
    const resume = options && options.resume;
    if (!this.isOpen) this.open({ focus: false });
    this.pane = "login";
    this.view.showPane("login");
    const account = await loadAccount();
    if (this.pane !== "login") return; // the user went back meanwhile
    if (!this.formStyled) {
      this.view.addStyles(account.FORM_CSS);
      this.formStyled = true;
    }
    this.signIn = new account.SignInForm({
      doc: this.doc,
      container: this.view.loginView,
      apiBase: this.apiBase,
      lang: this.lang,
      realm: this.portal === "rnoce" ? "rnoce" : "portnet",
      onCancel: () => this.showChat(),
      onDone: (session) => {
        this.setToken(session.access_token, session.user);
        this.showChat();
        this.view.notice(this.s("signedInNotice", { name: (session.user && session.user.display_name) || "" }));
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
    this.view.notice(this.s("signedOut"));
  }

  // ------------------------------------------------------------ attachments

  /** POST one file to the conversation's uploads (the paperclip's and the form cards' path). */
  async uploadFile(file, onProgress) {
    const form = new this.win.FormData();
    form.append("file", file, file.name);
    form.append("session_id", this.sessionId);
    form.append("lang", this.lang);
    const result = await upload({
      win: this.win,
      url: new URL("/api/v1/uploads", this.apiBase).toString(),
      headers: this.headers(),
      form,
      onProgress,
    });
    this.keepKey(result.key);
    return result;
  }

  /** Check the chosen file, upload it, then send its attachment message. */
  async attach(file) {
    const view = this.view;
    const max = this.config.max_upload_bytes || DEFAULT_MAX_UPLOAD;
    const problem = checkFile(file, max, this.config.upload_types);
    if (problem === "unsupported_type") {
      view.notice(this.s("fileUnsupported", { name: file.name }), { error: true });
      return;
    }
    if (problem === "too_large") {
      view.notice(this.s("fileTooLarge", { name: file.name, size: formatSize(file.size, this.lang), max: formatSize(max, this.lang) }), { error: true });
      return;
    }
    view.setProgress(this.s("uploading", { name: file.name }), 0);
    const { status, body } = await this.uploadFile(file, (pct) => view.setProgress(null, pct));
    view.setProgress(null, null);
    if (status >= 200 && status < 300 && body && body.id) {
      const label = this.s("attached", { name: body.filename, size: formatSize(body.size, this.lang) });
      this.send(label, {
        metadata: { attachment: { id: body.id, filename: body.filename, size: body.size, content_type: body.content_type }, attachments: [body.id] },
      });
    } else {
      const reason = status ? (body && body.error && body.error.message) || `HTTP ${status}` : this.s("error");
      const note = view.notice(this.s("uploadFailed", { name: file.name, reason }), { error: true });
      // Refused for now (too many files) or not received: the file is still here, the
      // user need not pick it again.
      if (note && (status === 429 || status === 0 || status >= 500)) view.addResend(note, () => this.attach(file));
    }
  }

  // ------------------------------------------------------------ the microphone

  /** The recorder, imported on the first press of the microphone; calls run in order. */
  withVoice(action) {
    return loadVoice().then((module) => {
      if (!this.voice) this.voice = new module.Voice(this);
      return action(this.voice);
    });
  }

  /** The mic button: a click starts recording, the next one sends (keyboard too). */
  toggleRecording() {
    if (this.micPress) {
      // The click that ends a press micPointerDown already handled.
      this.micPress = false;
      return;
    }
    this.withVoice((voice) => (voice.recording ? voice.stop() : voice.start()));
  }

  /** Hold-to-talk: press and hold the mic while speaking, release to send. A short press
   * is a click: recording goes on until the next click. */
  micPointerDown(event) {
    if (event.button !== 0 || (this.voice && this.voice.recording) || this.view.micBtn.disabled) return;
    this.micPress = true;
    const pressedAt = Date.now();
    const release = () => {
      this.win.removeEventListener("pointerup", release, true);
      this.win.removeEventListener("pointercancel", release, true);
      if (Date.now() - pressedAt >= HOLD_MS) this.withVoice((voice) => voice.stop());
      // The click that follows this pointerup (if any) comes first; then a later
      // keyboard click must work again.
      setTimeout(() => (this.micPress = false), 0);
    };
    this.win.addEventListener("pointerup", release, true);
    this.win.addEventListener("pointercancel", release, true);
    this.withVoice((voice) => voice.start());
  }
}

/**
 * Start the widget behind the page API the loader (tijaria.js) put on window.TijarIA.
 * @param {object} api      window.TijarIA: its `widget` is set once the widget is built
 * @param {{src: string, data: Record<string, string>}} script  the loader's tag
 * @returns {Promise<Widget>}
 */
export function boot(api, script) {
  const doc = document;
  const data = script.data || {};
  let apiBase = data.api || script.src || window.location.href;
  try {
    apiBase = new URL(apiBase, window.location.href).origin + "/";
  } catch (e) {
    apiBase = window.location.origin + "/";
  }
  const lang = () => data.lang || doc.documentElement.lang;
  const tabToken = () => (api.widget && api.widget.token) || storage("session").getItem(TOKEN_KEY);
  Object.assign(api, {
    /** The same sign-in form, in an element of the host page (the demo pages' header). */
    mountSignIn: async (container, options) => {
      const { SignInForm } = await loadAccount();
      return new SignInForm(
        Object.assign({ doc, container, apiBase, lang: lang(), realm: data.portal === "rnoce" ? "rnoce" : "portnet" }, options || {}, {
          onDone: (session) => {
            if (api.widget) api.widget.setToken(session.access_token, session.user);
            else storeSession(storage("session"), session);
            if (options && options.onDone) options.onDone(session);
          },
        })
      );
    },
    /** « Modifier le mot de passe » / « Réinitialiser MFA » in the host page. */
    mountAccountForm: async (container, options) => {
      const { AccountForm } = await loadAccount();
      return new AccountForm(Object.assign({ doc, container, apiBase, lang: lang() }, options || {}, { token: tabToken() }));
    },
  });
  return new Promise((resolve) => {
    const start = () => {
      api.widget = new Widget({ document: doc, portal: data.portal, lang: data.lang, token: data.token, apiBase });
      resolve(api.widget);
      doc.dispatchEvent(new CustomEvent("tijaria:ready"));
    };
    if (doc.body) start();
    else doc.addEventListener("DOMContentLoaded", start, { once: true });
  });
}
