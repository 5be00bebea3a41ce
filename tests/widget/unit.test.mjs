// Unit tests of the widget's pure functions: `node --test tests/widget/unit.test.mjs`
// (run by tests/widget/test_widget_unit.py). They import the widget's own ES modules, as
// the browser does; no npm dependencies.
import test from "node:test";
import assert from "node:assert/strict";

import * as i18n from "../../api/web/static/widget/i18n.js";
import * as markdown from "../../api/web/static/widget/markdown.js";
import * as history from "../../api/web/static/widget/history.js";
import * as transport from "../../api/web/static/widget/transport.js";
import * as uploads from "../../api/web/static/widget/uploads.js";
import * as account from "../../api/web/static/widget/account.js";

const w = { ...i18n, ...markdown, ...history, ...transport, checkFile: uploads.checkFile };

test("every UI string exists in French, Arabic and English with the same placeholders", () => {
  const placeholders = (s) => (typeof s === "string" ? (s.match(/\{\w+\}/g) || []).sort() : Object.keys(s).sort());
  for (const key of Object.keys(w.STRINGS.fr)) {
    for (const lang of ["ar", "en"]) {
      assert.ok(key in w.STRINGS[lang], `${lang}.${key} is missing`);
      assert.deepEqual(placeholders(w.STRINGS[lang][key]), placeholders(w.STRINGS.fr[key]), `${lang}.${key}`);
    }
  }
  assert.deepEqual(Object.keys(w.STRINGS.ar).sort(), Object.keys(w.STRINGS.fr).sort());
  assert.deepEqual(Object.keys(w.STRINGS.en).sort(), Object.keys(w.STRINGS.fr).sort());
});

test("the account forms' strings, loaded with them, exist in the three languages too", () => {
  const forms = account.FORM_STRINGS;
  for (const lang of ["ar", "en"]) assert.deepEqual(Object.keys(forms[lang]).sort(), Object.keys(forms.fr).sort(), lang);
  // Loading account.js added them to the widget's table; none overrides a widget string.
  assert.equal(w.t("ar", "signInTitle"), forms.ar.signInTitle);
  assert.equal(w.t("fr", "signOut"), "Se déconnecter");
});

test("t() fills placeholders and falls back to French", () => {
  assert.equal(w.t("fr", "launcher"), "Besoin d'aide ?");
  assert.equal(w.t("ar", "placeholder"), "كيف يمكنني مساعدتك؟");
  assert.equal(w.t("en", "historyCount", { n: 3 }), "3 messages");
  assert.equal(w.t("de", "launcher"), "Besoin d'aide ?");
  assert.equal(w.t("fr-MA", "send"), "Envoyer");
  assert.equal(w.t("fr", "uploading", {}), "Envoi de « {name} »…");
});

test("direction: Arabic is right-to-left, the others left-to-right", () => {
  assert.equal(w.directionOf("ar"), "rtl");
  assert.equal(w.directionOf("fr"), "ltr");
  assert.equal(w.directionOf("en"), "ltr");
  assert.equal(w.directionOf(null), "ltr");
});

test("parseMarkdown: paragraphs, line breaks, bold, lists", () => {
  const blocks = w.parseMarkdown("Bonjour **Amal** !\nligne 2\n\n- un\n- **deux**\n\n3. trois\n4. quatre\nfin");
  assert.deepEqual(blocks, [
    { type: "p", children: [
      { type: "text", text: "Bonjour " },
      { type: "strong", children: [{ type: "text", text: "Amal" }] },
      { type: "text", text: " !" },
      { type: "br" },
      { type: "text", text: "ligne 2" },
    ] },
    { type: "ul", items: [[{ type: "text", text: "un" }], [{ type: "strong", children: [{ type: "text", text: "deux" }] }]] },
    { type: "ol", start: 3, items: [[{ type: "text", text: "trois" }], [{ type: "text", text: "quatre" }]] },
    { type: "p", children: [{ type: "text", text: "fin" }] },
  ]);
});

test("parseMarkdown: HTML stays text, whatever it contains", () => {
  const html = "<img src=x onerror=alert(1)><script>alert(2)</script>";
  assert.deepEqual(w.parseMarkdown(html), [{ type: "p", children: [{ type: "text", text: html }] }]);
  assert.deepEqual(w.parseMarkdown(""), []);
  assert.deepEqual(w.parseMarkdown(null), []);
});

