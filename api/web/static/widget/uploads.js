// Attachments: which files the widget takes (the types and size the server accepts, from
// /widget/config), and the upload itself, with its progress. The server checks the
// content; this only spares the user an upload that would be refused.

export const DEFAULT_MAX_UPLOAD = 3 * 1024 * 1024;
export const DEFAULT_UPLOAD_TYPES = ["application/pdf"];
const EXTENSIONS = {
  "application/pdf": [".pdf"],
  "image/png": [".png"],
  "image/jpeg": [".jpg", ".jpeg"],
};

/** The file input's `accept` attribute for these content types. */
export function acceptAttribute(types) {
  const list = types && types.length ? types : DEFAULT_UPLOAD_TYPES;
  return list.flatMap((type) => [type, ...(EXTENSIONS[type] || [])]).join(",");
}

/** null when the file may be uploaded, else the reason: "unsupported_type" or "too_large". */
export function checkFile(file, maxBytes, types) {
  const list = types && types.length ? types : DEFAULT_UPLOAD_TYPES;
  const name = String((file && file.name) || "").toLowerCase();
  const type = String((file && file.type) || "");
  const known = list.some(
    (accepted) =>
      (EXTENSIONS[accepted] || []).some((ext) => name.endsWith(ext)) &&
      (type === "" || type === accepted),
  );
  if (!known) return "unsupported_type";
  if (!(file.size <= (maxBytes || DEFAULT_MAX_UPLOAD))) return "too_large";
  return null;
}

/**
 * POST a multipart form to `url`, reporting progress in percent. XMLHttpRequest rather
 * than fetch: it tells how much of the upload went.
 * @param {{win: Window, url: string, headers: Record<string, string>, form: FormData, onProgress: (pct: number) => void}} request
 * @returns {Promise<{status: number, body: any, key?: string|null}>}  status 0 when the network failed;
 *   key: the conversation key the server handed out, if it did
 */
export function upload({ win, url, headers, form, onProgress }) {
  return new Promise((resolve) => {
    const xhr = new win.XMLHttpRequest();
    xhr.open("POST", url);
    for (const [key, value] of Object.entries(headers)) xhr.setRequestHeader(key, value);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(Math.round((event.loaded / event.total) * 100));
    };
    xhr.onload = () => {
      let body = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch (e) {
        body = null;
      }
      resolve({ status: xhr.status, body, key: xhr.getResponseHeader("X-Conversation-Key") });
    };
    xhr.onerror = () => resolve({ status: 0, body: null, key: null });
    xhr.send(form);
  });
}
