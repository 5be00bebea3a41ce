// Inline form cards: a message's `form` (public contract, DESIGN.md) drawn as a real form
// in the conversation. Labels, help and errors tied to their fields, native keyboard
// behaviour, the conversation's direction (Arabic: right to left). A file field uploads
// through the widget's upload path (POST /api/v1/uploads) as soon as a file is chosen.
// Submitting sends ONE chat message: a readable summary as its text, with
// metadata.form = {id, values} and metadata.attachments = [upload ids]; the card is then
// read-only. The pure helpers (summary, checks) are exported for the unit tests.

import { el } from "./dom.js";
import { newId } from "./history.js";
import { addStrings, directionOf, formatSize, t } from "./i18n.js";

export const CARD_CSS = `
.form-card { margin-top: 8px; display: flex; flex-direction: column; gap: 10px; background: var(--tj-bg); border: 1px solid var(--tj-border); border-radius: 12px; padding: 12px; max-width: 100%; }
.form-card h3 { margin: 0; font-size: 14px; }
.form-card .fc-field { display: flex; flex-direction: column; gap: 4px; font-size: 13px; }
.form-card .fc-field.fc-check { flex-direction: row; align-items: center; gap: 8px; }
.form-card label { font-weight: 600; }
.form-card .fc-req { color: var(--tj-danger); }
.form-card input:not([type=checkbox]), .form-card select, .form-card textarea { width: 100%; padding: 7px 9px; border: 1px solid var(--tj-border); border-radius: 8px; background: var(--tj-bg); color: var(--tj-text); font: inherit; }
.form-card textarea { min-height: 72px; resize: vertical; }
.form-card [aria-invalid=true] { border-color: var(--tj-danger); }
.form-card .fc-help { margin: 0; color: var(--tj-muted); font-size: 12px; }
.form-card .fc-error { margin: 0; color: var(--tj-danger); font-size: 12px; }
.form-card .fc-files { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 4px; }
.form-card .fc-files li { display: flex; gap: 8px; align-items: center; justify-content: space-between; background: var(--tj-soft); border-radius: 6px; padding: 4px 8px; }
.form-card .fc-files button { border: 0; background: none; color: var(--tj-primary); text-decoration: underline; padding: 0; }
.form-card .fc-submit { align-self: flex-start; padding: 8px 16px; border: 0; border-radius: 999px; background: var(--tj-primary); color: var(--tj-primary-text); font-weight: 600; }
.form-card .fc-submit[disabled] { opacity: .6; cursor: default; }
.form-card .fc-status { margin: 0; font-size: 12px; color: var(--tj-muted); }
.form-card.locked { opacity: .85; }
`;