test("links: http(s) and relative only, javascript: and data: become text", () => {
  const [p] = w.parseMarkdown("[guide](https://portnet.ma/g) [page](/portals/douane) [x](javascript:alert%281%29) [y](data:text/html,hi)");
  const links = p.children.filter((n) => n.type === "link").map((n) => n.href);
  assert.deepEqual(links, ["https://portnet.ma/g", "/portals/douane"]);
  assert.ok(p.children.some((n) => n.type === "text" && n.text.includes("x y")));
});

test("bare URLs become links without their trailing punctuation", () => {
  const [p] = w.parseMarkdown("Voir https://www.portnet.ma/aide. Merci");
  assert.deepEqual(p.children[1], { type: "link", href: "https://www.portnet.ma/aide", children: [{ type: "text", text: "https://www.portnet.ma/aide" }] });
  assert.deepEqual(p.children[2], { type: "text", text: ". Merci" });
});

test("safeHref refuses hidden schemes", () => {
  assert.equal(w.safeHref("https://a.ma/x"), "https://a.ma/x");
  assert.equal(w.safeHref("HTTP://a.ma"), "HTTP://a.ma");
  assert.equal(w.safeHref("/relatif?q=1#x"), "/relatif?q=1#x");
  assert.equal(w.safeHref("#section"), "#section");
  assert.equal(w.safeHref("javascript:alert(1)"), null);
  assert.equal(w.safeHref(" java\tscript:alert(1)"), null);
  assert.equal(w.safeHref("JaVaScRiPt:alert(1)"), null);
  assert.equal(w.safeHref("\u0001javascript:alert(1)"), null);
  assert.equal(w.safeHref("vbscript:x"), null);
  assert.equal(w.safeHref("data:text/html;base64,xx"), null);
  assert.equal(w.safeHref("\\\\evil"), null);
  assert.equal(w.safeHref(""), null);
});

test("checkFile: the types the server accepts, of at most 3 MB", () => {
  const MB = 1024 * 1024;
  const all = ["application/pdf", "image/png", "image/jpeg"];
  assert.equal(w.checkFile({ name: "a.pdf", type: "application/pdf", size: 3 * MB }, 3 * MB), null);
  assert.equal(w.checkFile({ name: "A.PDF", type: "", size: 10 }, 3 * MB), null);
  assert.equal(w.checkFile({ name: "a.pdf", type: "application/pdf", size: 3 * MB + 1 }, 3 * MB), "too_large");
  assert.equal(w.checkFile({ name: "a.pdf", type: "application/pdf", size: 5 * MB }), "too_large");
  // Without the server's list, PDF only.
  assert.equal(w.checkFile({ name: "a.png", type: "image/png", size: 10 }, 3 * MB), "unsupported_type");
  assert.equal(w.checkFile({ name: "a.png", type: "image/png", size: 10 }, 3 * MB, all), null);
  assert.equal(w.checkFile({ name: "scan.JPEG", type: "image/jpeg", size: 10 }, 3 * MB, all), null);
  assert.equal(w.checkFile({ name: "a.pdf", type: "text/html", size: 10 }, 3 * MB, all), "unsupported_type");
  assert.equal(w.checkFile({ name: "a.exe", type: "", size: 10 }, 3 * MB, all), "unsupported_type");
});

test("formatSize speaks each language", () => {
  assert.equal(w.formatSize(5 * 1024 * 1024, "fr"), "5,0 Mo");
  assert.equal(w.formatSize(3 * 1024 * 1024, "en"), "3.0 MB");
  assert.equal(w.formatSize(200000, "fr"), "195 Ko");
  assert.equal(w.formatSize(12, "ar"), "12 بايت");
});

test("backoff doubles from 0.5 s up to 15 s, with jitter", () => {
  assert.deepEqual([0, 1, 2, 3, 4, 5, 10].map((n) => w.backoffDelay(n, 1)), [500, 1000, 2000, 4000, 8000, 15000, 15000]);
  assert.equal(w.backoffDelay(0, 0), 250);
  for (let i = 0; i < 50; i++) {
    const d = w.backoffDelay(3);
    assert.ok(d >= 2000 && d <= 4000, String(d));
  }
});

test("ids fit the chat contract and do not repeat", () => {
  const ids = new Set();
  for (let i = 0; i < 1000; i++) {
    const id = w.newId("m-");
    assert.ok(w.isSessionId(id) && id.length <= 64, id);
    ids.add(id);
  }
  assert.equal(ids.size, 1000);
  assert.equal(w.isSessionId("bad id"), false);
  assert.equal(w.isSessionId("x".repeat(65)), false);
});

