// The sign-in form (Portnet ID with its TOTP code, or the RNOCE private space) and the
// profile menu's account forms, loaded when first shown: in the widget's panel, or in the
// host page through TijarIA.mountSignIn / mountAccountForm.

import { el } from "./dom.js";
import { newId } from "./history.js";
import { addStrings, directionOf, normLang, t } from "./i18n.js";

/** The forms' look inside the widget (the demo pages style their copy themselves). */
export const FORM_CSS = `
.tj-signin { display: flex; flex-direction: column; gap: 10px; background: var(--tj-bg); border: 1px solid var(--tj-border); border-radius: 12px; padding: 14px; }
.tj-signin h3 { margin: 0; font-size: 15px; }
.tj-signin p { margin: 0; font-size: 13px; }
.tj-field { display: flex; flex-direction: column; gap: 4px; font-size: 13px; }
.tj-field input { padding: 8px 10px; border: 1px solid var(--tj-border); border-radius: 8px; background: var(--tj-bg); }
.tj-actions { display: flex; gap: 8px; flex-wrap: wrap; }
.tj-primary { padding: 8px 16px; border: 0; border-radius: 999px; background: var(--tj-primary); color: var(--tj-primary-text); }
.tj-secondary { padding: 8px 16px; border: 1px solid var(--tj-border); border-radius: 999px; background: var(--tj-bg); }
.tj-primary[disabled] { opacity: .6; }
.tj-error { color: var(--tj-danger); font-size: 13px; }
.tj-qr { align-self: center; image-rendering: pixelated; }
.tj-secret code { overflow-wrap: anywhere; }
`;

export const FORM_STRINGS = {
  fr: {
    signInTitle: "Connexion",
    signInIntro: "Connectez-vous avec votre compte Portnet ID pour consulter vos dossiers.",
    signInIntroRnoce: "Connectez-vous à votre espace privé RNOCE.",
    identifier: "Identifiant ou adresse e-mail",
    email: "Adresse e-mail",
    password: "Mot de passe",
    signInSubmit: "Se connecter",
    codeLabel: "Code de vérification (6 chiffres)",
    codeHelp: "Saisissez le code affiché par votre application d'authentification.",
    enrolHelp: "Première connexion : scannez ce QR code avec votre application d'authentification (ou saisissez la clé ci-dessous), puis entrez le code qu'elle affiche.",
    secretLabel: "Clé",
    verify: "Valider",
    back: "Retour",
    cancel: "Annuler",
    passwordTitle: "Modifier le mot de passe",
    currentPassword: "Mot de passe actuel",
    newPassword: "Nouveau mot de passe",
    confirmPassword: "Confirmer le nouveau mot de passe",
    passwordRule: "Au moins 8 caractères, avec une majuscule, une minuscule, un chiffre et un caractère spécial.",
    save: "Enregistrer",
    passwordChanged: "Votre mot de passe est modifié. Vos autres sessions ouvertes sont fermées.",
    mfaTitle: "Réinitialiser MFA",
    mfaIntro: "Saisissez votre mot de passe : une nouvelle clé sera créée pour votre application d'authentification.",
    mfaContinue: "Continuer",
    mfaEnrolHelp: "Scannez ce QR code avec votre application d'authentification (ou saisissez la clé ci-dessous), puis entrez le code qu'elle affiche. L'ancienne clé reste valable jusque-là.",
    mfaDone: "Le MFA est réinitialisé : utilisez désormais le code de votre nouvelle application.",
    signInFirst: "Connectez-vous d'abord (« Se connecter » en haut de la page).",
  },
  ar: {
    signInTitle: "تسجيل الدخول",
    signInIntro: "سجّل الدخول بحساب Portnet ID للاطلاع على ملفاتك.",
    signInIntroRnoce: "سجّل الدخول إلى فضائك الخاص في RNOCE.",
    identifier: "اسم المستخدم أو البريد الإلكتروني",
    email: "البريد الإلكتروني",
    password: "كلمة المرور",
    signInSubmit: "تسجيل الدخول",
    codeLabel: "رمز التحقق (6 أرقام)",
    codeHelp: "أدخل الرمز الظاهر في تطبيق المصادقة.",
    enrolHelp: "أول تسجيل دخول: امسح رمز QR هذا بتطبيق المصادقة (أو أدخل المفتاح أدناه)، ثم أدخل الرمز الذي يظهره.",
    secretLabel: "المفتاح",
    verify: "تأكيد",
    back: "رجوع",
    cancel: "إلغاء",
    passwordTitle: "تغيير كلمة المرور",
    currentPassword: "كلمة المرور الحالية",
    newPassword: "كلمة المرور الجديدة",
    confirmPassword: "تأكيد كلمة المرور الجديدة",
    passwordRule: "8 أحرف على الأقل، تتضمن حرفًا كبيرًا وحرفًا صغيرًا ورقمًا ورمزًا خاصًا.",
    save: "حفظ",
    passwordChanged: "تم تغيير كلمة المرور. أُغلقت جلساتك المفتوحة الأخرى.",
    mfaTitle: "إعادة تعيين MFA",
    mfaIntro: "أدخل كلمة المرور: سيُنشأ مفتاح جديد لتطبيق المصادقة.",
    mfaContinue: "متابعة",
    mfaEnrolHelp: "امسح رمز QR هذا بتطبيق المصادقة (أو أدخل المفتاح أدناه)، ثم أدخل الرمز الذي يظهره. يبقى المفتاح القديم صالحًا إلى ذلك الحين.",
    mfaDone: "تمت إعادة تعيين MFA: استعمل من الآن رمز تطبيقك الجديد.",
    signInFirst: "سجّل الدخول أولًا (« تسجيل الدخول » أعلى الصفحة).",
  },
  en: {
    signInTitle: "Sign in",
    signInIntro: "Sign in with your Portnet ID account to see your files.",
    signInIntroRnoce: "Sign in to your RNOCE private space.",
    identifier: "Identifier or e-mail address",
    email: "E-mail address",
    password: "Password",
    signInSubmit: "Sign in",
    codeLabel: "Verification code (6 digits)",
    codeHelp: "Enter the code your authenticator app shows.",
    enrolHelp: "First sign-in: scan this QR code with your authenticator app (or type the key below), then enter the code it shows.",
    secretLabel: "Key",
    verify: "Verify",
    back: "Back",
    cancel: "Cancel",
    passwordTitle: "Change the password",
    currentPassword: "Current password",
    newPassword: "New password",
    confirmPassword: "Confirm the new password",
    passwordRule: "At least 8 characters, with an upper-case and a lower-case letter, a digit and a special character.",
    save: "Save",
    passwordChanged: "Your password is changed. Your other open sessions are closed.",
    mfaTitle: "Reset MFA",
    mfaIntro: "Enter your password: a new key will be created for your authenticator app.",
    mfaContinue: "Continue",
    mfaEnrolHelp: "Scan this QR code with your authenticator app (or type the key below), then enter the code it shows. The old key keeps working until then.",
    mfaDone: "MFA is reset: from now on, use the code of your new app.",
    signInFirst: "Sign in first (« Sign in » at the top of the page).",
  },
};
addStrings(FORM_STRINGS);