export const CARD_STRINGS = {
  fr: {
    cardSubmit: "Envoyer",
    cardRequired: "obligatoire",
    cardMissing: "Ce champ est obligatoire.",
    cardFixErrors: "Complétez les champs signalés.",
    cardChoose: "— Choisir —",
    cardRemove: "Retirer {name}",
    cardUploading: "Envoi de « {name} »… {pct} %",
    cardUploadFailed: "« {name} » n'a pas été envoyé : {reason}",
    cardFileType: "« {name} » : type de fichier non accepté ({types}).",
    cardFileSize: "« {name} » fait {size} : la taille maximale est de {max}.",
    cardFileEmpty: "« {name} » est vide.",
    cardTooMany: "Au plus {max} fichier(s).",
    cardSent: "Formulaire envoyé.",
    cardClosed: "Formulaire non modifiable.",
    cardPair: "{label} : {value}",
    cardYes: "Oui",
    cardNo: "Non",
    cardBusy: "Attendez la fin de l'envoi des fichiers.",
    cardKnownFiles: "Déjà reçu(s) : {n} fichier(s).",
  },
  ar: {
    cardSubmit: "إرسال",
    cardRequired: "إلزامي",
    cardMissing: "هذا الحقل إلزامي.",
    cardFixErrors: "أكمل الحقول المشار إليها.",
    cardChoose: "— اختر —",
    cardRemove: "إزالة {name}",
    cardUploading: "جارٍ إرسال «{name}»… {pct} %",
    cardUploadFailed: "لم يُرسل «{name}»: {reason}",
    cardFileType: "«{name}»: نوع الملف غير مقبول ({types}).",
    cardFileSize: "حجم «{name}» هو {size}: الحد الأقصى {max}.",
    cardFileEmpty: "«{name}» فارغ.",
    cardTooMany: "{max} ملفات على الأكثر.",
    cardSent: "تم إرسال الاستمارة.",
    cardClosed: "لم تعد الاستمارة قابلة للتعديل.",
    cardPair: "{label}: {value}",
    cardYes: "نعم",
    cardNo: "لا",
    cardBusy: "انتظر انتهاء إرسال الملفات.",
    cardKnownFiles: "تم استلام {n} ملف(ات) من قبل.",
  },
  en: {
    cardSubmit: "Send",
    cardRequired: "required",
    cardMissing: "This field is required.",
    cardFixErrors: "Complete the fields marked.",
    cardChoose: "— Choose —",
    cardRemove: "Remove {name}",
    cardUploading: "Sending “{name}”… {pct} %",
    cardUploadFailed: "“{name}” was not sent: {reason}",
    cardFileType: "“{name}”: this type of file is not accepted ({types}).",
    cardFileSize: "“{name}” is {size}: the limit is {max}.",
    cardFileEmpty: "“{name}” is empty.",
    cardTooMany: "At most {max} file(s).",
    cardSent: "Form sent.",
    cardClosed: "This form can no longer be changed.",
    cardPair: "{label}: {value}",
    cardYes: "Yes",
    cardNo: "No",
    cardBusy: "Wait until the files are sent.",
    cardKnownFiles: "Already received: {n} file(s).",
  },
};
addStrings(CARD_STRINGS);

export const FIELD_TYPES = ["text", "textarea", "email", "tel", "date", "number", "select", "file", "checkbox"];
// What a file field takes unless it says otherwise (the server checks the content anyway).
export const DEFAULT_ACCEPT = ["application/pdf", "image/png", "image/jpeg"];
export const DEFAULT_MAX_FILES = 5;
const EXTENSIONS = { "application/pdf": [".pdf"], "image/png": [".png"], "image/jpeg": [".jpg", ".jpeg"] };
const TYPE_NAMES = { "application/pdf": "PDF", "image/png": "PNG", "image/jpeg": "JPEG" };
// Longer free text gets a multi-line box.
const MULTILINE_FROM = 200;

/** A form card the widget can draw: an object with an id and at least one named field. */
export function isFormCard(form) {
  return (
    !!form &&
    typeof form === "object" &&
    typeof form.id === "string" &&
    Array.isArray(form.fields) &&
    form.fields.some((f) => f && typeof f.name === "string" && f.name)
  );
}

/** The fields drawn: named ones, with a known type ("text" otherwise). */
export function cardFields(form) {
  return (form.fields || [])
    .filter((f) => f && typeof f.name === "string" && f.name)
    .map((f) => Object.assign({}, f, { type: FIELD_TYPES.includes(f.type) ? f.type : "text" }));
}

/** The accepted content types of a file field (its `accept`: a list or a comma list). */
export function acceptOf(field) {
  const raw = Array.isArray(field.accept) ? field.accept : typeof field.accept === "string" ? field.accept.split(",") : [];
  const types = raw.map((a) => String(a).trim().toLowerCase()).filter(Boolean);
  return types.length ? types : DEFAULT_ACCEPT;
}

function isEmpty(value) {
  return value === undefined || value === null || value === "" || value === false || (Array.isArray(value) && !value.length);
}

/** Names of the required fields left empty, in the card's order. */
export function missingRequired(form, values) {
  return cardFields(form)
    .filter((f) => f.required && isEmpty(values[f.name]))
    .map((f) => f.name);
}

/**
 * null when `file` may be sent for a field accepting `accept`, else [string key, params].
 * The type is the browser's idea (or the name's extension); the server reads the content.
 */