test("wsUrl follows the API's scheme", () => {
  assert.equal(w.wsUrl("http://127.0.0.1:8000/", "s-1"), "ws://127.0.0.1:8000/api/v1/chat/ws?session_id=s-1");
  assert.equal(w.wsUrl("https://aide.portnet.ma/", "s-1"), "wss://aide.portnet.ma/api/v1/chat/ws?session_id=s-1");
  assert.equal(w.wsUrl("https://a.ma/", "s-1", "t k"), "wss://a.ma/api/v1/chat/ws?session_id=s-1&access_token=t+k");
});

test("wsUrl carries the conversation key (a cookie does not cross origins)", () => {
  const key = "k".repeat(32);
  assert.equal(w.wsUrl("http://a.ma/", "s-1", null, key), `ws://a.ma/api/v1/chat/ws?session_id=s-1&conversation_key=${key}`);
});

test("wsUrl carries the last message shown: the server sends what came after it", () => {
  assert.equal(w.wsUrl("http://a.ma/", "s-1", null, null, "abc123"), "ws://a.ma/api/v1/chat/ws?session_id=s-1&last_message_id=abc123");
  assert.equal(w.wsUrl("http://a.ma/", "s-1", null, null, null), "ws://a.ma/api/v1/chat/ws?session_id=s-1");
});

test("a pushed frame is never taken for the answer to a message awaiting one", () => {
  const answers = [];
  const pushes = [];
  const memory = new Map();
  const local = { getItem: (k) => (memory.has(k) ? memory.get(k) : null), setItem: (k, v) => memory.set(k, String(v)), removeItem: (k) => memory.delete(k) };
  const host = { win: {}, sessionId: "s-1", onBusy: () => {}, onAnswer: (body) => answers.push(body), onPush: (body) => pushes.push(body) };
  const t = new w.Transport(host, local);
  t.wsOpen = true;
  t.ws = { send: () => {}, close: () => {} };
  t.queue({ cid: "m-1", text: "a", display: "a", lang: null, metadata: { client_message_id: "m-1" }, sentVia: null });
  t.flush();
  const pushed = { session_id: "s-1", lang: "fr", messages: [{ id: "x1", text: "Agent", sender: "agent" }], handoff: { state: "active" }, pushed: true };
  t.onFrame(pushed);
  assert.deepEqual(pushes, [pushed]);
  assert.deepEqual(answers, []);
  assert.equal(t.outbox.length, 1); // still awaiting its answer
  const answer = { session_id: "s-1", lang: "fr", messages: [{ id: "x2", text: "Bot" }], handoff: { state: "none" } };
  t.onFrame(answer);
  assert.deepEqual(answers, [answer]);
  assert.equal(t.outbox.length, 0);
  clearTimeout(t.replyTimer);
});

test("conversation keys: only the server's shape is stored", () => {
  const memory = new Map();
  const local = { getItem: (k) => (memory.has(k) ? memory.get(k) : null), setItem: (k, v) => memory.set(k, String(v)) };
  assert.equal(w.loadKey(local), null);
  assert.equal(w.saveKey(local, "short"), false);
  assert.equal(w.saveKey(local, "a b".repeat(10)), false);
  assert.equal(w.loadKey(local), null);
  assert.equal(w.saveKey(local, "Ab_-9".repeat(6)), true);
  assert.equal(w.loadKey(local), "Ab_-9".repeat(6));
});

test("retryAfterSeconds: the server's wait, else 5 s, at most an hour", () => {
  assert.equal(w.retryAfterSeconds("7"), 7);
  assert.equal(w.retryAfterSeconds(3), 3);
  assert.equal(w.retryAfterSeconds(null), 5);
  assert.equal(w.retryAfterSeconds("soon"), 5);
  assert.equal(w.retryAfterSeconds(-1), 5);
  assert.equal(w.retryAfterSeconds(99999), 3600);
});