/**
 * The sign-in form: Portnet ID (identifier and password, then a TOTP code, with the
 * enrolment QR code the first time) or, on RNOCE, the private space (e-mail and
 * password). One implementation, shown in the widget and on the demo pages.
 */
class FormKit {
  constructor(options) {
    this.doc = options.doc;
    this.container = options.container;
    this.apiBase = options.apiBase;
    this.lang = normLang(options.lang) || "fr";
    this.token = options.token || null;
  }

  s(key, params) {
    return t(this.lang, key, params);
  }

  async post(path, body) {
    const headers = { "Content-Type": "application/json", "Accept-Language": this.lang };
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
    const response = await this.doc.defaultView.fetch(new URL(path, this.apiBase).toString(), {
      method: "POST",
      headers,
      body: JSON.stringify(body),
    });
    let json = null;
    try {
      json = await response.json();
    } catch (e) {
      json = null;
    }
    if (!response.ok) throw new Error((json && json.error && json.error.message) || this.s("error"));
    return json;
  }

  field(name, labelKey, attrs) {
    const id = newId("tj-f-");
    const input = el(this.doc, "input", Object.assign({ id, name, required: "" }, attrs));
    const label = el(this.doc, "label", { for: id, text: this.s(labelKey) });
    return { input, row: el(this.doc, "div", { class: "tj-field" }, [label, input]) };
  }

  frame(children, onSubmit, titleKey) {
    const doc = this.doc;
    this.errorEl = el(doc, "p", { class: "tj-error", role: "alert", hidden: true });
    const form = el(doc, "form", { class: "tj-signin", dir: directionOf(this.lang), lang: this.lang, novalidate: "" }, [
      el(doc, "h3", { text: this.s(titleKey || "signInTitle") }),
      ...children,
      this.errorEl,
    ]);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      event.stopPropagation();
      const submit = form.querySelector("button[type=submit]");
      if (submit) submit.disabled = true;
      this.showError("");
      try {
        await onSubmit();
      } catch (e) {
        this.showError(e.message || this.s("error"));
      } finally {
        if (submit && submit.isConnected) submit.disabled = false;
      }
    });
    this.container.textContent = "";
    this.container.appendChild(form);
    return form;
  }

  showError(text) {
    if (!this.errorEl) return;
    this.errorEl.textContent = text;
    this.errorEl.hidden = !text;
  }

  buttons(primaryKey, secondary) {
    const row = el(this.doc, "div", { class: "tj-actions" }, [
      el(this.doc, "button", { type: "submit", class: "tj-primary", text: this.s(primaryKey) }),
    ]);
    if (secondary) {
      const button = el(this.doc, "button", { type: "button", class: "tj-secondary", text: this.s(secondary.key) });
      button.addEventListener("click", secondary.action);
      row.appendChild(button);
    }
    return row;
  }

  enrolment(helpKey, enrolment) {
    const doc = this.doc;
    return [
      el(doc, "p", { text: this.s(helpKey) }),
      el(doc, "img", { class: "tj-qr", src: enrolment.qr_code, alt: enrolment.provisioning_uri, width: "180", height: "180" }),
      el(doc, "p", { class: "tj-secret" }, [el(doc, "span", { text: this.s("secretLabel") + " : " }), el(doc, "code", { text: enrolment.secret })]),
    ];
  }

  codeField() {
    return this.field("code", "codeLabel", { inputmode: "numeric", autocomplete: "one-time-code", pattern: "[0-9 ]*", maxlength: "7" });
  }

  done(textKey) {
    this.container.textContent = "";
    this.container.appendChild(el(this.doc, "p", { class: "tj-done", role: "status", text: this.s(textKey) }));
  }
}

