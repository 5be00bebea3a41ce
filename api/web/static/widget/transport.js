// How messages travel: over the chat WebSocket while it is open, else POST /api/v1/chat,
// in order, each with its client_message_id, so that a message sent again after a lost
// connection is recognised by the server and never answered twice.

import { loadOutbox, saveOutbox } from "./history.js";

/** An open socket's reply may take this long; then the socket is dropped and the message resent. */
export const REPLY_TIMEOUT_MS = 30000;

/** Exponential backoff with jitter: 0.5 s, 1 s, 2 s … capped at 15 s. */
export function backoffDelay(attempt, random) {
  const base = Math.min(15000, 500 * Math.pow(2, Math.max(0, attempt)));
  const r = typeof random === "number" ? random : Math.random();
  return Math.round(base * (0.5 + r / 2));
}

/** The chat socket's URL. Browsers cannot set headers on a WebSocket: a logged-in
 * user's token travels as the access_token query parameter. `lastMessageId`: the last
 * message the widget has; the server first sends what was stored after it. */
export function wsUrl(apiBase, sessionId, token, conversationKey, lastMessageId) {
  const url = new URL("/api/v1/chat/ws", apiBase);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  url.searchParams.set("session_id", sessionId);
  if (token) url.searchParams.set("access_token", token);
  // The proof this anonymous conversation is this browser's (a cookie does not travel
  // to another origin): signing in later keeps the conversation.
  if (conversationKey) url.searchParams.set("conversation_key", conversationKey);
  if (lastMessageId) url.searchParams.set("last_message_id", lastMessageId);
  return url.toString();
}

/** Refusals that say "not now": the message was not stored and is to be sent again. */
const RATE_LIMITED = ["too_many_messages"];

/** Seconds to wait before sending a refused message again: the server's, else 5 s. */
export function retryAfterSeconds(value) {
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, 3600) : 5;
}

/**
 * @typedef {object} OutboxItem  a user message sent and not answered yet
 * @property {string} cid        its client_message_id
 * @property {string} text       what goes to the server (a quick reply's payload)
 * @property {string} display    what the user sees (that quick reply's title)
 * @property {string|null} lang
 * @property {object} metadata
 * @property {"ws"|"http"|null} sentVia
 * @property {number} [sentAt]
 * @property {number} [heldUntil]  refused for now (429): sent again by itself at this time
 *
 * @typedef {object} TransportHost  what the transport needs from the widget
 * @property {Window} win
 * @property {string} apiBase
 * @property {string} sessionId
 * @property {string} portal
 * @property {string|null} token
 * @property {string|null} conversationKey
 * @property {string|null} lastMessageId   the last server message shown (reconnects catch up from it)
 * @property {() => Promise<void>} ensureKey   get a conversation key before the first socket
 * @property {boolean} isOpen
 * @property {(path: string, init?: RequestInit) => Promise<Response>} fetch
 * @property {(wasDown: boolean) => void} onSocketOpen
 * @property {(body: object) => void} onAnswer     a reply to a queued message, or its error
 * @property {(body: object) => void} onPush       a frame the server pushed (agent, notification, catch-up)
 * @property {(reconnecting: boolean) => void} onConnection
 * @property {() => void} onBusy                  the outbox or a request changed
 * @property {(item: OutboxItem, message: string) => void} onHeld   a message refused for now
 * @property {(item: OutboxItem) => void} onReleased                 …now on its way again
 */

/** The outbox and the connection: the socket, its reconnects, and the HTTP fallback. */
export class Transport {
  /** @param {TransportHost} host @param {Storage} local */
  constructor(host, local) {
    this.host = host;
    this.local = local;
    /** @type {OutboxItem[]} */
    this.outbox = loadOutbox(local, host.sessionId);
    this.ws = null;
    this.wsOpen = false;
    this.wsEverOpened = false;
    this.wsFailures = 0;
    this.reconnectAttempt = 0;
    this.reconnectTimer = null;
    this.httpBusy = false;
    this.httpRetryTimer = null;
    this.httpAttempt = 0;
    this.replyTimer = null;
    this.keyAsked = false;
    this.keyPending = false;
  }

  /** Messages are on their way, or a request is (a message held back is not awaited). */
  get busy() {
    return this.outbox.some((i) => !i.heldUntil) || this.httpBusy;
  }

  /**
   * The server refused `item` for now (429, before storing it): it stays in the outbox,
   * and goes again by itself after `seconds` (same client_message_id), or at `resend`.
   */
  hold(item, seconds, message) {
    item.sentVia = null;
    item.heldUntil = Date.now() + seconds * 1000;
    item.refusal = message;
    clearTimeout(item.holdTimer);
    item.holdTimer = setTimeout(() => this.resend(item.cid), seconds * 1000);
    this.host.onHeld(item, message);
    this.host.onBusy();
  }

  /** Send a held message now (« Renvoyer », or its wait is over). */
  resend(cid) {
    const item = this.outbox.find((i) => i.cid === cid);
    if (!item || !item.heldUntil) return;
    clearTimeout(item.holdTimer);
    item.holdTimer = null;
    item.heldUntil = 0;
    this.host.onReleased(item);
    this.host.onBusy();
    this.flush();
  }