test("a message refused for now (429 frame) stays queued, is not awaited, and goes again", async () => {
  const held = [];
  const released = [];
  const memory = new Map();
  const local = { getItem: (k) => (memory.has(k) ? memory.get(k) : null), setItem: (k, v) => memory.set(k, String(v)), removeItem: (k) => memory.delete(k) };
  const host = {
    win: {},
    sessionId: "s-1",
    onHeld: (item, message) => held.push([item.cid, message]),
    onReleased: (item) => released.push(item.cid),
    onBusy: () => {},
    onAnswer: () => assert.fail("a refusal for now is not an answer"),
    onPush: () => assert.fail("a refusal for now is not a push"),
  };
  const t = new w.Transport(host, local);
  const sent = [];
  t.wsOpen = true;
  t.ws = { send: (data) => sent.push(JSON.parse(data)), close: () => {} };
  t.queue({ cid: "m-1", text: "a", display: "a", lang: null, metadata: { client_message_id: "m-1" }, sentVia: null });
  t.queue({ cid: "m-2", text: "b", display: "b", lang: null, metadata: { client_message_id: "m-2" }, sentVia: null });
  t.flush();
  t.outbox[1].sentVia = null; // pretend only the first went
  sent.length = 1;
  t.onFrame({ error: { code: "too_many_messages", message: "Attendez 1 secondes", retry_after: 0.05 } });
  assert.deepEqual(held, [["m-1", "Attendez 1 secondes"]]);
  assert.equal(t.outbox.length, 2);
  assert.equal(t.busy, true); // m-2 still awaits…
  t.flush();
  assert.equal(sent.length, 1); // …behind m-1: the order is kept
  assert.deepEqual(JSON.parse(local.getItem("tijaria.outbox.s-1")).map((i) => i.cid), ["m-1", "m-2"]);
  await new Promise((resolve) => setTimeout(resolve, 120));
  assert.deepEqual(released, ["m-1"]);
  assert.deepEqual(sent.map((f) => f.metadata.client_message_id), ["m-1", "m-1", "m-2"]);
  clearTimeout(t.replyTimer);
});

test("storedOutboxIds: unanswered messages the server already has", () => {
  const transcript = [
    { sender: "user", text: "bonjour" },
    { sender: "bot", text: "Bonjour !" },
    { sender: "user", text: "statut" },
  ];
  const outbox = [{ cid: "m-1", text: "statut" }, { cid: "m-2", text: "merci" }];
  assert.deepEqual(w.storedOutboxIds(outbox, transcript), ["m-1"]);
  assert.deepEqual(w.storedOutboxIds([{ cid: "m-3", text: "bonjour" }], transcript), []); // too old to be this one
  assert.deepEqual(w.storedOutboxIds([], transcript), []);
});

test("displayTexts: a clicked payload shows its button's title", () => {
  const transcript = [
    { sender: "bot", text: "Quel portail ?", buttons: [{ title: "Douane", payload: "/choose{\"p\":\"douane\"}" }] },
    { sender: "user", text: "/choose{\"p\":\"douane\"}" },
    { sender: "bot", text: "OK" },
    { sender: "user", text: "/choose{\"p\":\"douane\"}" },
  ];
  assert.deepEqual(w.displayTexts(transcript), ["Quel portail ?", "Douane", "OK", "/choose{\"p\":\"douane\"}"]);
});

test("mergeHistory: most recent first, no duplicates, capped", () => {
  let h = [];
  for (let i = 0; i < 60; i++) h = w.mergeHistory(h, { session_id: `s-${i}`, title: `t${i}` });
  assert.equal(h.length, 50);
  assert.equal(h[0].session_id, "s-59");
  h = w.mergeHistory(h, { session_id: "s-30", updated_at: "now" });
  assert.equal(h[0].session_id, "s-30");
  assert.equal(h[0].title, "t30"); // kept from before
  assert.equal(h.filter((e) => e.session_id === "s-30").length, 1);
  assert.deepEqual(w.mergeHistory("garbage", { session_id: "s-1" }), [{ session_id: "s-1" }]);
});

test("server times without an offset are UTC", () => {
  assert.equal(w.parseServerTime("2026-11-23T09:00:00"), "2026-11-23T09:00:00Z");
  assert.equal(w.parseServerTime("2026-11-23T09:00:00+00:00"), "2026-11-23T09:00:00+00:00");
  assert.equal(w.formatTime("2026-11-23T09:05:00Z", "fr", new Date("2026-11-23T12:00:00Z")).length > 0, true);
});

test("the server's history list comes first, with the titles this browser saw", () => {
  const local = [
    { session_id: "s-1", title: "Portail Douane" },
    { session_id: "s-2", title: "bonjour" },
  ];
  const server = [
    { session_id: "s-9", title: "from another browser", message_count: 4 },
    { session_id: "s-1", title: "/choisir_douane", message_count: 2 },
  ];
  assert.deepEqual(w.mergeServerHistory(local, server), [
    { session_id: "s-9", title: "from another browser", message_count: 4 },
    { session_id: "s-1", title: "Portail Douane", message_count: 2 },
    { session_id: "s-2", title: "bonjour" },
  ]);
  assert.deepEqual(w.mergeServerHistory(local, []), local);
});

