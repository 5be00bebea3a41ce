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