export function checkCardFile(file, accept, maxBytes) {
  const name = String((file && file.name) || "");
  const type = String((file && file.type) || "").toLowerCase();
  const lower = name.toLowerCase();
  const ok = accept.some((a) => (a.startsWith(".") ? lower.endsWith(a) : type ? type === a : (EXTENSIONS[a] || []).some((x) => lower.endsWith(x))));
  if (!ok) return ["cardFileType", { name, types: accept.map((a) => TYPE_NAMES[a] || a).join(", ") }];
  if (!(file.size > 0)) return ["cardFileEmpty", { name }];
  if (maxBytes && file.size > maxBytes) return ["cardFileSize", { name, size: file.size, max: maxBytes }];
  return null;
}

/**
 * The readable text of an answered card: « Objet : … · Détails : … », empty fields left out,
 * a choice by its label, files by their names. At most `maxChars` characters (the values
 * themselves travel whole in metadata.form).
 */
export function summaryText(form, values, files, lang, maxChars) {
  const parts = [];
  for (const field of cardFields(form)) {
    const value = values[field.name];
    let shown;
    if (field.type === "file") {
      const names = (files[field.name] || []).map((f) => f.filename);
      if (!names.length) continue;
      shown = names.join(", ");
    } else if (field.type === "checkbox") {
      shown = t(lang, value ? "cardYes" : "cardNo");
    } else {
      if (isEmpty(value)) continue;
      const choice = (field.choices || []).find((c) => c && String(c.value) === String(value));
      shown = choice && choice.label ? String(choice.label) : String(value);
    }
    parts.push(t(lang, "cardPair", { label: String(field.label || field.name), value: shown.replace(/\s+/g, " ").trim() }));
  }
  let text = parts.join(" · ") || String(form.title || form.id);
  const limit = maxChars || 2000;
  if (text.length > limit) text = text.slice(0, limit - 1).trimEnd() + "…";
  return text;
}

/**
 * One card in the log. `host` is the widget (app.js): its lang, config, uploadFile(file,
 * onProgress) and sendForm({text, form, attachments}).
 */
export class FormCard {
  constructor(host, form, options) {
    this.host = host;
    this.doc = host.doc;
    this.form = form;
    this.lang = host.lang;
    this.fields = cardFields(form);
    this.inputs = {}; // name -> input / select / textarea
    this.files = {}; // name -> [{id, filename, size}]
    this.uploading = 0;
    this.locked = false;
    this.node = this.build();
    if (!(options && options.interactive)) this.lock("cardClosed");
  }

  s(key, params) {
    return t(this.lang, key, params);
  }

  build() {
    const doc = this.doc;
    const titleId = newId("tj-fc-");
    const node = el(doc, "form", { class: "form-card", dir: directionOf(this.lang), lang: this.lang, novalidate: "", "data-form-id": this.form.id });
    if (this.form.title) {
      node.appendChild(el(doc, "h3", { id: titleId, dir: "auto", text: String(this.form.title) }));
      node.setAttribute("aria-labelledby", titleId);
    }
    for (const field of this.fields) node.appendChild(this.row(field));
    this.alertEl = el(doc, "p", { class: "fc-error fc-alert", role: "alert", hidden: true });
    this.statusEl = el(doc, "p", { class: "fc-status", role: "status", hidden: true });
    this.submitBtn = el(doc, "button", { type: "submit", class: "fc-submit", text: String(this.form.submit_label || this.s("cardSubmit")) });
    node.append(this.alertEl, this.submitBtn, this.statusEl);
    node.addEventListener("submit", (event) => {
      event.preventDefault();
      this.submit();
    });
    return node;
  }