// ---------------------------------------------------------------- form cards (formcard.js)
import * as card from "../../api/web/static/widget/formcard.js";

const CARD = {
  id: "claim",
  title: "Réclamation",
  fields: [
    { name: "kind", label: "Type", type: "select", required: true, choices: [{ value: "incident", label: "Incident technique" }] },
    { name: "object", label: "Objet", type: "text", required: true },
    { name: "urgent", label: "Urgent", type: "checkbox" },
    { name: "files", label: "Pièces jointes", type: "file" },
    { label: "no name: not drawn" },
    { name: "odd", label: "Odd", type: "password" },
  ],
};

test("a form card is an object with an id and a named field; unknown types become text", () => {
  assert.equal(card.isFormCard(CARD), true);
  assert.equal(card.isFormCard({ id: "x", fields: [] }), false);
  assert.equal(card.isFormCard({ fields: [{ name: "a" }] }), false);
  assert.equal(card.isFormCard(null), false);
  assert.deepEqual(card.cardFields(CARD).map((f) => [f.name, f.type]), [["kind", "select"], ["object", "text"], ["urgent", "checkbox"], ["files", "file"], ["odd", "text"]]);
});

test("the required fields left empty are named in order", () => {
  assert.deepEqual(card.missingRequired(CARD, { kind: "", object: "  x" }), ["kind"]);
  assert.deepEqual(card.missingRequired(CARD, {}), ["kind", "object"]);
  assert.deepEqual(card.missingRequired(CARD, { kind: "incident", object: "x" }), []);
});

test("the summary shows labels, choice labels and file names, and fits the message limit", () => {
  const values = { kind: "incident", object: "Connexion\nimpossible", urgent: true, files: ["u1", "u2"] };
  const files = { files: [{ id: "u1", filename: "a.pdf" }, { id: "u2", filename: "b.png" }] };
  assert.equal(
    card.summaryText(CARD, values, files, "fr", 2000),
    "Type : Incident technique · Objet : Connexion impossible · Urgent : Oui · Pièces jointes : a.pdf, b.png"
  );
  assert.equal(card.summaryText(CARD, { object: "x" }, {}, "en", 2000), "Objet: x · Urgent: No");
  const long = card.summaryText(CARD, { object: "é".repeat(5000) }, {}, "fr", 2000);
  assert.equal(long.length, 2000);
  assert.ok(long.endsWith("…"));
});

test("files: the accepted types, an empty file and the size limit", () => {
  const accept = card.acceptOf({});
  assert.deepEqual(accept, ["application/pdf", "image/png", "image/jpeg"]);
  assert.deepEqual(card.acceptOf({ accept: "application/pdf, .txt" }), ["application/pdf", ".txt"]);
  assert.equal(card.checkCardFile({ name: "a.pdf", type: "application/pdf", size: 10 }, accept, 100), null);
  assert.equal(card.checkCardFile({ name: "photo.JPG", type: "", size: 10 }, accept, 100), null);
  assert.equal(card.checkCardFile({ name: "x.exe", type: "application/x-msdownload", size: 10 }, accept, 100)[0], "cardFileType");
  assert.equal(card.checkCardFile({ name: "x.pdf", type: "text/plain", size: 10 }, accept, 100)[0], "cardFileType");
  assert.equal(card.checkCardFile({ name: "a.pdf", type: "application/pdf", size: 0 }, accept, 100)[0], "cardFileEmpty");
  assert.equal(card.checkCardFile({ name: "a.pdf", type: "application/pdf", size: 101 }, accept, 100)[0], "cardFileSize");
  assert.equal(card.checkCardFile({ name: "a.pdf", type: "application/pdf", size: 100 }, accept, 100), null);
});

test("the cards' strings exist in the three languages with the same placeholders", () => {
  const placeholders = (s) => (s.match(/\{\w+\}/g) || []).sort();
  for (const lang of ["ar", "en"]) {
    assert.deepEqual(Object.keys(card.CARD_STRINGS[lang]).sort(), Object.keys(card.CARD_STRINGS.fr).sort(), lang);
    for (const key of Object.keys(card.CARD_STRINGS.fr)) assert.deepEqual(placeholders(card.CARD_STRINGS[lang][key]), placeholders(card.CARD_STRINGS.fr[key]), `${lang}.${key}`);
  }
});

