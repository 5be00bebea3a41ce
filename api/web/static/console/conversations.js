// The console's live conversations (issue 14): the agent's presence, the handoff queue with
// waiting times and positions, accept (one conversation goes to one agent: a 409 says
// another agent was faster), a conversation's transcript and what the bot tried, reply,
// "the user is typing", send a knowledge article, transfer, hand back to the bot, close
// with a resolution note; and the contact requests (tickets) left while nobody was there.
//
// Live: the agent socket /api/v1/agent/ws?token= pushes {"type": "queue"} (refetch),
// {"type": "message", handoff_id, message} and {"type": "typing", handoff_id}. Without it
// (refused, dropped, not deployed) everything is polled every POLL_SECONDS, and the socket
// is tried again with a growing delay. Built with DOM nodes and textContent only.

import { el, requiredTextForm, safeUrl } from "./dom.js";
import { PORTALS, POLL_SECONDS, formatDate, formatWaiting } from "./i18n.js";

/** How long "the user is typing" stays without news, and how often the agent's typing is told. */
export const TYPING_SHOWN_MS = 6000;
export const TYPING_SENT_MS = 3000;
const TICK_MS = 10000;

/** The agent socket's URL: a browser cannot set headers on a WebSocket, the token is a query parameter. */
export function agentWsUrl(location, token) {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${location.host}/api/v1/agent/ws?token=${encodeURIComponent(token)}`;
}

/** Reconnect delays of the agent socket: 1 s, 2 s, 4 s … at most 30 s. */
export function reconnectDelay(attempt) {
  return Math.min(30000, 1000 * Math.pow(2, Math.max(0, attempt)));
}

const items = (body) => (body && Array.isArray(body.items) ? body.items : []);

export class Conversations {
  /** @param {import("./app.js").Console} app */
  constructor(app) {
    this.app = app;
    this.queued = [];
    this.mine = [];
    this.agents = [];
    this.presence = null;
    this.current = null; // the open handoff: HandoffDetail
    this.paneKey = null;
    this.unread = new Set();
    this.fetchedAt = Date.now();
    this.listSignature = null;
    this.ws = null;
    this.live = false;
    this.running = false;
    this.pollTimer = null;
    this.reconnectTimer = null;
    this.reconnectAttempt = 0;
    this.tickTimer = null;
    this.typingHide = null;
    this.lastTypingSent = 0;
    this.refreshing = null;
    this.refreshAgain = false;
    this.root = null;
    this.loadedOnce = false;
  }

  s(key, params) {
    return this.app.s(key, params);
  }

  api(method, path, body) {
    return this.app.api(method, path, body);
  }

  get me() {
    const user = this.app.session && this.app.session.user;
    return (user && user.id) || null;
  }

  nameOf(handoff) {
    return (handoff && handoff.user_name) || this.s("conv.anonymous");
  }

  // ------------------------------------------------------------ running

  /** Connect and load (once; a new language only draws again). */
  start() {
    if (this.running) return;
    this.running = true;
    this.connect();
    this.refresh();
    this.loadAgents();
    this.tickTimer = window.setInterval(() => this.tick(), TICK_MS);
  }

  stop() {
    this.running = false;
    const socket = this.ws;
    this.ws = null;
    this.live = false;
    if (socket) socket.close();
    this.stopPolling();
    window.clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    window.clearInterval(this.tickTimer);
    this.tickTimer = null;
  }

  connect() {
    if (!this.running || this.ws || !this.app.session) return;
    if (typeof window.WebSocket !== "function") {
      this.startPolling();
      return;
    }
    let socket;
    try {
      socket = new window.WebSocket(agentWsUrl(window.location, this.app.session.access_token));
    } catch (e) {
      this.startPolling();
      this.scheduleReconnect();
      return;
    }
    this.ws = socket;
    socket.onopen = () => {
      if (this.ws !== socket) return;
      this.live = true;
      this.reconnectAttempt = 0;
      this.stopPolling();
      this.showMode();
      this.refresh(); // what happened while the socket was down
    };
    socket.onmessage = (event) => {
      if (this.ws !== socket) return;
      let data;
      try {
        data = JSON.parse(event.data);
      } catch (e) {
        return;
      }
      this.onEvent(data);
    };
    socket.onclose = () => {
      if (this.ws !== socket) return;
      this.ws = null;
      this.live = false;
      this.startPolling();
      this.showMode();
      this.scheduleReconnect();
    };
    socket.onerror = () => {
      /* onclose follows */
    };
  }

  scheduleReconnect() {
    if (!this.running || this.reconnectTimer) return;
    this.reconnectTimer = window.setTimeout(() => {
      this.reconnectTimer = null;
      this.connect();
    }, reconnectDelay(this.reconnectAttempt++));
  }

  startPolling() {
    if (this.pollTimer || !this.running) return;
    this.pollTimer = window.setInterval(() => this.refresh(), POLL_SECONDS * 1000);
  }

  stopPolling() {
    if (this.pollTimer) window.clearInterval(this.pollTimer);
    this.pollTimer = null;
  }

  onEvent(event) {
    if (!event || typeof event !== "object") return;
    if (event.type === "queue") {
      this.refresh();
      this.app.onQueueChanged();
    } else if (event.type === "message" && event.message && typeof event.message === "object") {
      if (this.current && event.handoff_id === this.current.id) {
        this.addMessage(event.message);
        if (event.message.sender === "user") this.setTyping(false);
      } else if (event.message.sender === "user") {
        this.unread.add(event.handoff_id);
        const handoff = this.mine.find((h) => h.id === event.handoff_id);
        if (handoff) this.announce(this.s("conv.newMessage", { name: this.nameOf(handoff), text: String(event.message.text || "").slice(0, 120) }));
        this.renderLists();
      }
    } else if (event.type === "typing") {
      if (this.current && event.handoff_id === this.current.id) this.setTyping(true);
    } else if (event.type === "delivered") {
      if (this.current && event.handoff_id === this.current.id) this.markDelivered(event.message_id, event.delivered_at);
    }
  }

  /** The queue, my conversations and the open one, again (one request at a time). */
  refresh() {
    if (this.refreshing) {
      this.refreshAgain = true;
      return this.refreshing;
    }
    this.refreshing = this.load().finally(() => {
      this.refreshing = null;
      if (this.refreshAgain) {
        this.refreshAgain = false;
        this.refresh();
      }
    });
    return this.refreshing;
  }

  async load() {
    try {
      const [queued, active] = await Promise.all([
        this.api("GET", "/api/v1/agent/handoffs?state=queued"),
        this.api("GET", "/api/v1/agent/handoffs?state=active"),
      ]);
      const before = this.loadedOnce ? new Set(this.queued.map((h) => h.id)) : null;
      this.queued = items(queued).slice().sort((a, b) => (a.position || 0) - (b.position || 0));
      this.loadedOnce = true;
      // A conversation joined the queue: said to a screen reader too, whichever tab is shown.
      if (before && this.queued.some((h) => !before.has(h.id))) this.announce(this.s("conv.waitingCount", { n: this.queued.length }));
      this.mine = items(active).filter((h) => h.agent_id === this.me);
      this.fetchedAt = Date.now();
      this.setListError(null);
      this.renderLists();
      this.app.onWaitingCount(this.queued.length);
    } catch (e) {
      if (!this.app.session) return;
      this.setListError(e.message);
    }
    if (this.current) await this.reloadCurrent();
  }

  async loadAgents() {
    try {
      this.agents = await this.api("GET", "/api/v1/agent/agents");
      if (!Array.isArray(this.agents)) this.agents = [];
      const mine = this.agents.find((a) => a.agent_id === this.me);
      if (mine && this.presence === null) this.presence = mine.status;
      if (this.presence === null) this.presence = "away";
      this.renderPresence();
      if (this.current && this.transferBox && this.transferBox.isConnected) this.renderTransfer();
    } catch (e) {
      if (this.presence === null) this.presence = "away";
      this.renderPresence();
    }
  }

  /** The waiting times go on between two loads. */
  tick() {
    if (!this.root) return;
    const elapsed = (Date.now() - this.fetchedAt) / 1000;
    for (const cell of this.root.querySelectorAll("[data-seconds]")) {
      cell.textContent = formatWaiting(Number(cell.getAttribute("data-seconds")) + elapsed, this.app.lang);
    }
  }

  // ------------------------------------------------------------ drawing

  /** The tab's panel: presence and lists beside the open conversation. */
  render(container) {
    this.root = container;
    this.listSignature = null;
    this.paneKey = null;
    container.textContent = "";
    this.presenceBox = el("fieldset", { class: "presence" });
    this.modeEl = el("p", { class: "muted mode", role: "status" });
    this.listError = el("p", { class: "error", role: "alert", hidden: true });
    // A refused accept (409: another agent was faster) stays until the next accept.
    this.acceptError = el("p", { class: "error accept-error", role: "alert", hidden: true });
    this.queueBody = el("div", { class: "hq-body" });
    this.mineBody = el("div", { class: "hq-mine" });
    this.pane = el("section", { class: "conversation", "aria-labelledby": "conv-title", tabindex: "-1" }, [el("h2", { id: "conv-title", text: this.s("conv.choose") })]);
    const side = el("section", { class: "handoffs", "aria-labelledby": "hq-title" }, [
      this.presenceBox,
      el("h2", { id: "hq-title", text: this.s("conv.queue") }),
      this.modeEl,
      this.listError,
      this.acceptError,
      this.queueBody,
      el("h2", { id: "mine-title", text: this.s("conv.mine") }),
      this.mineBody,
    ]);
    container.append(side, this.pane);
    this.renderPresence();
    this.showMode();
    this.renderLists();
    if (this.current) this.renderPane();
  }

  showMode() {
    if (!this.modeEl) return;
    this.modeEl.textContent = this.running ? this.s(this.live ? "conv.live" : "conv.polling") : "";
    this.modeEl.classList.toggle("live", this.live);
  }

  setListError(message) {
    if (!this.listError) return;
    this.listError.textContent = message || "";
    this.listError.hidden = !message;
  }

  /** Said to a screen reader (the console's live region: heard from any tab). */
  announce(text) {
    const region = this.app.liveEl;
    if (!region) return;
    region.textContent = "";
    window.setTimeout(() => (region.textContent = text), 50);
  }

  renderPresence() {
    const box = this.presenceBox;
    if (!box) return;
    box.textContent = "";
    box.append(el("legend", { text: this.s("conv.presence") }));
    for (const status of ["available", "away"]) {
      const id = `presence-${status}`;
      const radio = el("input", { type: "radio", name: "presence", id, value: status });
      radio.checked = this.presence === status;
      radio.disabled = this.presence === null;
      radio.addEventListener("change", () => {
        if (radio.checked) this.setPresence(status);
      });
      box.append(el("span", { class: `choice p-${status}` }, [radio, el("label", { for: id, text: this.s(`conv.${status}`) })]));
    }
    this.presenceNote = el("p", { class: "muted presence-note", role: "status", text: this.presence ? this.s(`conv.presenceNow.${this.presence}`) : "" });
    box.append(this.presenceNote);
  }

  async setPresence(status) {
    const before = this.presence;
    try {
      const read = await this.api("PUT", "/api/v1/agent/presence", { status });
      this.presence = (read && read.status) || status;
      this.renderPresence();
      if (this.presenceBox) this.presenceBox.querySelector(`#presence-${this.presence}`).focus();
    } catch (e) {
      if (!this.app.session) return;
      this.presence = before;
      this.renderPresence();
      this.presenceNote.textContent = e.message;
      this.presenceNote.classList.add("error");
    }
  }

  /** Both lists; drawn again only when something else than the waiting times changed
   * (a keyboard user keeps the focus on the list's buttons). */
  renderLists() {
    if (!this.queueBody) return;
    const signature = JSON.stringify([
      this.app.lang,
      this.current && this.current.id,
      [...this.unread],
      this.queued.map((h) => [h.id, h.position, h.user_name, h.portal, h.language, h.reason]),
      this.mine.map((h) => [h.id, h.user_name, h.portal]),
    ]);
    if (signature === this.listSignature) {
      this.updateWaiting();
      return;
    }
    this.listSignature = signature;
    const focused = document.activeElement && document.activeElement.getAttribute && document.activeElement.getAttribute("data-focus");
    this.queueBody.textContent = "";
    if (!this.queued.length) this.queueBody.append(el("p", { class: "empty", text: this.s("conv.emptyQueue") }));
    else {
      const heads = ["conv.position", "conv.user", "portal", "conv.waiting"];
      const head = el("tr", {}, heads.map((key) => el("th", { scope: "col", text: this.s(key) })).concat([el("td")]));
      const rows = this.queued.map((h) => {
        const name = this.nameOf(h);
        const open = el("button", { type: "button", class: "link", "data-focus": `open-${h.id}`, "aria-label": this.s("conv.open", { name }), text: name });
        open.addEventListener("click", () => this.open(h.id));
        const accept = el("button", { type: "button", class: "primary small", "data-focus": `accept-${h.id}`, "aria-label": this.s("conv.acceptOf", { name }), text: this.s("conv.accept") });
        accept.addEventListener("click", () => this.accept(h.id, accept));
        return el("tr", { "data-handoff": h.id, "aria-current": this.current && this.current.id === h.id ? "true" : null }, [
          el("td", { class: "position", text: h.position ? String(h.position) : "" }),
          el("td", { dir: "auto" }, [open, el("br"), el("small", { class: "muted reason", text: this.s(`conv.reasons.${h.reason}`) })]),
          el("td", {}, [document.createTextNode(this.portalName(h.portal)), el("br"), el("small", { class: "muted lang", text: this.s(`conv.languages.${h.language}`) })]),
          el("td", { class: "waiting", "data-seconds": String(Number(h.waiting_seconds) || 0), text: formatWaiting(h.waiting_seconds, this.app.lang) }),
          el("td", { class: "accept" }, [accept]),
        ]);
      });
      this.queueBody.append(el("table", { class: "queue-table hq-table", "aria-labelledby": "hq-title" }, [el("thead", {}, [head]), el("tbody", {}, rows)]));
    }
    this.mineBody.textContent = "";
    if (!this.mine.length) this.mineBody.append(el("p", { class: "empty", text: this.s("conv.emptyMine") }));
    else {
      this.mineBody.append(
        el(
          "ul",
          { class: "mine", "aria-labelledby": "mine-title" },
          this.mine.map((h) => {
            const name = this.nameOf(h);
            const unread = this.unread.has(h.id);
            const open = el("button", { type: "button", class: "link", "data-focus": `mine-${h.id}`, "aria-label": this.s("conv.open", { name }) + (unread ? ` (${this.s("conv.unread")})` : ""), text: name });
            open.addEventListener("click", () => this.open(h.id));
            return el("li", { "data-handoff": h.id, "aria-current": this.current && this.current.id === h.id ? "true" : null }, [
              open,
              el("span", { class: "muted", text: ` · ${this.portalName(h.portal)} · ${this.s(`conv.languages.${h.language}`)}` }),
              unread ? el("span", { class: "dot", text: this.s("conv.unread") }) : null,
            ]);
          })
        )
      );
    }
    if (focused) {
      const again = this.root.querySelector(`[data-focus="${focused}"]`);
      if (again) again.focus();
    }
  }

  updateWaiting() {
    for (const h of this.queued) {
      const cell = this.queueBody.querySelector(`tr[data-handoff="${h.id}"] .waiting`);
      if (cell) {
        cell.setAttribute("data-seconds", String(Number(h.waiting_seconds) || 0));
        cell.textContent = formatWaiting(h.waiting_seconds, this.app.lang);
      }
    }
  }

  portalName(code) {
    return PORTALS.includes(code) ? this.s(`portals.${code}`) : code || "";
  }

  // ------------------------------------------------------------ one conversation

  async open(id, notice) {
    this.unread.delete(id);
    try {
      const detail = await this.api("GET", `/api/v1/agent/handoffs/${encodeURIComponent(id)}`);
      this.current = detail;
      this.paneKey = null;
      this.renderPane(notice);
      this.renderLists();
      this.pane.focus();
    } catch (e) {
      if (!this.app.session) return;
      this.current = null;
      this.pane.textContent = "";
      this.pane.append(el("h2", { id: "conv-title", text: this.s("conv.choose") }), el("p", { class: "error", role: "alert", text: e.status === 404 ? this.s("conv.notFound") : e.message }));
    }
  }

  async reloadCurrent() {
    const id = this.current && this.current.id;
    if (!id) return;
    try {
      const detail = await this.api("GET", `/api/v1/agent/handoffs/${encodeURIComponent(id)}`);
      if (!this.current || this.current.id !== id) return;
      const known = new Set((this.current.transcript || []).map((m) => m.id));
      const fresh = (detail.transcript || []).filter((m) => !known.has(m.id));
      const transcript = (this.current.transcript || []).concat(fresh);
      this.current = Object.assign({}, detail, { transcript });
      if (this.keyOf(detail) !== this.paneKey) this.renderPane();
      else {
        for (const m of fresh) this.drawMessage(m);
        this.renderFacts();
        if (!this.live) this.setTyping(!!detail.user_typing);
      }
    } catch (e) {
      /* shown as it was; the next refresh tries again */
    }
  }

  keyOf(h) {
    return `${h.id}:${h.state}:${h.agent_id || ""}:${this.app.lang}`;
  }

  get isMine() {
    return !!(this.current && this.current.state === "active" && this.current.agent_id === this.me);
  }

  renderPane(notice) {
    const h = this.current;
    const pane = this.pane;
    if (!h || !pane) return;
    this.paneKey = this.keyOf(h);
    const draft = this.replyArea ? this.replyArea.value : "";
    pane.textContent = "";
    pane.append(
      el("h2", { id: "conv-title" }, [
        document.createTextNode(this.s("conv.title", { name: this.nameOf(h) }) + " "),
        el("span", { class: `badge h-${h.state}`, text: this.s(`conv.states.${h.state}`) }),
      ])
    );
    this.feedback = el("p", { class: "feedback", role: "status", hidden: !notice, text: notice || "" });
    this.errorEl = el("p", { class: "error", role: "alert", hidden: true });
    this.factsEl = el("dl", { class: "facts conv-facts" });
    pane.append(this.feedback, this.errorEl, this.factsEl);
    this.renderFacts();
    pane.append(this.contextBox(h.summary || {}));

    pane.append(el("h3", { id: "chat-title", text: this.s("conv.transcript") }));
    this.chatEl = el("ol", { class: "chat", role: "log", "aria-live": "polite", "aria-labelledby": "chat-title" });
    this.noMessages = el("p", { class: "muted", text: this.s("conv.noMessages") });
    // Drawn before it is in the page: the live region announces what comes later only.
    for (const m of h.transcript || []) this.drawMessage(m);
    pane.append(this.noMessages, this.chatEl);
    this.chatEl.scrollTop = this.chatEl.scrollHeight;
    this.typingEl = el("p", { class: "typing-indicator", role: "status", "aria-live": "polite" });
    pane.append(this.typingEl);
    this.setTyping(!!h.user_typing && this.isMine);

    this.replyArea = null;
    pane.append(this.actions(h, draft));
  }

  renderFacts() {
    const h = this.current;
    if (!h || !this.factsEl) return;
    const facts = [
      ["portal", this.portalName(h.portal)],
      ["conv.language", this.s(`conv.languages.${h.language}`)],
      ["conv.reason", this.s(`conv.reasons.${h.reason}`)],
      ["conv.queuedAt", formatDate(h.queued_at, this.app.lang)],
    ];
    if (h.state === "queued") {
      facts.push(["conv.position", h.position ? String(h.position) : ""]);
      facts.push(["conv.waiting", formatWaiting(h.waiting_seconds, this.app.lang)]);
    }
    if (h.agent_name) facts.push(["conv.agent", h.agent_name]);
    if (h.accepted_at) facts.push(["conv.acceptedAt", formatDate(h.accepted_at, this.app.lang)]);
    if (h.closed_at) facts.push(["conv.closedAt", formatDate(h.closed_at, this.app.lang)]);
    if (h.resolution) facts.push(["conv.resolution", h.resolution]);
    this.factsEl.textContent = "";
    for (const [key, value] of facts) this.factsEl.append(el("dt", { text: this.s(key) }), el("dd", { dir: "auto", text: value || "" }));
  }

  /** What the bot tried: the last questions, the articles shown, the procedure's draft. */
  contextBox(summary) {
    const box = el("section", { class: "context", "aria-labelledby": "context-title" }, [el("h3", { id: "context-title", text: this.s("conv.context") })]);
    const none = () => el("p", { class: "muted", text: this.s("conv.none") });
    const questions = Array.isArray(summary.questions) ? summary.questions : [];
    box.append(el("h4", { text: this.s("conv.questions") }));
    box.append(questions.length ? el("ol", { class: "questions" }, questions.map((q) => el("li", { dir: "auto", text: String(q) }))) : none());
    const articles = Array.isArray(summary.articles) ? summary.articles : [];
    box.append(el("h4", { text: this.s("conv.articles") }));
    box.append(
      articles.length
        ? el(
            "ul",
            { class: "articles-shown" },
            articles.map((a) => {
              const href = safeUrl(a && a.url);
              const title = String((a && a.title) || (a && a.url) || "");
              return el("li", { dir: "auto" }, [href ? el("a", { href, target: "_blank", rel: "noopener noreferrer", text: title }) : document.createTextNode(title)]);
            })
          )
        : none()
    );
    const procedure = summary.procedure;
    box.append(el("h4", { text: this.s("conv.procedure") }));
    if (procedure && typeof procedure === "object") {
      const part = el("div", { class: "procedure" }, [
        el("p", { dir: "auto" }, [el("strong", { text: String(procedure.name || "") }), procedure.step ? document.createTextNode(` — ${this.s("conv.step", { step: procedure.step })}`) : null]),
      ]);
      const answers = procedure.answers && typeof procedure.answers === "object" ? Object.entries(procedure.answers) : [];
      if (answers.length) {
        const dl = el("dl", { class: "facts answers" });
        for (const [key, value] of answers) dl.append(el("dt", { dir: "auto", text: key }), el("dd", { dir: "auto", text: typeof value === "string" ? value : JSON.stringify(value) }));
        part.append(dl);
      }
      box.append(part);
    } else box.append(none());
    return box;
  }

  whoOf(message) {
    if (message.sender === "agent" && message.agent && message.agent.name) return message.agent.name;
    if (message.sender === "user") return this.nameOf(this.current);
    return this.s(`sender.${message.sender || "bot"}`);
  }

  /** One message of the transcript, once (by id). */
  drawMessage(message) {
    if (!this.chatEl || !message) return;
    if (message.id && this.chatEl.querySelector(`li[data-id="${CSS.escape(message.id)}"]`)) return;
    const role = ["user", "bot", "agent", "system"].includes(message.sender) ? message.sender : "bot";
    const sources = Array.isArray(message.sources) ? message.sources : [];
    const item = el("li", { class: `m m-${role}`, "data-id": message.id || null }, [
      el("div", { class: "meta" }, [
        el("strong", { dir: "auto", text: this.whoOf(message) }),
        document.createTextNode(" "),
        el("time", { datetime: message.created_at || "", text: formatDate(message.created_at, this.app.lang) }),
        role === "agent" ? document.createTextNode(" ") : null,
        role === "agent" ? el("span", { class: "delivered", text: message.delivered_at ? this.s("conv.delivered") : "" }) : null,
      ]),
      el("p", { dir: "auto", text: String(message.text || "") }),
      sources.length
        ? el(
            "ul",
            { class: "sources" },
            sources.map((src) => {
              const href = safeUrl(src.url);
              const title = String(src.title || src.url || "");
              return el("li", { dir: "auto" }, [href ? el("a", { href, target: "_blank", rel: "noopener noreferrer", text: title }) : document.createTextNode(title)]);
            })
          )
        : null,
    ]);
    this.chatEl.append(item);
    this.noMessages.hidden = true;
    this.chatEl.scrollTop = this.chatEl.scrollHeight; // the transcript scrolls, not the page
  }

  /** A message of the socket or of a reply: into the transcript, once. */
  addMessage(message) {
    if (!this.current) return;
    const transcript = this.current.transcript || (this.current.transcript = []);
    if (message.id && transcript.some((m) => m.id === message.id)) return;
    transcript.push(message);
    this.drawMessage(message);
  }

  /** The user's widget has every message up to `messageId` (its cumulative ack). */
  markDelivered(messageId, deliveredAt) {
    const transcript = (this.current && this.current.transcript) || [];
    const upTo = transcript.findIndex((m) => m.id === messageId);
    if (upTo < 0 || !this.chatEl) return;
    for (const message of transcript.slice(0, upTo + 1)) {
      if (message.sender === "user" || message.delivered_at) continue;
      message.delivered_at = deliveredAt || new Date().toISOString();
      const mark = this.chatEl.querySelector(`li[data-id="${CSS.escape(message.id)}"] .delivered`);
      if (mark) mark.textContent = this.s("conv.delivered");
    }
  }

  setTyping(on) {
    if (!this.typingEl) return;
    window.clearTimeout(this.typingHide);
    this.typingEl.textContent = on ? this.s("conv.userTyping") : "";
    this.typingEl.classList.toggle("on", !!on);
    if (on) this.typingHide = window.setTimeout(() => this.setTyping(false), TYPING_SHOWN_MS);
  }

  // ------------------------------------------------------------ what the agent does

  actions(h, draft) {
    const box = el("div", { class: "actions conv-actions" });
    if (h.state === "queued") {
      box.append(el("p", { class: "muted", text: this.s("conv.acceptFirst") }));
      const accept = el("button", { type: "button", class: "primary", text: this.s("conv.acceptOf", { name: this.nameOf(h) }) });
      accept.addEventListener("click", () => this.accept(h.id, accept));
      box.append(accept);
      return box;
    }
    if (h.state === "closed") {
      box.append(el("p", { class: "muted", text: this.s("conv.closedDone") }));
      return box;
    }
    if (!this.isMine) {
      box.append(el("p", { class: "muted", text: this.s("conv.notYours", { name: h.agent_name || "" }) }));
      return box;
    }
    box.append(this.replyForm(h, draft), this.articleForm(h));
    this.transferBox = el("div", { class: "act act-transfer" });
    box.append(this.transferBox);
    this.renderTransfer();
    const back = el("button", { type: "button", class: "secondary", text: this.s("conv.handBack") });
    back.addEventListener("click", () => this.act("hand-back", undefined, "conv.handedBack", back));
    box.append(back, this.closeForm());
    return box;
  }

  replyForm(h, draft) {
    const area = el("textarea", { id: "conv-reply", name: "text", rows: "3", dir: "auto", maxlength: "4000", "aria-describedby": "conv-reply-hint conv-reply-error" });
    area.value = draft || "";
    const hint = el("p", { class: "muted hint", id: "conv-reply-hint", text: this.s("conv.replyHint") });
    const error = el("p", { class: "error", id: "conv-reply-error", hidden: true });
    const submit = el("button", { type: "submit", class: "primary", text: this.s("conv.replySend") });
    const form = el("form", { class: "act act-reply", novalidate: "" }, [el("label", { for: "conv-reply", text: this.s("conv.replyLabel") }), area, hint, error, submit]);
    area.addEventListener("input", () => {
      error.hidden = true;
      area.removeAttribute("aria-invalid");
      if (area.value.trim()) this.typed(h.id);
    });
    area.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        form.requestSubmit();
      }
    });
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const text = area.value.trim();
      if (!text) {
        error.textContent = this.s("required");
        error.hidden = false;
        area.setAttribute("aria-invalid", "true");
        area.focus();
        return;
      }
      submit.disabled = true;
      try {
        const message = await this.api("POST", `/api/v1/agent/handoffs/${encodeURIComponent(h.id)}/messages`, { text });
        area.value = "";
        if (message && typeof message === "object") this.addMessage(message);
        area.focus();
      } catch (e) {
        this.fail(e);
      } finally {
        submit.disabled = false;
      }
    });
    this.replyArea = area;
    return form;
  }

  /** Tell the user the agent is typing: at most once every TYPING_SENT_MS. */
  typed(id) {
    const now = Date.now();
    if (now - this.lastTypingSent < TYPING_SENT_MS) return;
    this.lastTypingSent = now;
    this.api("POST", `/api/v1/agent/handoffs/${encodeURIComponent(id)}/typing`).catch(() => {
      /* only a hint */
    });
  }

  /** A knowledge article, found with the public search, sent as a message. */
  articleForm(h) {
    const input = el("input", { type: "search", id: "conv-article-q", name: "q", dir: "auto", maxlength: "500", autocomplete: "off" });
    const search = el("button", { type: "submit", class: "secondary", text: this.s("conv.articleSearch") });
    const results = el("ul", { class: "article-results", "aria-live": "polite" });
    const form = el("form", { class: "act act-article", role: "search" }, [
      el("label", { for: "conv-article-q", text: this.s("conv.articleLabel") }),
      el("div", { class: "inline" }, [input, search]),
      results,
    ]);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const q = input.value.trim();
      if (!q) {
        input.focus();
        return;
      }
      search.disabled = true;
      const query = new URLSearchParams({ q, lang: ["fr", "ar", "en"].includes(h.language) ? h.language : "fr", limit: "5" });
      if (PORTALS.includes(h.portal)) query.set("portal", h.portal);
      try {
        const body = await this.api("GET", `/api/v1/knowledge/search?${query}`);
        const hits = (body && Array.isArray(body.results) && body.results) || [];
        results.textContent = "";
        if (!hits.length) results.append(el("li", { class: "muted", text: this.s("conv.noArticles") }));
        for (const hit of hits) {
          const send = el("button", { type: "button", class: "secondary small", "aria-label": this.s("conv.articleSend", { title: hit.title }), text: this.s("conv.articleSendShort") });
          send.addEventListener("click", () => this.sendArticle(h, hit, send));
          results.append(el("li", {}, [el("div", { dir: "auto" }, [el("strong", { text: hit.title || "" }), el("p", { class: "muted snippet", text: hit.snippet || "" })]), send]));
        }
      } catch (e) {
        this.fail(e);
      } finally {
        search.disabled = false;
      }
    });
    return form;
  }

  async sendArticle(h, hit, button) {
    button.disabled = true;
    try {
      const message = await this.api("POST", `/api/v1/agent/handoffs/${encodeURIComponent(h.id)}/messages`, { article_id: hit.id });
      if (message && typeof message === "object") this.addMessage(message);
      this.say(this.s("conv.articleSent"));
    } catch (e) {
      this.fail(e);
    } finally {
      if (button.isConnected) button.disabled = false;
    }
  }

  renderTransfer() {
    const box = this.transferBox;
    if (!box || !this.current) return;
    box.textContent = "";
    const others = this.agents.filter((a) => a.agent_id !== this.me && a.status === "available");
    box.append(el("label", { for: "conv-transfer", text: this.s("conv.transferLabel") }));
    if (!others.length) {
      box.append(el("p", { class: "muted", text: this.s("conv.noAgents") }));
      return;
    }
    const select = el("select", { id: "conv-transfer", name: "agent_id" }, others.map((a) => el("option", { value: a.agent_id, text: a.display_name || a.agent_id })));
    const submit = el("button", { type: "button", class: "secondary", text: this.s("conv.transferSend") });
    submit.addEventListener("click", () => {
      const agent = others.find((a) => a.agent_id === select.value);
      if (agent) this.act("transfer", { agent_id: agent.agent_id }, "conv.transferred", submit, { name: agent.display_name || "" });
    });
    box.append(el("div", { class: "inline" }, [select, submit]));
  }

  closeForm() {
    return requiredTextForm({
      id: "conv-resolution",
      name: "resolution",
      rows: 2,
      maxLength: 1000,
      formClass: "act act-close",
      label: this.s("conv.resolutionLabel"),
      submitText: this.s("conv.closeSend"),
      submitClass: "secondary",
      requiredText: this.s("required"),
      onSubmit: (resolution, submit) => this.act("close", { resolution }, "conv.closedDone", submit),
    });
  }

  async accept(id, button) {
    if (button) button.disabled = true;
    this.acceptError.hidden = true;
    try {
      await this.api("POST", `/api/v1/agent/handoffs/${encodeURIComponent(id)}/accept`, {});
      await this.open(id, this.s("conv.accepted"));
      if (this.replyArea) this.replyArea.focus();
      this.refresh();
    } catch (e) {
      if (!this.app.session) return;
      const message = e.status === 409 ? this.s("conv.alreadyTaken") : e.message;
      this.acceptError.textContent = message;
      this.acceptError.hidden = false;
      if (this.current && this.current.id === id && this.errorEl) {
        this.errorEl.textContent = message;
        this.errorEl.hidden = false;
      }
      await this.refresh();
    } finally {
      if (button && button.isConnected) button.disabled = false;
    }
  }

  /** transfer, hand-back, close: the answer is the handoff; the pane is drawn again. */
  async act(action, body, doneKey, button, params) {
    const h = this.current;
    if (!h) return;
    if (button) button.disabled = true;
    try {
      const updated = await this.api("POST", `/api/v1/agent/handoffs/${encodeURIComponent(h.id)}/${action}`, body === undefined ? {} : body);
      if (this.current && this.current.id === h.id) {
        this.current = Object.assign({}, this.current, updated || {}, { transcript: this.current.transcript });
        this.renderPane(this.s(doneKey, params));
        this.pane.focus();
      }
      this.refresh();
      if (action === "transfer") this.loadAgents();
    } catch (e) {
      this.fail(e);
    } finally {
      if (button && button.isConnected) button.disabled = false;
    }
  }

  say(text) {
    if (!this.feedback) return;
    this.feedback.textContent = text;
    this.feedback.hidden = false;
    if (this.errorEl) this.errorEl.hidden = true;
  }

  fail(e) {
    if (!this.app.session || !this.errorEl) return;
    this.errorEl.textContent = e.status === 409 ? this.s("conv.alreadyTaken") : e.message;
    this.errorEl.hidden = false;
  }
}

