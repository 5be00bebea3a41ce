// The console's one DOM helper: elements built from attributes and children, text through
// textContent only (no server text is ever parsed as HTML).

export function el(tag, attrs, children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children || []) if (child) node.append(child);
  return node;
}

/** A link the server gave (an article's page): http(s) only, else null. */
export function safeUrl(url) {
  try {
    const parsed = new URL(String(url || ""), window.location.href);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : null;
  } catch (e) {
    return null;
  }
}

/**
 * A form of one required text area: labelled, its error next to it, `onSubmit(text)` with
 * the trimmed text (an empty one shows `requiredText` instead).
 */
export function requiredTextForm({ id, name, rows, maxLength, formClass, label, submitText, submitClass, requiredText, onSubmit }) {
  const area = el("textarea", { id, name, rows: String(rows), dir: "auto", maxlength: String(maxLength), "aria-describedby": `${id}-error` });
  const error = el("p", { class: "error", id: `${id}-error`, hidden: true });
  const submit = el("button", { type: "submit", class: submitClass, text: submitText });
  const form = el("form", { class: formClass, novalidate: "" }, [el("label", { for: id, text: label }), area, error, submit]);
  area.addEventListener("input", () => {
    error.hidden = true;
    area.removeAttribute("aria-invalid");
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = area.value.trim();
    if (!text) {
      error.textContent = requiredText;
      error.hidden = false;
      area.setAttribute("aria-invalid", "true");
      area.focus();
      return;
    }
    onSubmit(text, submit);
  });
  return form;
}