  row(field) {
    const doc = this.doc;
    const id = newId("tj-fc-");
    const helpId = `${id}-help`;
    const errorId = `${id}-error`;
    const label = el(doc, "label", { for: id, dir: "auto" }, [doc.createTextNode(String(field.label || field.name))]);
    if (field.required) {
      label.append(" ", el(doc, "span", { class: "fc-req", "aria-hidden": "true", text: "*" }), el(doc, "span", { class: "sr-only", text: `(${this.s("cardRequired")})` }));
    }
    const input = this.control(field, id);
    input.setAttribute("name", field.name);
    if (field.required) {
      input.setAttribute("aria-required", "true");
      if (field.type !== "file") input.required = true;
    }
    const describedBy = [];
    const parts = [];
    if (field.help) {
      parts.push(el(doc, "p", { class: "fc-help", id: helpId, dir: "auto", text: String(field.help) }));
      describedBy.push(helpId);
    }
    const error = el(doc, "p", { class: "fc-error", id: errorId, dir: "auto", hidden: true });
    describedBy.push(errorId);
    input.setAttribute("aria-describedby", describedBy.join(" "));
    field.errorEl = error;
    field.input = input;
    if (field.type !== "file") input.addEventListener("input", () => this.setError(field, "")); // being corrected
    this.inputs[field.name] = input;
    const row = el(doc, "div", { class: field.type === "checkbox" ? "fc-field fc-check" : "fc-field", "data-field": field.name });
    if (field.type === "checkbox") row.append(input, label);
    else row.append(label, input);
    if (field.type === "file") {
      field.listEl = el(doc, "ul", { class: "fc-files" });
      field.progressEl = el(doc, "p", { class: "fc-status", role: "status", hidden: true });
      row.append(field.listEl, field.progressEl);
      this.files[field.name] = [];
      // Files the draft already holds (their upload ids): kept, counted, not sent again.
      const known = Array.isArray(field.value) ? field.value.map((v) => (v && typeof v === "object" ? v.id : v)).filter((v) => typeof v === "string" && v) : [];
      field.known = known;
      if (known.length) row.append(el(doc, "p", { class: "fc-help fc-known", text: this.s("cardKnownFiles", { n: known.length }) }));
    }
    row.append(...parts, error);
    if (field.error) this.setError(field, String(field.error));
    return row;
  }

  control(field, id) {
    const doc = this.doc;
    const value = field.value;
    if (field.type === "select") {
      const select = el(doc, "select", { id, dir: "auto" });
      select.appendChild(el(doc, "option", { value: "", text: this.s("cardChoose") }));
      for (const choice of field.choices || []) {
        if (!choice) continue;
        const option = el(doc, "option", { value: String(choice.value), text: String(choice.label || choice.value) });
        if (value !== undefined && value !== null && String(choice.value) === String(value)) option.selected = true;
        select.appendChild(option);
      }
      return select;
    }
    if (field.type === "checkbox") {
      const box = el(doc, "input", { id, type: "checkbox" });
      box.checked = value === true || value === "true";
      return box;
    }
    if (field.type === "file") {
      const accept = acceptOf(field);
      const input = el(doc, "input", { id, type: "file", accept: accept.join(","), multiple: (field.max_files || DEFAULT_MAX_FILES) > 1 });
      input.addEventListener("change", () => {
        const chosen = Array.from(input.files || []);
        input.value = "";
        for (const file of chosen) this.addFile(field, file);
      });
      return input;
    }
    const multiline = field.type === "textarea" || field.multiline === true || Number(field.max_length) > MULTILINE_FROM;
    const control = multiline
      ? el(doc, "textarea", { id, dir: "auto", rows: "4" })
      : el(doc, "input", { id, dir: field.type === "text" ? "auto" : null, type: field.type === "textarea" ? "text" : field.type });
    if (Number(field.max_length) > 0) control.maxLength = Number(field.max_length);
    if (value !== undefined && value !== null) control.value = String(value);
    return control;
  }

  setError(field, text) {
    field.errorEl.textContent = text || "";
    field.errorEl.hidden = !text;
    if (text) field.input.setAttribute("aria-invalid", "true");
    else field.input.removeAttribute("aria-invalid");
  }

  maxBytes() {
    return Number(this.host.config && this.host.config.max_upload_bytes) || 3 * 1024 * 1024;
  }

