// Demo portal pages: the help centre menu drives the widget, and the header's
// "Se connecter" holds the widget's own sign-in form (one implementation for both), and
// the profile menu's password and MFA pages hold its account forms. The forms' code is
// loaded when they are first shown: the sign-in form when « Se connecter » opens.
document.addEventListener("click", (event) => {
  const link = event.target.closest("[data-tijaria]");
  if (!link || !window.TijarIA) return;
  const action = window.TijarIA[link.dataset.tijaria];
  if (typeof action === "function") {
    event.preventDefault();
    action();
  }
});
document.addEventListener("submit", (event) => {
  // Demo forms go nowhere; the sign-in form handles its own submit.
  if (!event.target.closest(".tj-signin")) event.preventDefault();
});

function showAccount(user) {
  const signedIn = Boolean(user);
  for (const node of document.querySelectorAll("[data-signed-in]")) node.hidden = !signedIn;
  for (const node of document.querySelectorAll("[data-signed-out]")) {
    node.hidden = signedIn;
    // Closed once signed in; left open otherwise (« Se connecter » opened before the widget
    // was up must not shut on the user when it comes up).
    if (signedIn) node.open = false;
  }
  const name = document.querySelector("[data-user-name]");
  if (name && user) name.textContent = user.display_name;
  // Signed out: a fresh sign-in form the next time « Se connecter » opens.
  const box = document.getElementById("portnet-signin");
  if (box && !signedIn) box.textContent = "";
  // « Modifier le mot de passe » / « Réinitialiser MFA »: the form acts on the signed-in account.
  const account = document.querySelector("[data-account-form]");
  if (account && window.TijarIA) window.TijarIA.mountAccountForm(account, { kind: account.dataset.accountForm });
}

document.addEventListener("tijaria:ready", () => {
  const widget = window.TijarIA && window.TijarIA.widget;
  showAccount(widget && widget.token ? widget.user || { display_name: "" } : null);
});
document.addEventListener("tijaria:auth", (event) => showAccount(event.detail.user));

const signIn = document.querySelector("details.signin");
if (signIn) {
  signIn.addEventListener("toggle", () => {
    const box = document.getElementById("portnet-signin");
    if (signIn.open && box && !box.firstChild && window.TijarIA) window.TijarIA.mountSignIn(box);
  });
}