export class SignInForm extends FormKit {
  constructor(options) {
    super(options);
    this.realm = options.realm === "rnoce" ? "rnoce" : "portnet";
    this.onDone = options.onDone || (() => {});
    this.onCancel = options.onCancel || null;
    this.challenge = null;
    this.renderPassword();
  }

  renderPassword() {
    const rnoce = this.realm === "rnoce";
    const login = this.field("login", rnoce ? "email" : "identifier", { type: rnoce ? "email" : "text", autocomplete: "username" });
    const password = this.field("password", "password", { type: "password", autocomplete: "current-password" });
    const cancel = this.onCancel ? { key: "cancel", action: () => this.onCancel() } : null;
    this.frame(
      [el(this.doc, "p", { text: this.s(rnoce ? "signInIntroRnoce" : "signInIntro") }), login.row, password.row, this.buttons("signInSubmit", cancel)],
      async () => {
        if (rnoce) {
          const session = await this.post("/api/v1/rnoce/login", { email: login.input.value.trim(), password: password.input.value });
          this.onDone(session);
          return;
        }
        this.challenge = await this.post("/api/v1/auth/login", { login: login.input.value.trim(), password: password.input.value });
        this.renderCode();
      }
    );
    login.input.focus();
  }

  renderCode() {
    const doc = this.doc;
    const challenge = this.challenge;
    const code = this.codeField();
    const children = [];
    if (challenge.mfa === "enrol" && challenge.enrolment) {
      children.push(...this.enrolment("enrolHelp", challenge.enrolment));
    } else {
      children.push(el(doc, "p", { text: this.s("codeHelp") }));
    }
    children.push(code.row, this.buttons("verify", { key: "back", action: () => this.renderPassword() }));
    this.frame(children, async () => {
      const session = await this.post("/api/v1/auth/mfa", { mfa_token: challenge.mfa_token, code: code.input.value.trim() });
      this.onDone(session);
    });
    code.input.focus();
  }
}

/**
 * The profile menu's forms (guides, « Gestion du profil utilisateur »): « Modifier le mot
 * de passe » (current, new, confirmation) and « Réinitialiser MFA » (password, then the
 * new key's QR code and a code from it). They act on the signed-in Portnet ID account.
 */
export class AccountForm extends FormKit {
  constructor(options) {
    super(options);
    if (!this.token) {
      this.container.textContent = "";
      this.container.appendChild(el(this.doc, "p", { class: "tj-hint", text: this.s("signInFirst") }));
    } else if (options.kind === "mfa") {
      this.renderMfaPassword();
    } else {
      this.renderPasswordChange();
    }
  }

  renderPasswordChange() {
    const current = this.field("current_password", "currentPassword", { type: "password", autocomplete: "current-password" });
    const fresh = this.field("new_password", "newPassword", { type: "password", autocomplete: "new-password" });
    const confirmation = this.field("confirmation", "confirmPassword", { type: "password", autocomplete: "new-password" });
    this.frame(
      [el(this.doc, "p", { class: "tj-hint", text: this.s("passwordRule") }), current.row, fresh.row, confirmation.row, this.buttons("save")],
      async () => {
        await this.post("/api/v1/auth/password", {
          current_password: current.input.value,
          new_password: fresh.input.value,
          confirmation: confirmation.input.value,
        });
        this.done("passwordChanged");
      },
      "passwordTitle"
    );
    current.input.focus();
  }

  renderMfaPassword() {
    const password = this.field("password", "password", { type: "password", autocomplete: "current-password" });
    this.frame(
      [el(this.doc, "p", { text: this.s("mfaIntro") }), password.row, this.buttons("mfaContinue")],
      async () => {
        const enrolment = await this.post("/api/v1/auth/mfa/reset", { password: password.input.value });
        this.renderMfaCode(enrolment);
      },
      "mfaTitle"
    );
    password.input.focus();
  }

  renderMfaCode(enrolment) {
    const code = this.codeField();
    this.frame(
      [...this.enrolment("mfaEnrolHelp", enrolment), code.row, this.buttons("verify", { key: "back", action: () => this.renderMfaPassword() })],
      async () => {
        await this.post("/api/v1/auth/mfa/reset/confirm", { code: code.input.value.trim() });
        this.done("mfaDone");
      },
      "mfaTitle"
    );
    code.input.focus();
  }
}
