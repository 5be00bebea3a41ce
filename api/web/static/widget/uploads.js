// Attachments: which files the widget takes (PDF, at most the server's limit), and the
// upload itself, with its progress.

export const DEFAULT_MAX_UPLOAD = 3 * 1024 * 1024;

/** null when the file may be uploaded, else the reason: "not_pdf" or "too_large". */
export function checkFile(file, maxBytes) {
  const name = String((file && file.name) || "");
  const type = String((file && file.type) || "");
  const isPdf = /\.pdf$/i.test(name) && (type === "" || type === "application/pdf");
  if (!isPdf) return "not_pdf";
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