/** The contact requests left while nobody was available (GET /agent/tickets). */
export class Tickets {
  /** @param {import("./app.js").Console} app */
  constructor(app) {
    this.app = app;
    this.items = null;
  }

  s(key, params) {
    return this.app.s(key, params);
  }

  render(container) {
    this.root = container;
    container.textContent = "";
    this.status = el("p", { class: "muted", role: "status" });
    this.body = el("div", { class: "tickets-body" });
    const refresh = el("button", { type: "button", class: "secondary", text: this.s("refresh") });
    refresh.addEventListener("click", () => this.load());
    container.append(
      el("section", { class: "tickets", "aria-labelledby": "tickets-title" }, [
        el("h2", { id: "tickets-title", text: this.s("tickets.title") }),
        el("p", { class: "muted", text: this.s("tickets.intro") }),
        refresh,
        this.status,
        this.body,
      ])
    );
    if (this.items) this.draw();
  }

  async load() {
    try {
      const body = await this.app.api("GET", "/api/v1/agent/tickets");
      this.items = items(body);
      this.status.classList.remove("error");
      this.status.textContent = this.s("refreshed", { time: new Date().toLocaleTimeString(this.app.lang === "ar" ? "ar-MA" : this.app.lang) });
      this.draw();
    } catch (e) {
      if (!this.app.session || !this.status) return;
      this.status.textContent = e.message;
      this.status.classList.add("error");
    }
  }

