// The agents' console: sign in (Portnet ID + TOTP, the widget's own form), then the claims
// queue per portal with waiting times, and a claim's file: details, status history,
// messages, attachments, the TijarIA conversation it came from; assign, answer, close.
// Everything is built with DOM nodes and textContent: no server text goes through HTML.

import { Conversations, Tickets } from "./conversations.js";
import { el, requiredTextForm } from "./dom.js";
import { PortalFiles } from "./files.js";
import { LANGS, PORTALS, REFRESH_SECONDS, STATUSES, directionOf, formatDate, formatSize, formatWaiting, normLang, t } from "./i18n.js";

export { el };

const SESSION_KEY = "tijaria.console.session";
const LANG_KEY = "tijaria.console.lang";
const TAB_KEY = "tijaria.console.tab";
const AGENT_ROLES = ["agent", "staff"];
const TABS = ["claims", "conversations", "tickets", "files"];

/** A refusal of the API, with the server's (localized) words. */
class ApiFailure extends Error {
  constructor(status, message, code) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export class Console {
  constructor(root) {
    this.root = root;
    this.widgetModules = document.body.dataset.widgetModules || "/widget/current/";
    const fromUrl = normLang(new URLSearchParams(window.location.search).get("lang"));
    this.lang = fromUrl || normLang(safeGet(window.localStorage, LANG_KEY)) || normLang(document.documentElement.lang) || "fr";
    this.session = readSession();
    this.filters = { portal: "", status: "" };
    this.queueItems = [];
    this.current = null; // the open claim (AgentClaimRead)
    this.timer = null;
    this.tab = TABS.includes(safeGet(window.sessionStorage, TAB_KEY)) ? safeGet(window.sessionStorage, TAB_KEY) : "claims";
    this.conversations = null; // the live conversations (conversations.js), once signed in
    this.tickets = null;
    this.files = null; // the demo portal files (files.js)
    this.waitingCount = 0;
    this.start();
  }

  s(key, params) {
    return t(this.lang, key, params);
  }

  // ------------------------------------------------------------ server

  async api(method, path, body) {
    const headers = { "Accept-Language": this.lang };
    if (this.session) headers.Authorization = `Bearer ${this.session.access_token}`;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    let response;
    try {
      response = await window.fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (e) {
      throw new ApiFailure(0, this.s("error"));
    }
    if (response.status === 204) return null;
    let json = null;
    try {
      json = await response.json();
    } catch (e) {
      json = null;
    }
    if (!response.ok) {
      const error = (json && json.error) || {};
      if (response.status === 401 && this.session) {
        this.expire();
      }
      // The API's errors are {"error": {code, message}}; a bare {"detail": "…"} is read too.
      const detail = json && typeof json.detail === "string" ? json.detail : null;
      throw new ApiFailure(response.status, error.message || detail || this.s("error"), error.code);
    }
    return json;
  }

  // ------------------------------------------------------------ start, language, sign-in

  async start() {
    this.applyLang();
    if (!this.session) {
      this.showSignIn();
      return;
    }
    try {
      const user = await this.api("GET", "/api/v1/auth/me");
      this.session.user = user;
      storeSession(this.session);
      this.signedIn();
    } catch (e) {
      if (this.session) {
        // Not a 401 (that one already showed the sign-in): the server is away; try again.
        this.root.textContent = "";
        this.root.append(this.header(), el("p", { class: "error", role: "alert", text: e.message }));
      }
    }
  }

  applyLang() {
    document.documentElement.lang = this.lang;
    document.documentElement.dir = directionOf(this.lang);
    document.title = `${this.s("title")} · TijarIA`;
  }

  setLang(lang) {
    if (!LANGS.includes(lang) || lang === this.lang) return;
    this.lang = lang;
    safeSet(window.localStorage, LANG_KEY, lang);
    this.applyLang();
    if (!this.session) this.showSignIn();
    else if (this.isAgent()) this.signedIn(this.current && this.current.reference);
    else this.showRefusal();
  }

  header() {
    const select = el("select", { id: "console-lang" });
    for (const code of LANGS) {
      const option = el("option", { value: code, lang: code, text: { fr: "Français", ar: "العربية", en: "English" }[code] });
      option.selected = code === this.lang;
      select.append(option);
    }
    select.addEventListener("change", () => this.setLang(select.value));
    const right = [el("label", { for: "console-lang", class: "lang-label", text: this.s("language") }), select];
    if (this.session && this.session.user) {
      right.push(el("span", { class: "who", text: this.s("signedInAs", { name: this.session.user.display_name || this.session.user.login || "" }) }));
      const out = el("button", { type: "button", class: "link", text: this.s("signOut") });
      out.addEventListener("click", () => this.signOut());
      right.push(out);
    }
    return el("header", { class: "top" }, [
      el("span", { class: "brand" }, [document.createTextNode("PORT"), el("span", { text: "NET" })]),
      el("h1", { text: this.s("title") }),
      el("div", { class: "tools" }, right),
    ]);
  }

  async showSignIn(notice) {
    this.stopRefresh();
    this.stopConversations();
    this.root.textContent = "";
    const box = el("div", { class: "signin-box", id: "console-signin" });
    const main = el("main", { class: "signin" }, [
      notice ? el("p", { class: "notice", role: "status", text: notice }) : null,
      el("p", { text: this.s("signInIntro") }),
      box,
    ]);
    this.root.append(this.header(), main);
    const { SignInForm } = await import(new URL("account.js", new URL(this.widgetModules, window.location.href)).href);
    new SignInForm({
      doc: document,
      container: box,
      apiBase: window.location.origin + "/",
      lang: this.lang,
      realm: "portnet",
      onDone: (session) => {
        this.session = { access_token: session.access_token, user: session.user };
        storeSession(this.session);
        if (this.isAgent()) this.signedIn();
        else this.showRefusal();
      },
    });
  }

  isAgent() {
    return !!(this.session && this.session.user && AGENT_ROLES.includes(this.session.user.role));
  }

  showRefusal() {
    this.stopRefresh();
    this.stopConversations();
    const user = (this.session && this.session.user) || {};
    this.root.textContent = "";
    const again = el("button", { type: "button", class: "primary", text: this.s("signInAgain") });
    again.addEventListener("click", () => this.signOut());
    this.root.append(
      this.header(),
      el("main", { class: "refusal" }, [el("p", { class: "error", role: "alert", text: this.s("refused", { name: user.display_name || user.login || "" }) }), again])
    );
  }

  async signOut() {
    const had = this.session;
    if (had && this.conversations && this.conversations.presence === "available") {
      try {
        await this.api("PUT", "/api/v1/agent/presence", { status: "away" });
      } catch (e) {
        /* signed out anyway */
      }
    }
    this.stopConversations();
    if (had) {
      try {
        await this.api("POST", "/api/v1/auth/logout");
      } catch (e) {
        /* forgotten here anyway */
      }
    }
    this.session = null;
    this.current = null;
    storeSession(null);
    this.showSignIn();
  }

  expire() {
    this.stopConversations();
    this.session = null;
    this.current = null;
    storeSession(null);
    this.showSignIn(this.s("expired"));
  }

  // ------------------------------------------------------------ the console

  signedIn(reopen) {
    if (!this.isAgent()) {
      this.showRefusal();
      return;
    }
    this.root.textContent = "";
    this.queueStatus = el("p", { class: "muted", role: "status" });
    this.queueBody = el("div", { class: "queue-body" });
    this.claimPane = el("section", { class: "claim", "aria-labelledby": "claim-title", tabindex: "-1" }, [
      el("h2", { id: "claim-title", text: this.s("chooseClaim") }),
    ]);
    const queue = el("section", { class: "queue", "aria-labelledby": "queue-title" }, [
      el("h2", { id: "queue-title", text: this.s("queue") }),
      this.filtersForm(),
      this.queueStatus,
      this.queueBody,
    ]);
    // Four workspaces: the claims, the live conversations, the contact requests, the demo
    // portal files.
    this.panels = {
      claims: el("div", { class: "desk", id: "panel-claims", role: "tabpanel", "aria-labelledby": "tab-claims", tabindex: "-1" }, [queue, this.claimPane]),
      conversations: el("div", { class: "desk conversations", id: "panel-conversations", role: "tabpanel", "aria-labelledby": "tab-conversations", tabindex: "-1" }),
      tickets: el("div", { class: "desk-one", id: "panel-tickets", role: "tabpanel", "aria-labelledby": "tab-tickets", tabindex: "-1" }),
      files: el("div", { class: "desk-one", id: "panel-files", role: "tabpanel", "aria-labelledby": "tab-files", tabindex: "-1" }),
    };
    this.liveEl = el("p", { class: "sr-only", role: "status", "aria-live": "polite" });
    this.root.append(this.header(), this.tabList(), el("main", { class: "workspaces" }, TABS.map((tab) => this.panels[tab])), this.liveEl);
    if (!this.conversations) this.conversations = new Conversations(this);
    this.conversations.render(this.panels.conversations);
    this.conversations.start();
    if (!this.tickets) this.tickets = new Tickets(this);
    this.tickets.render(this.panels.tickets);
    if (!this.files) this.files = new PortalFiles(this);
    this.files.render(this.panels.files);
    this.showTab(this.tab);
    this.loadQueue();
    this.startRefresh();
    if (reopen) this.openClaim(reopen);
  }

  stopConversations() {
    if (this.conversations) this.conversations.stop();
    this.conversations = null;
    this.tickets = null;
    this.files = null;
  }

  /** The tabs (WAI-ARIA tabs: arrows, Home and End move and select). */
  tabList() {
    this.tabButtons = {};
    const list = el("div", { class: "tabs", role: "tablist", "aria-label": this.s("tabs.label") });
    for (const tab of TABS) {
      const button = el("button", { type: "button", role: "tab", id: `tab-${tab}`, "aria-controls": `panel-${tab}` }, [el("span", { text: this.s(`tabs.${tab}`) })]);
      if (tab === "conversations") {
        this.countEl = el("span", { class: "count", hidden: !this.waitingCount, text: this.s("conv.waitingCount", { n: this.waitingCount }) });
        button.append(this.countEl);
      }
      button.addEventListener("click", () => this.showTab(tab));
      button.addEventListener("keydown", (event) => {
        const rtl = document.documentElement.dir === "rtl";
        const index = TABS.indexOf(tab);
        let next = null;
        if (event.key === "ArrowRight") next = TABS[(index + (rtl ? TABS.length - 1 : 1)) % TABS.length];
        else if (event.key === "ArrowLeft") next = TABS[(index + (rtl ? 1 : TABS.length - 1)) % TABS.length];
        else if (event.key === "Home") next = TABS[0];
        else if (event.key === "End") next = TABS[TABS.length - 1];
        if (!next) return;
        event.preventDefault();
        this.showTab(next);
        this.tabButtons[next].focus();
      });
      this.tabButtons[tab] = button;
      list.append(button);
    }
    return list;
  }

  showTab(tab) {
    if (!TABS.includes(tab)) return;
    this.tab = tab;
    safeSet(window.sessionStorage, TAB_KEY, tab);
    for (const name of TABS) {
      const selected = name === tab;
      this.tabButtons[name].setAttribute("aria-selected", selected ? "true" : "false");
      this.tabButtons[name].setAttribute("tabindex", selected ? "0" : "-1");
      this.panels[name].hidden = !selected;
    }
    if (tab === "tickets" && this.tickets) this.tickets.load();
    if (tab === "files" && this.files) this.files.load();
  }

  /** The agents' socket said the queue changed (a new contact request is one such change). */
  onQueueChanged() {
    if (this.tab === "tickets" && this.tickets) this.tickets.load();
  }

  /** How many conversations wait for an agent: on the tab, whichever tab is shown. */
  onWaitingCount(n) {
    this.waitingCount = n;
    if (!this.countEl) return;
    this.countEl.textContent = this.s("conv.waitingCount", { n });
    this.countEl.hidden = !n;
  }

  filtersForm() {
    const portal = el("select", { id: "filter-portal", name: "portal" }, [el("option", { value: "", text: this.s("allPortals") })]);
    for (const code of PORTALS) portal.append(el("option", { value: code, text: this.s(`portals.${code}`) }));
    portal.value = this.filters.portal;
    const status = el("select", { id: "filter-status", name: "status" }, [el("option", { value: "", text: this.s("waitingStatuses") })]);
    for (const code of STATUSES) status.append(el("option", { value: code, text: this.s(`statuses.${code}`) }));
    status.value = this.filters.status;
    const onChange = () => {
      this.filters = { portal: portal.value, status: status.value };
      this.loadQueue();
    };
    portal.addEventListener("change", onChange);
    status.addEventListener("change", onChange);
    const refresh = el("button", { type: "button", class: "secondary", text: this.s("refresh") });
    refresh.addEventListener("click", () => this.loadQueue());
    return el("fieldset", { class: "filters" }, [
      el("legend", { text: this.s("filters") }),
      el("label", { for: "filter-portal", text: this.s("portal") }),
      portal,
      el("label", { for: "filter-status", text: this.s("status") }),
      status,
      refresh,
    ]);
  }

  startRefresh() {
    this.stopRefresh();
    this.timer = window.setInterval(() => this.loadQueue(), REFRESH_SECONDS * 1000);
  }

  stopRefresh() {
    if (this.timer) window.clearInterval(this.timer);
    this.timer = null;
  }

  async loadQueue() {
    const query = new URLSearchParams();
    if (this.filters.portal) query.set("portal", this.filters.portal);
    if (this.filters.status) query.set("status", this.filters.status);
    const path = "/api/v1/agent/claims" + (query.toString() ? `?${query}` : "");
    try {
      const body = await this.api("GET", path);
      this.queueItems = (body && Array.isArray(body.claims) && body.claims) || [];
      this.renderQueue();
      this.queueStatus.classList.remove("error");
      this.queueStatus.removeAttribute("role");
      this.queueStatus.textContent = this.s("refreshed", { time: new Date().toLocaleTimeString(this.lang === "ar" ? "ar-MA" : this.lang) });
      this.queueStatus.setAttribute("role", "status");
    } catch (e) {
      if (!this.session) return;
      this.queueStatus.textContent = e.message;
      this.queueStatus.classList.add("error");
    }
  }

  renderQueue() {
    this.queueBody.textContent = "";
    if (!this.queueItems.length) {
      this.queueBody.append(el("p", { class: "empty", text: this.s("emptyQueue") }));
      return;
    }
    const head = el("tr", {}, ["reference", "portal", "object", "status", "assignee", "waiting"].map((key) => el("th", { scope: "col", text: this.s(key) })));
    const rows = this.queueItems.map((item) => {
      const open = el("button", { type: "button", class: "link ref", "aria-label": this.s("openClaim", { reference: item.reference }), text: item.reference });
      open.addEventListener("click", () => this.openClaim(item.reference));
      const current = this.current && this.current.reference === item.reference;
      return el("tr", { "data-reference": item.reference, "aria-current": current ? "true" : null }, [
        el("td", {}, [open]),
        el("td", { text: this.s(`portals.${item.portal}`) }),
        el("td", { dir: "auto" }, [el("span", { class: "object", text: item.object || "" }), el("br"), el("small", { class: "muted", text: item.owner_name || "" })]),
        el("td", {}, [el("span", { class: `badge s-${item.status}`, text: this.s(`statuses.${item.status}`) })]),
        el("td", { text: item.assignee_name || this.s("nobody") }),
        el("td", { class: "waiting", "data-seconds": String(item.waiting_seconds ?? ""), text: formatWaiting(item.waiting_seconds, this.lang) }),
      ]);
    });
    this.queueBody.append(el("table", { class: "queue-table" }, [el("thead", {}, [head]), el("tbody", {}, rows)]));
  }

  async openClaim(reference) {
    try {
      const claim = await this.api("GET", `/api/v1/agent/claims/${encodeURIComponent(reference)}`);
      this.showClaim(claim);
      this.claimPane.focus();
    } catch (e) {
      if (!this.session) return;
      this.current = null;
      this.claimPane.textContent = "";
      this.claimPane.append(el("h2", { id: "claim-title", text: this.s("claim", { reference }) }), el("p", { class: "error", role: "alert", text: e.status === 404 ? this.s("notFound") : e.message }));
    }
  }

  showClaim(claim, notice) {
    this.current = claim;
    for (const row of this.queueBody.querySelectorAll("tr[data-reference]")) {
      if (row.getAttribute("data-reference") === claim.reference) row.setAttribute("aria-current", "true");
      else row.removeAttribute("aria-current");
    }
    const pane = this.claimPane;
    pane.textContent = "";
    pane.append(
      el("h2", { id: "claim-title" }, [
        document.createTextNode(this.s("claim", { reference: claim.reference }) + " "),
        el("span", { class: `badge s-${claim.status}`, text: this.s(`statuses.${claim.status}`) }),
      ])
    );
    this.feedback = el("p", { class: "feedback", role: "status", hidden: !notice, text: notice || "" });
    this.errorEl = el("p", { class: "error", role: "alert", hidden: true });
    pane.append(this.feedback, this.errorEl);

    const facts = [
      ["kind", claim.kind_label || claim.kind],
      ["portal", this.s(`portals.${claim.portal}`)],
      ["service", claim.service_label || claim.service],
      ["object", claim.object],
      ["owner", [claim.owner_name, claim.owner_organisation].filter(Boolean).join(" — ")],
      ["assignee", claim.assignee_name || this.s("nobody")],
      ["createdAt", formatDate(claim.created_at, this.lang)],
      ["updatedAt", formatDate(claim.updated_at, this.lang)],
      ["waiting", formatWaiting(claim.waiting_seconds, this.lang)],
    ];
    const dl = el("dl", { class: "facts" });
    for (const [key, value] of facts) dl.append(el("dt", { text: this.s(key) }), el("dd", { dir: "auto", text: value || "" }));
    pane.append(dl, el("h3", { text: this.s("details") }), el("p", { class: "details", dir: "auto", text: claim.details || "" }));

    pane.append(this.actions(claim));

    pane.append(el("h3", { text: this.s("history") }));
    pane.append(
      el(
        "ol",
        { class: "history" },
        (claim.events || []).map((event) =>
          el("li", {}, [
            el("time", { datetime: event.at, text: formatDate(event.at, this.lang) }),
            document.createTextNode(" "),
            el("span", { class: `badge s-${event.status}`, text: this.s(`statuses.${event.status}`) }),
            document.createTextNode(" " + this.s("by", { name: event.actor_name || "" })),
            event.note ? el("p", { class: "note", dir: "auto", text: event.note }) : null,
          ])
        )
      )
    );

    pane.append(el("h3", { text: this.s("messages") }));
    const messages = claim.messages || [];
    if (!messages.length) pane.append(el("p", { class: "muted", text: this.s("noMessages") }));
    else pane.append(el("ol", { class: "messages" }, messages.map((m) => this.messageItem(m.author_name || this.s(`sender.${m.author_role}`), m.author_role, m.text, m.at))));

    pane.append(el("h3", { text: this.s("attachments") }));
    const attachments = claim.attachments || [];
    if (!attachments.length) pane.append(el("p", { class: "muted", text: this.s("noAttachments") }));
    else {
      pane.append(
        el(
          "ul",
          { class: "attachments" },
          attachments.map((a) => {
            const button = el("button", { type: "button", class: "link", "aria-label": this.s("download", { name: a.filename }), text: a.filename });
            button.addEventListener("click", () => this.download(claim, a));
            return el("li", {}, [button, el("span", { class: "muted", text: ` ${a.content_type || ""} · ${formatSize(a.size, this.lang)}` })]);
          })
        )
      );
    }

    pane.append(el("h3", { text: this.s("transcript") }));
    const transcript = claim.transcript || [];
    if (!transcript.length) pane.append(el("p", { class: "muted", text: this.s("noTranscript") }));
    else pane.append(el("ol", { class: "transcript" }, transcript.map((m) => this.messageItem(m.sender === "agent" && m.agent && m.agent.name ? m.agent.name : this.s(`sender.${m.sender}`), m.sender, m.text, m.created_at))));
  }

  messageItem(who, role, text, at) {
    return el("li", { class: `m m-${role}` }, [
      el("div", { class: "meta" }, [el("strong", { text: who || "" }), document.createTextNode(" "), el("time", { datetime: at, text: formatDate(at, this.lang) })]),
      el("p", { dir: "auto", text: text || "" }),
    ]);
  }

  actions(claim) {
    const box = el("div", { class: "actions" });
    if (claim.status === "closed") {
      box.append(el("p", { class: "muted", text: this.s("closedNote") }));
      return box;
    }
    // The claims' transitions: new → assigned | closed; assigned, answered → assigned |
    // answered | closed. An answer needs the claim assigned first.
    if (claim.assignee_name !== this.session.user.display_name || claim.status === "new") {
      const assign = el("button", { type: "button", class: "secondary", text: this.s("assignToMe") });
      assign.addEventListener("click", () => this.act(claim, "assign", undefined, "assigned", assign));
      box.append(assign);
    }
    if (claim.status === "new") box.append(el("p", { class: "muted", text: this.s("assignFirst") }));
    else box.append(this.textForm(claim, "answer", "answerLabel", "answerSend", "text", "answered", 4000));
    box.append(this.textForm(claim, "close", "closeLabel", "closeSend", "note", "closedDone", 1000));
    return box;
  }

  textForm(claim, action, labelKey, submitKey, field, doneKey, maxLength) {
    return requiredTextForm({
      id: `${action}-text`,
      name: field,
      rows: action === "answer" ? 4 : 2,
      maxLength,
      formClass: `act act-${action}`,
      label: this.s(labelKey),
      submitText: this.s(submitKey),
      submitClass: action === "answer" ? "primary" : "secondary",
      requiredText: this.s("required"),
      onSubmit: (text, submit) => this.act(claim, action, { [field]: text }, doneKey, submit),
    });
  }

  async act(claim, action, body, doneKey, button) {
    if (button) button.disabled = true;
    try {
      const updated = await this.api("POST", `/api/v1/agent/claims/${encodeURIComponent(claim.reference)}/${action}`, body === undefined ? {} : body);
      this.showClaim(updated, this.s(doneKey));
      this.loadQueue();
    } catch (e) {
      if (!this.session) return;
      this.errorEl.textContent = e.message;
      this.errorEl.hidden = false;
    } finally {
      if (button && button.isConnected) button.disabled = false;
    }
  }

  /** The file through the API (it needs the agent's token), saved under its name. */
  async download(claim, attachment) {
    try {
      const response = await window.fetch(`/api/v1/agent/claims/${encodeURIComponent(claim.reference)}/attachments/${encodeURIComponent(attachment.id)}`, {
        headers: { Authorization: `Bearer ${this.session.access_token}`, "Accept-Language": this.lang },
      });
      if (!response.ok) throw new Error(response.status === 404 ? this.s("notFound") : this.s("error"));
      const blob = await response.blob();
      const url = URL.createObjectURL(blob);
      const link = el("a", { href: url, download: attachment.filename, hidden: true });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    } catch (e) {
      this.errorEl.textContent = e.message;
      this.errorEl.hidden = false;
    }
  }
}

function safeGet(store, key) {
  try {
    return store.getItem(key);
  } catch (e) {
    return null;
  }
}

function safeSet(store, key, value) {
  try {
    if (value === null) store.removeItem(key);
    else store.setItem(key, value);
  } catch (e) {
    /* private mode: kept for this page only */
  }
}

function readSession() {
  try {
    const session = JSON.parse(safeGet(window.sessionStorage, SESSION_KEY) || "null");
    return session && typeof session.access_token === "string" ? session : null;
  } catch (e) {
    return null;
  }
}

function storeSession(session) {
  safeSet(window.sessionStorage, SESSION_KEY, session ? JSON.stringify(session) : null);
}

const root = document.getElementById("console");
if (root) window.tijariaConsole = new Console(root);
