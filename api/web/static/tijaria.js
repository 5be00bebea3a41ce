/*!
 * TijarIA chat widget. Native ES modules, no dependencies, no build step.
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
 *   (the same sign-in form in the host page); each returns a promise, and calls made before
 *   the widget is up wait for it. Events on document: "tijaria:ready",
 *   "tijaria:auth" (detail.user: the signed-in user or null).
 *
 * This file is only the loader, a classic script so that the tag stays the same: it reads
 * its own attributes, then imports the widget's modules (widget/app.js and what it imports)
 * from the same place it came from, whatever the host page's origin. The voice recorder
 * and the account forms are imported when first used.
 *
 * Everything the widget draws lives in a shadow root: no CSS goes in or out. Bot text is
 * rendered by building DOM nodes from a small Markdown subset (bold, lists, links); no
 * server or user text ever goes through innerHTML.
 */
(function () {
  "use strict";
  if (typeof window === "undefined" || (window.TijarIA && "widget" in window.TijarIA)) return;
  const script = document.currentScript || document.querySelector('script[src*="tijaria.js"]');
  if (!script) return;
  // The server writes the modules' version here (a hash of their content), so that their
  // URLs change with them and browsers may cache them for good.
  const build = "__TIJARIA_BUILD__";
  const modules = new URL(`${build}/`, script.src);

  let started = null; // the widget, once built
  const api = { widget: null };
  const methods = { openLogin: "showLogin" };
  for (const name of ["open", "close", "toggle", "showHistory", "newConversation", "send", "setToken", "openLogin", "signOut"]) {
    api[name] = (...args) => started.then((widget) => widget[methods[name] || name](...args));
  }
  for (const name of ["mountSignIn", "mountAccountForm"]) {
    // Replaced by app.js's own once loaded; until then, wait for it.
    api[name] = (...args) => started.then(() => api[name](...args));
  }
  window.TijarIA = api;

  started = import(new URL("app.js", modules).href).then((app) =>
    app.boot(api, { src: script.src, data: Object.assign({}, script.dataset) })
  );
  started.catch((error) => console.error("TijarIA: the widget could not be loaded.", error));
})();
