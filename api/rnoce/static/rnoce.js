// RNOCE private space pages: each form[data-rnoce] is sent as JSON to its action
// (/api/v1/rnoce/...); the API's error.message is shown above the form, in the page's language.
(function () {
  "use strict";
  const TOKEN_KEY = "tijaria.token";
  const USER_KEY = "tijaria.user";
  const lang = document.documentElement.lang || "fr";

  function withLang(path) {
    return lang === "fr" ? path : path + (path.includes("?") ? "&" : "?") + "lang=" + encodeURIComponent(lang);
  }

  function show(form, selector, text) {
    const card = form.closest(".auth-card");
    for (const p of card.querySelectorAll(".form-error, .form-ok")) p.hidden = true;
    const target = card.querySelector(selector);
    target.textContent = text;
    target.hidden = false;
    if (selector === ".form-error") target.focus();
  }

  const after = {
    login(form, data) {
      // The keys the widget reads (api/web/static/tijaria.js): one sign-in per browser tab.
      try {
        window.sessionStorage.setItem(TOKEN_KEY, data.access_token);
        window.sessionStorage.setItem(USER_KEY, JSON.stringify(data.user || null));
      } catch (e) { /* storage disabled: the widget on this page still gets the token */ }
      if (window.TijarIA && typeof window.TijarIA.setToken === "function") window.TijarIA.setToken(data.access_token, data.user);
      window.location.assign(withLang("/portals/rnoce"));
    },
    signup(form, data) {
      show(form, ".form-ok", data.message);
      form.hidden = true;
    },
    forgot(form, data) {
      show(form, ".form-ok", data.message);
      form.hidden = true;
    },
    password() {
      window.location.assign(withLang("/rnoce/connexion?done=password"));
    },
  };

  async function submit(form) {
    const body = { lang };
    for (const [name, value] of new FormData(form)) body[name] = typeof value === "string" ? value : "";
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      const response = await fetch(form.getAttribute("action"), {
        method: "POST",
        headers: { "Content-Type": "application/json", "Accept-Language": lang },
        body: JSON.stringify(body),
      });
      let data = null;
      try { data = await response.json(); } catch (e) { /* not JSON */ }
      if (!response.ok) {
        show(form, ".form-error", (data && data.error && data.error.message) || document.body.dataset.networkError);
        return;
      }
      after[form.dataset.rnoce](form, data || {});
    } catch (e) {
      show(form, ".form-error", document.body.dataset.networkError);
    } finally {
      button.disabled = false;
    }
  }

  document.addEventListener("submit", (event) => {
    const form = event.target.closest("form[data-rnoce]");
    if (!form) return;
    event.preventDefault();
    submit(form);
  });
})();
