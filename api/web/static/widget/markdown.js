// The Markdown subset bot text may use (paragraphs, line breaks, **bold**, lists, links),
// parsed to a plain tree and rendered as DOM nodes with textContent: no server text ever
// goes through innerHTML, and links keep to http(s) and relative URLs.

/** The href a Markdown link may get: http(s) or relative URLs only, else null. */
export function safeHref(url) {
  // Browsers drop tabs, newlines and leading control characters from URLs: so do we,
  // before looking at the scheme ("java\tscript:" is "javascript:").
  const cleaned = String(url || "").replace(/[\u0000-\u0020\u007f-\u009f]/g, "");
  if (!cleaned) return null;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(cleaned);
  if (scheme) return /^https?$/i.test(scheme[1]) ? cleaned : null;
  if (cleaned.startsWith("\\")) return null;
  return cleaned; // relative: /path, ./path, #anchor, //host (follows the page's scheme)
}

const INLINE = /\*\*(.+?)\*\*|\[([^\]\n]+)\]\(([^()\s]+)\)|(https?:\/\/[^\s<>()]*[^\s<>().,;:!?'"»])/g;

/** Inline Markdown: **bold**, [text](url) and bare http(s) URLs; everything else is text. */
export function parseInline(text, insideBold) {
  const nodes = [];
  let last = 0;
  const pushText = (s) => {
    if (!s) return;
    const prev = nodes[nodes.length - 1];
    if (prev && prev.type === "text") prev.text += s;
    else nodes.push({ type: "text", text: s });
  };
  let match;
  const re = new RegExp(INLINE.source, "g");
  while ((match = re.exec(text)) !== null) {
    pushText(text.slice(last, match.index));
    if (match[1] !== undefined) {
      if (insideBold) pushText(match[0]);
      else nodes.push({ type: "strong", children: parseInline(match[1], true) });
    } else if (match[2] !== undefined) {
      const href = safeHref(match[3]);
      if (href) nodes.push({ type: "link", href, children: [{ type: "text", text: match[2] }] });
      else pushText(match[2]);
    } else {
      nodes.push({ type: "link", href: match[4], children: [{ type: "text", text: match[4] }] });
    }
    last = re.lastIndex;
  }
  pushText(text.slice(last));
  return nodes;
}

/**
 * Block Markdown: paragraphs (single newlines kept as line breaks), "-", "*" or "•"
 * bullet lists and "1." / "1)" numbered lists. Returns a plain tree, no HTML.
 */
export function parseMarkdown(source) {
  const lines = String(source == null ? "" : source).replace(/\r\n?/g, "\n").split("\n");
  const blocks = [];
  let paragraph = null;
  let list = null;
  const closeAll = () => {
    paragraph = null;
    list = null;
  };
  for (const line of lines) {
    const bullet = /^\s*[-*•]\s+(.*)$/.exec(line);
    const numbered = /^\s*(\d{1,3})[.)]\s+(.*)$/.exec(line);
    if (!line.trim()) {
      closeAll();
    } else if (bullet || numbered) {
      const type = bullet ? "ul" : "ol";
      if (!list || list.type !== type) {
        list = { type, items: [] };
        if (numbered) list.start = parseInt(numbered[1], 10);
        blocks.push(list);
      }
      list.items.push(parseInline(bullet ? bullet[1] : numbered[2], false));
      paragraph = null;
    } else if (list && /^\s{2,}\S/.test(line)) {
      // an indented continuation of the last list item
      const item = list.items[list.items.length - 1];
      item.push({ type: "br" }, ...parseInline(line.trim(), false));
    } else {
      list = null;
      if (!paragraph) {
        paragraph = { type: "p", children: [] };
        blocks.push(paragraph);
      } else {
        paragraph.children.push({ type: "br" });
      }
      paragraph.children.push(...parseInline(line, false));
    }
  }
  return blocks;
}

function renderInline(doc, nodes, parent) {
  for (const node of nodes) {
    if (node.type === "text") parent.appendChild(doc.createTextNode(node.text));
    else if (node.type === "br") parent.appendChild(doc.createElement("br"));
    else if (node.type === "strong") renderInline(doc, node.children, parent.appendChild(doc.createElement("strong")));
    else if (node.type === "link") {
      const a = doc.createElement("a");
      a.href = node.href;
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      renderInline(doc, node.children, a);
      parent.appendChild(a);
    }
  }
  return parent;
}

/** Markdown-subset text as DOM nodes (textContent only) inside `parent`. */
export function renderMarkdown(doc, text, parent) {
  for (const block of parseMarkdown(text)) {
    if (block.type === "p") parent.appendChild(renderInline(doc, block.children, doc.createElement("p")));
    else {
      const list = doc.createElement(block.type);
      if (block.type === "ol" && block.start && block.start !== 1) list.setAttribute("start", String(block.start));
      for (const item of block.items) list.appendChild(renderInline(doc, item, doc.createElement("li")));
      parent.appendChild(list);
    }
  }
  return parent;
}