  draw() {
    this.body.textContent = "";
    if (!this.items.length) {
      this.body.append(el("p", { class: "empty", text: this.s("tickets.empty") }));
      return;
    }
    const head = el("tr", {}, ["reference", "fullName", "email", "request", "portal", "language", "createdAt"].map((key) => el("th", { scope: "col", text: key === "portal" ? this.s("portal") : key === "language" ? this.s("conv.language") : this.s(`tickets.${key}`) })));
    const rows = this.items.map((ticket) =>
      el("tr", { "data-ticket": ticket.id }, [
        el("td", { class: "ref", text: ticket.reference || "" }),
        el("td", { dir: "auto", text: ticket.full_name || "" }),
        el("td", {}, [ticket.email ? el("a", { href: `mailto:${ticket.email}`, text: ticket.email }) : null]),
        el("td", { class: "request", dir: "auto", text: ticket.request || "" }),
        el("td", { text: PORTALS.includes(ticket.portal) ? this.s(`portals.${ticket.portal}`) : ticket.portal || "" }),
        el("td", { text: this.s(`conv.languages.${ticket.language}`) }),
        el("td", {}, [el("time", { datetime: ticket.created_at || "", text: formatDate(ticket.created_at, this.app.lang) })]),
      ])
    );
    this.body.append(el("table", { class: "queue-table tickets-table", "aria-labelledby": "tickets-title" }, [el("thead", {}, [head]), el("tbody", {}, rows)]));
  }
}