  async addFile(field, file) {
    if (this.locked) return;
    const max = Number(field.max_files) || DEFAULT_MAX_FILES;
    if ((field.known || []).length + this.files[field.name].length + 1 > max) {
      this.setError(field, this.s("cardTooMany", { max }));
      return;
    }
    const problem = checkCardFile(file, acceptOf(field), this.maxBytes());
    if (problem) {
      const [key, params] = problem;
      if (key === "cardFileSize") {
        params.size = formatSize(params.size, this.lang);
        params.max = formatSize(params.max, this.lang);
      }
      this.setError(field, this.s(key, params));
      return;
    }
    this.setError(field, "");
    this.uploading += 1;
    const progress = (pct) => {
      field.progressEl.textContent = this.s("cardUploading", { name: file.name, pct });
      field.progressEl.hidden = false;
    };
    progress(0);
    let result;
    try {
      result = await this.host.uploadFile(file, progress);
    } finally {
      this.uploading -= 1;
      field.progressEl.hidden = true;
    }
    const { status, body } = result || {};
    if (status >= 200 && status < 300 && body && body.id) {
      this.files[field.name].push({ id: body.id, filename: body.filename || file.name, size: body.size });
      this.renderFiles(field);
    } else {
      const reason = status ? (body && body.error && body.error.message) || `HTTP ${status}` : this.s("error");
      this.setError(field, this.s("cardUploadFailed", { name: file.name, reason }));
    }
  }

  renderFiles(field) {
    const doc = this.doc;
    field.listEl.textContent = "";
    for (const entry of this.files[field.name]) {
      const label = entry.size ? `${entry.filename} (${formatSize(entry.size, this.lang)})` : entry.filename;
      const remove = el(doc, "button", { type: "button", class: "fc-remove", "aria-label": this.s("cardRemove", { name: entry.filename }), text: "✕" });
      remove.disabled = this.locked;
      remove.addEventListener("click", () => {
        this.files[field.name] = this.files[field.name].filter((f) => f !== entry);
        this.renderFiles(field);
        field.input.focus();
      });
      field.listEl.appendChild(el(doc, "li", {}, [el(doc, "span", { dir: "auto", text: label }), remove]));
    }
  }

  values() {
    const values = {};
    for (const field of this.fields) {
      const input = this.inputs[field.name];
      if (field.type === "file") values[field.name] = [...(field.known || []), ...this.files[field.name].map((f) => f.id)];
      else if (field.type === "checkbox") values[field.name] = input.checked;
      else if (field.type === "number") values[field.name] = input.value.trim() === "" ? "" : input.value.trim();
      else values[field.name] = input.value.trim();
    }
    return values;
  }

  submit() {
    if (this.locked) return;
    if (this.uploading) {
      this.showAlert(this.s("cardBusy"));
      return;
    }
    const values = this.values();
    const missing = new Set(missingRequired(this.form, values));
    let first = null;
    for (const field of this.fields) {
      if (missing.has(field.name)) {
        this.setError(field, this.s("cardMissing"));
        if (!first) first = field;
      } else if (field.type !== "file") {
        this.setError(field, "");
      }
    }
    if (first) {
      this.showAlert(this.s("cardFixErrors"));
      first.input.focus();
      return;
    }
    this.showAlert("");
    const attachments = [];
    const files = {};
    for (const field of this.fields) {
      if (field.type !== "file") continue;
      files[field.name] = this.files[field.name];
      for (const f of this.files[field.name]) attachments.push(f.id);
    }
    const maxChars = Number(this.host.config && this.host.config.max_message_chars) || 2000;
    const text = summaryText(this.form, values, files, this.lang, maxChars);
    this.lock("cardSent");
    this.host.sendForm({ text, form: { id: this.form.id, values }, attachments });
  }

  showAlert(text) {
    this.alertEl.textContent = text || "";
    this.alertEl.hidden = !text;
  }

  /** Read-only from now on (sent, or superseded by a later message). */
  lock(statusKey) {
    if (this.locked) return;
    this.locked = true;
    this.node.classList.add("locked");
    this.node.setAttribute("aria-disabled", "true");
    for (const control of this.node.querySelectorAll("input, select, textarea, button")) control.disabled = true;
    this.submitBtn.hidden = true;
    this.statusEl.textContent = this.s(statusKey || "cardClosed");
    this.statusEl.hidden = false;
  }
}