// ---------------------------------------------------------------- the agents' console (console/i18n.js)
import * as consoleI18n from "../../api/web/static/console/i18n.js";

test("the console's strings exist in French, Arabic and English with the same placeholders", () => {
  const shape = (table, prefix = "") =>
    Object.entries(table).flatMap(([key, value]) =>
      value && typeof value === "object" ? shape(value, `${prefix}${key}.`) : [[`${prefix}${key}`, (String(value).match(/\{\w+\}/g) || []).sort().join()]]
    );
  const fr = shape(consoleI18n.STRINGS.fr);
  for (const lang of ["ar", "en"]) assert.deepEqual(shape(consoleI18n.STRINGS[lang]), fr, lang);
  for (const code of consoleI18n.STATUSES) assert.notEqual(consoleI18n.t("ar", `statuses.${code}`), `statuses.${code}`);
  for (const code of consoleI18n.PORTALS) assert.notEqual(consoleI18n.t("en", `portals.${code}`), `portals.${code}`);
});

test("the console tells waiting times in days, hours and minutes", () => {
  const f = consoleI18n.formatWaiting;
  assert.equal(f(0, "fr"), "< 1 min");
  assert.equal(f(59, "fr"), "< 1 min");
  assert.equal(f(12 * 60 + 5, "fr"), "12 min");
  assert.equal(f(2 * 3600 + 5 * 60, "fr"), "2 h 05 min");
  assert.equal(f(3 * 86400 + 4 * 3600 + 59, "fr"), "3 j 4 h");
  assert.equal(f(3 * 86400 + 4 * 3600, "en"), "3 d 4 h");
  assert.equal(f(-5, "en"), "< 1 min");
  assert.equal(f(null, "ar"), "أقل من دقيقة");
});

test("the console's t() fills placeholders and falls back to French, then to the key", () => {
  assert.equal(consoleI18n.t("en", "claim", { reference: "REC-1234-5678" }), "Claim REC-1234-5678");
  assert.equal(consoleI18n.t("xx", "refresh"), "Actualiser");
  assert.equal(consoleI18n.t("fr", "nope.nothing"), "nope.nothing");
  assert.equal(consoleI18n.directionOf("ar"), "rtl");
  assert.equal(consoleI18n.normLang("ar-MA"), "ar");
  assert.equal(consoleI18n.normLang("de"), null);
  assert.equal(consoleI18n.formatSize(204800, "fr"), "200 Ko");
  assert.equal(consoleI18n.formatSize(3 * 1024 * 1024, "fr"), "3,0 Mo");
});

// ---------------------------------------------------------------- the console's live conversations
import * as consoleConv from "../../api/web/static/console/conversations.js";

test("the agent socket carries the bearer token as a query parameter, wss on https", () => {
  assert.equal(consoleConv.agentWsUrl({ protocol: "http:", host: "a.ma:8000" }, "t k"), "ws://a.ma:8000/api/v1/agent/ws?token=t%20k");
  assert.equal(consoleConv.agentWsUrl({ protocol: "https:", host: "a.ma" }, "abc"), "wss://a.ma/api/v1/agent/ws?token=abc");
});

test("the agent socket is tried again after 1 s, 2 s, 4 s … at most 30 s", () => {
  assert.deepEqual([0, 1, 2, 3, 4, 5, 9].map(consoleConv.reconnectDelay), [1000, 2000, 4000, 8000, 16000, 30000, 30000]);
  assert.equal(consoleI18n.POLL_SECONDS, 3);
});

test("every frame with messages is acknowledged up to its last message (cumulative)", () => {
  const sent = [];
  const host = { win: {}, sessionId: "s-1", onBusy: () => {}, onAnswer: () => {}, onPush: () => {} };
  const t = new w.Transport(host, { getItem: () => null, setItem: () => {}, removeItem: () => {} });
  t.wsOpen = true;
  t.ws = { send: (data) => sent.push(JSON.parse(data)), close: () => {} };
  t.onFrame({ session_id: "s-1", messages: [{ id: "a1", text: "x" }, { id: "a2", text: "y" }], pushed: true });
  t.onFrame({ session_id: "s-1", messages: [], typing: { sender: "agent" }, pushed: true });
  assert.deepEqual(sent, [{ type: "ack", id: "a2" }]);
  t.wsOpen = false;
  t.onFrame({ session_id: "s-1", messages: [{ id: "a3", text: "z" }], pushed: true });
  assert.deepEqual(sent, [{ type: "ack", id: "a2" }]); // no socket, nothing acknowledged
});
