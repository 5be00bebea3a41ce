// The widget's DOM, in a shadow root: the launcher, the panel (header, log, history,
// sign-in pane, composer), message bubbles with their sources and quick replies. It shows
// what the controller (app.js) holds and hands every user action back to it.

import { addStyles, el, icon } from "./dom.js";
import { CARD_CSS, FormCard, isFormCard } from "./formcard.js";
import { directionOf, formatTime, parseServerTime, portalName } from "./i18n.js";
import { isSessionId } from "./history.js";
import { renderMarkdown, safeHref } from "./markdown.js";
import { CSS } from "./styles.js";

const SENDERS = ["user", "bot", "agent", "system"];
const WHO = { user: "you", bot: "bot", agent: "agent", system: "system" };

export class View {
  /** @param {import("./app.js").Widget} app */
  constructor(app) {
    this.app = app;
    this.doc = app.doc;
    this.knownIds = new Set(); // messages shown: a resend never shows a reply twice
    this.introEl = null;
    this.cards = []; // the form cards shown: one open at most, the latest
    this.build();
  }

  s(key, params) {
    return this.app.s(key, params);
  }

  build() {
    const app = this.app;
    const doc = this.doc;
    this.host = el(doc, "div", { id: "tijaria-widget", "data-portal": app.portal });
    this.shadow = this.host.attachShadow({ mode: "open" });
    addStyles(this.shadow, CSS);
    addStyles(this.shadow, CARD_CSS);

    this.launcher = el(doc, "button", { type: "button", class: "launcher", "aria-expanded": "false", "aria-controls": "tj-panel" }, [
      icon(doc, "chat"),
      (this.launcherLabel = el(doc, "span")),
    ]);
    this.launcher.addEventListener("click", () => app.open());

    this.titleEl = el(doc, "h2", { id: "tj-title" });
    this.subtitleEl = el(doc, "p");
    this.historyBtn = el(doc, "button", { type: "button", class: "icon-btn history-btn", "aria-pressed": "false" }, [icon(doc, "history")]);
    this.historyBtn.addEventListener("click", () => (app.pane === "history" ? app.showChat() : app.showHistory()));
    this.closeBtn = el(doc, "button", { type: "button", class: "icon-btn close-btn" }, [icon(doc, "close")]);
    this.closeBtn.addEventListener("click", () => app.close());
    this.accountName = el(doc, "span", { class: "account-name" });
    this.signOutBtn = el(doc, "button", { type: "button", class: "link-btn sign-out" });
    this.signOutBtn.addEventListener("click", () => app.signOut());
    this.accountEl = el(doc, "p", { class: "account", hidden: true }, [this.accountName, this.signOutBtn]);
    const header = el(doc, "div", { class: "header" }, [
      el(doc, "div", { class: "titles" }, [this.titleEl, this.subtitleEl, this.accountEl]),
      this.historyBtn,
      this.closeBtn,
    ]);

    this.log = el(doc, "div", { class: "log", role: "log", "aria-live": "polite", "aria-relevant": "additions" });
    this.typing = el(doc, "div", { class: "typing", role: "status", hidden: true }, [
      el(doc, "span"),
      el(doc, "span"),
      el(doc, "span"),
      (this.typingLabel = el(doc, "span", { class: "sr-only" })),
    ]);
    this.historyView = el(doc, "div", { class: "history", hidden: true });
    this.loginView = el(doc, "div", { class: "login-view", hidden: true });
    this.body = el(doc, "div", { class: "body" }, [this.log, this.typing, this.historyView, this.loginView]);

    // The handoff: the queue position and « Quitter la file », then the agent's name.
    this.handoffText = el(doc, "span", { class: "handoff-text", dir: "auto" });
    this.leaveBtn = el(doc, "button", { type: "button", class: "leave-btn", hidden: true });
    this.leaveBtn.addEventListener("click", () => app.leaveQueue());
    this.handoffBar = el(doc, "div", { class: "handoff-bar", hidden: true }, [
      el(doc, "span", { class: "handoff-status", role: "status" }, [this.handoffText]),
      this.leaveBtn,
    ]);
    this.statusEl = el(doc, "div", { class: "status", role: "status", hidden: true });
    this.progressLabel = el(doc, "span", { class: "label" });
    this.progressBar = el(doc, "progress", { max: "100", value: "0" });
    this.progressPct = el(doc, "span", { class: "pct", "aria-hidden": "true" });
    this.progressEl = el(doc, "div", { class: "progress", role: "status", hidden: true }, [this.progressLabel, this.progressBar, this.progressPct]);

    this.fileInput = el(doc, "input", { type: "file", accept: "application/pdf,.pdf", hidden: true, tabindex: "-1", class: "file-input" });
    this.fileInput.addEventListener("change", () => {
      const file = this.fileInput.files && this.fileInput.files[0];
      this.fileInput.value = "";
      if (file) app.attach(file);
    });
    this.attachBtn = el(doc, "button", { type: "button", class: "icon-btn attach-btn" }, [icon(doc, "clip")]);
    this.attachBtn.addEventListener("click", () => this.fileInput.click());
    this.input = el(doc, "textarea", { rows: "1", class: "input", dir: "auto", maxlength: String(app.config.max_message_chars) });
    this.input.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        app.submit();
      }
    });
    this.input.addEventListener("input", () => {
      this.autosize();
      app.userTyping();
    });
    this.micBtn = el(doc, "button", { type: "button", class: "icon-btn mic-btn", "aria-pressed": "false", hidden: true }, [icon(doc, "mic")]);
    this.micBtn.addEventListener("click", () => app.toggleRecording());
    this.micBtn.addEventListener("pointerdown", (event) => app.micPointerDown(event));
    this.sendBtn = el(doc, "button", { type: "button", class: "icon-btn send" }, [icon(doc, "send", "rtl-flip")]);
    this.sendBtn.addEventListener("click", () => app.submit());
    this.composer = el(doc, "div", { class: "composer" }, [this.attachBtn, this.fileInput, this.input, this.micBtn, this.sendBtn]);

    this.panel = el(doc, "div", { class: "panel", id: "tj-panel", role: "dialog", "aria-modal": "false", "aria-labelledby": "tj-title", hidden: true }, [
      header,
      this.body,
      this.handoffBar,
      this.statusEl,
      this.progressEl,
      this.composer,
    ]);
    this.panel.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        event.stopPropagation();
        if (app.pane === "history" || app.pane === "login") app.showChat();
        else app.close();
      }
    });

    this.shadow.appendChild(this.launcher);
    this.shadow.appendChild(this.panel);
    (doc.body || doc.documentElement).appendChild(this.host);
  }

  /** More styles for a part loaded later (the sign-in form). */
  addStyles(css) {
    addStyles(this.shadow, css);
  }

  /** Every string of the UI in the conversation's language, and its direction. */
  applyStrings() {
    const app = this.app;
    const lang = app.lang;
    this.panel.setAttribute("dir", directionOf(lang));
    this.panel.setAttribute("lang", lang);
    this.launcher.setAttribute("dir", directionOf(lang));
    this.launcher.setAttribute("lang", lang);
    this.launcherLabel.textContent = this.s("launcher");
    this.panel.setAttribute("aria-label", this.s("dialog"));
    this.titleEl.textContent = this.s("title");
    this.subtitleEl.textContent = this.s("subtitle", { portal: portalName(app.portal, lang) });
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
    label(this.historyBtn, app.pane === "history" ? "historyBack" : "history");
    label(this.micBtn, app.voice && app.voice.recorder ? "micStop" : "micStart");
    this.renderAccount();
    this.setHandoffBar(app.handoff);
    if (this.introEl) this.renderIntro();
    if (app.pane === "history") this.renderHistory(app.historyCache || []);
  }

  autosize() {
    this.input.style.height = "auto";
    this.input.style.height = Math.min(120, this.input.scrollHeight + 2) + "px";
  }

  scrollToEnd() {
    this.body.scrollTop = this.body.scrollHeight;
  }

  setOpen(open) {
    this.panel.hidden = !open;
    this.launcher.hidden = open;
    this.launcher.setAttribute("aria-expanded", open ? "true" : "false");
  }

  /** Show one pane of the panel's body: "chat", "history" or "login". */
  showPane(pane) {
    const chat = pane === "chat";
    this.log.hidden = !chat;
    this.composer.hidden = !chat;
    if (!chat) this.typing.hidden = true;
    this.historyView.hidden = pane !== "history";
    this.loginView.hidden = pane !== "login";
    this.historyBtn.setAttribute("aria-pressed", pane === "history" ? "true" : "false");
  }

  renderAccount() {
    const { token, user } = this.app;
    const name = user && user.display_name;
    this.accountEl.hidden = !token;
    this.accountName.textContent = token ? this.s("signedInAs", { name: name || "" }) : "";
    this.signOutBtn.textContent = this.s("signOut");
  }

  renderIntro() {
    const app = this.app;
    const node = el(this.doc, "div", { class: "msg bot intro" });
    const bubble = el(this.doc, "div", { class: "bubble", dir: "auto" });
    renderMarkdown(this.doc, this.s("intro", { portal: portalName(app.portal, app.lang) }), bubble);
    node.appendChild(bubble);
    if (this.introEl) this.introEl.replaceWith(node);
    else this.log.prepend(node);
    this.introEl = node;
  }

  /** An empty log (another conversation, or its transcript about to be drawn again). */
  clearLog() {
    this.log.textContent = "";
    this.knownIds.clear();
    this.cards = [];
    this.introEl = null;
  }

  clearQuickReplies() {
    for (const group of this.log.querySelectorAll(".quick-replies")) group.remove();
  }

  /**
   * One message of the conversation: {id, sender, text, buttons, sources, created_at,
   * agent?: {name}}; `sender` agent and system (a notification) are styled apart.
   * Messages already shown (same id) are ignored: a resend never shows a reply twice.
   */
  appendMessage(message, options) {
    const opts = Object.assign({ quickReplies: true }, options || {});
    if (message.id && this.knownIds.has(message.id)) return null;
    if (message.id) this.knownIds.add(message.id);
    const doc = this.doc;
    const lang = this.app.lang;
    const sender = SENDERS.includes(message.sender) ? message.sender : "bot";
    const classes = ["msg", sender];
    if (message.error) classes.push("error");
    const node = el(doc, "div", { class: classes.join(" "), "data-id": message.id || null });
    const when = parseServerTime(message.created_at);
    // An agent's message names the agent (« Samira · Conseiller PORTNET »).
    const agentName = sender === "agent" && message.agent && typeof message.agent.name === "string" ? message.agent.name.trim() : "";
    const who = agentName ? `${agentName} · ${this.s(WHO[sender])}` : this.s(WHO[sender]);
    const meta = el(doc, "div", { class: "meta" }, [
      el(doc, "span", { class: sender === "user" ? "who sr-only" : "who", dir: "auto", text: who }),
      el(doc, "time", { datetime: when, text: formatTime(when, lang) }),
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
        qr.addEventListener("click", () => this.app.quickReply(button));
        group.appendChild(qr);
      }
      node.appendChild(group);
    }

    if (sender !== "user" && isFormCard(message.form)) {
      // Only the latest card is open, and only when nothing was said after it.
      this.lockCards();
      const card = new FormCard(this.app, message.form, { interactive: opts.quickReplies });
      this.cards.push(card);
      node.appendChild(card.node);
    }

    this.log.appendChild(node);
    this.scrollToEnd();
    return node;
  }

  /** Every form card shown becomes read-only (the user said something else, or a new card came). */
  lockCards() {
    for (const card of this.cards) card.lock("cardClosed");
  }

  /**
   * A message the server refused for now (429): its bubble says so, with the server's
   * words and « Renvoyer »; the text stays, and goes again by itself (transport.js).
   */
  holdMessage(item, message, onResend) {
    const node = this.messageNode(item.cid) || this.appendMessage({ id: item.cid, sender: "user", text: item.display });
    if (!node) return;
    node.classList.add("held");
    let note = node.querySelector(".held-note");
    if (!note) {
      note = el(this.doc, "div", { class: "held-note", role: "status" });
      node.appendChild(note);
    }
    note.textContent = "";
    const button = el(this.doc, "button", { type: "button", class: "link-btn resend", text: this.s("resend") });
    button.addEventListener("click", onResend);
    note.append(el(this.doc, "span", { dir: "auto", text: message }), button);
    this.scrollToEnd();
  }

  /** « Renvoyer » under a notice (an upload refused for now); it goes at the first click. */
  addResend(node, onResend) {
    const button = el(this.doc, "button", { type: "button", class: "link-btn resend", text: this.s("resend") });
    button.addEventListener("click", () => {
      button.remove();
      onResend();
    });
    node.querySelector(".bubble").appendChild(button);
  }

  /** That message is on its way again. */
  releaseMessage(item) {
    const node = this.messageNode(item.cid);
    if (!node) return;
    node.classList.remove("held");
    const note = node.querySelector(".held-note");
    if (note) note.remove();
  }

  messageNode(id) {
    for (const node of this.log.querySelectorAll(".msg")) if (node.getAttribute("data-id") === id) return node;
    return null;
  }

  notice(text, options) {
    const node = this.appendMessage({ sender: "system", text, error: options && options.error });
    if (node) node.classList.add("notice");
    return node;
  }

  /** The "TijarIA is typing" dots, while an answer is awaited. */
  setTyping(waiting) {
    this.typing.hidden = !waiting || this.app.pane !== "chat";
    if (waiting) this.scrollToEnd();
  }

  /** The bar of the handoff `{state, position?, agent?}`; hidden while the bot answers. */
  setHandoffBar(handoff) {
    const state = handoff && handoff.state;
    const queued = state === "queued" || state === "waiting";
    const active = state === "active";
    this.handoffBar.hidden = !(queued || active);
    this.handoffBar.classList.toggle("queued", queued);
    this.handoffBar.classList.toggle("active", active);
    this.leaveBtn.hidden = !queued;
    this.leaveBtn.textContent = this.s("handoffLeave");
    let text = "";
    if (queued) text = Number.isInteger(handoff.position) && handoff.position > 0 ? this.s("handoffPosition", { n: handoff.position }) : this.s("handoffQueued");
    else if (active) {
      const name = handoff.agent && typeof handoff.agent.name === "string" ? handoff.agent.name.trim() : "";
      text = name ? this.s("handoffWith", { name }) : this.s("handoffWithAgent");
    }
    if (this.handoffText.textContent !== text) this.handoffText.textContent = text;
  }

  setStatus(text) {
    this.statusEl.textContent = text || "";
    this.statusEl.hidden = !text;
  }

  /** The upload's progress bar; `pct` null hides it. */
  setProgress(label, pct) {
    if (pct === null) {
      this.progressEl.hidden = true;
      this.attachBtn.disabled = false;
      return;
    }
    if (label) {
      this.progressLabel.textContent = label;
      this.progressBar.setAttribute("aria-label", label);
    }
    this.progressBar.value = pct;
    this.progressPct.textContent = `${pct} %`;
    this.progressEl.hidden = false;
    this.attachBtn.disabled = true;
  }

  /** "Historique TijarIA": this browser's conversations (and a signed-in user's). */
  renderHistory(entries) {
    const app = this.app;
    const doc = this.doc;
    this.historyView.textContent = "";
    this.historyView.appendChild(el(doc, "h3", { text: this.s("history") }));
    const list = el(doc, "ul");
    const items = (entries || []).filter((e) => e && isSessionId(e.session_id));
    if (!items.length) this.historyView.appendChild(el(doc, "p", { text: this.s("historyEmpty") }));
    for (const entry of items) {
      const current = entry.session_id === app.sessionId;
      const metaParts = [portalName(entry.portal || app.portal, app.lang), formatTime(parseServerTime(entry.updated_at), app.lang)];
      if (typeof entry.message_count === "number") metaParts.push(this.s("historyCount", { n: entry.message_count }));
      if (current) metaParts.push(this.s("historyCurrent"));
      const button = el(doc, "button", { type: "button", class: "history-item", "aria-current": current ? "true" : null, "data-session": entry.session_id }, [
        el(doc, "span", { class: "h-title", dir: "auto", text: entry.title || this.s("historyUntitled") }),
        el(doc, "span", { class: "h-meta", text: metaParts.join(" · ") }),
      ]);
      button.addEventListener("click", () => app.switchTo(entry.session_id));
      list.appendChild(el(doc, "li", {}, [button]));
    }
    this.historyView.appendChild(list);
    const fresh = el(doc, "button", { type: "button", class: "new" }, [el(doc, "span", { text: this.s("newConversation") })]);
    fresh.addEventListener("click", () => app.newConversation());
    this.historyView.appendChild(fresh);
  }
}