  /** @param {OutboxItem} item */
  queue(item) {
    this.outbox.push(item);
    this.save();
  }

  save() {
    saveOutbox(this.local, this.host.sessionId, this.outbox);
  }

  /** The widget moved to another conversation: drop the socket, take that conversation's outbox. */
  reset() {
    if (this.ws) {
      const old = this.ws;
      this.ws = null;
      this.wsOpen = false;
      old.close();
    }
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    for (const item of this.outbox) clearTimeout(item.holdTimer);
    this.outbox = loadOutbox(this.local, this.host.sessionId);
  }

  /** Open a fresh socket (a new token): pending messages are sent again on it. */
  reconnect() {
    if (this.ws) this.ws.close();
  }

  frame(item) {
    return {
      session_id: this.host.sessionId,
      message: item.text,
      portal: this.host.portal,
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
        if (item.heldUntil) break; // …and for a message refused for now
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
    const socketUnusable = typeof this.host.win.WebSocket !== "function" || this.wsFailures > 0;
    if (socketUnusable) this.flushHttp();
    // else: the socket is opening for the first time; `onopen` flushes.
  }

  async flushHttp() {
    if (this.httpBusy || this.wsOpen) return;
    const item = this.outbox.find((i) => !i.sentVia);
    if (!item || item.heldUntil || this.outbox.some((i) => i.sentVia === "ws")) return;
    this.httpBusy = true;
    item.sentVia = "http";
    let retry = false;
    let held = false;
    try {
      const response = await this.host.fetch("/api/v1/chat", {
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
      } else if (response.status === 429) {
        held = true;
        const error = (body && body.error) || {};
        this.hold(item, retryAfterSeconds(response.headers.get("Retry-After") || error.retry_after), error.message || "");
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
    if (held) {
      this.host.onConnection(false);
    } else if (retry) {
      item.sentVia = null;
      this.host.onConnection(true);
      clearTimeout(this.httpRetryTimer);
      this.httpRetryTimer = setTimeout(() => this.flush(), backoffDelay(this.httpAttempt++));
    } else {
      this.host.onConnection(false);
      this.flush();
    }
    this.host.onBusy();
  }

  /** The server answered `item` (chat response or error): show it, forget the item. */
  acknowledge(item, body) {
    const index = this.outbox.indexOf(item);
    if (index !== -1) this.outbox.splice(index, 1);
    this.save();
    this.host.onAnswer(body);
    this.host.onBusy();
    this.armReplyTimer();
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

  connect() {
    const win = this.host.win;
    if (this.ws || this.reconnectTimer || typeof win.WebSocket !== "function") return;
    if (this.keyPending) return;
    if (!this.host.conversationKey && !this.keyAsked) {
      // A socket without a key would get one in a cookie the widget cannot read (nor, on
      // another origin, send back): ask for the key first, once.
      this.keyAsked = true;
      this.keyPending = true;
      this.host.ensureKey().finally(() => {
        this.keyPending = false;
        this.connect();
      });
      return;
    }
    let socket;
    try {
      socket = new win.WebSocket(
        wsUrl(this.host.apiBase, this.host.sessionId, this.host.token, this.host.conversationKey, this.host.lastMessageId)
      );
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
      this.host.onConnection(false);
      this.host.onSocketOpen(wasDown);
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
      if (this.outbox.length) this.host.onConnection(true);
      this.scheduleReconnect();
      this.flush();
    };
    socket.onerror = () => {
      /* onclose follows */
    };
  }

  /**
   * Tells the server the messages of a frame arrived (`{"type": "ack", "id"}`, cumulative:
   * the last one stands for those before it), so an agent sees them delivered.
   */
  confirmDelivery(frame) {
    const messages = Array.isArray(frame.messages) ? frame.messages : [];
    const last = messages.length ? messages[messages.length - 1] : null;
    if (!last || typeof last.id !== "string" || !this.ws || !this.wsOpen) return;
    try {
      this.ws.send(JSON.stringify({ type: "ack", id: last.id }));
    } catch (e) {
      /* the socket closed meanwhile: the next frame acknowledges again */
    }
  }

  scheduleReconnect() {
    if (this.reconnectTimer) return;
    if (!this.host.isOpen && !this.outbox.length) return; // reconnect when needed again
    const delay = backoffDelay(this.reconnectAttempt++);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.connect();
    }, delay);
  }

  onFrame(frame) {
    if (!frame || typeof frame !== "object") return;
    this.confirmDelivery(frame);
    if (frame.pushed) {
      // Sent unasked (an agent's message, a notification, what was missed): never the
      // answer to a message of the outbox.
      this.host.onPush(frame);
      return;
    }
    const isReply = (frame.error || Array.isArray(frame.messages)) && (!frame.type || frame.type === "chat");
    const item = isReply ? this.outbox.find((i) => i.sentVia === "ws") : null;
    if (item && frame.error && RATE_LIMITED.includes(frame.error.code)) {
      this.hold(item, retryAfterSeconds(frame.error.retry_after), frame.error.message || "");
      this.armReplyTimer();
      return;
    } else if (item) this.acknowledge(item, frame);
    else this.host.onPush(frame); // pushed by the server (agent message, handoff state)
    this.flush();
  }
}
