// « Dossiers portails (démo) »: the demo portal files, each with a status select and
// « Changer le statut ». A change is announced live to whoever may see the file (the server
// does that); here the row simply shows the new status.

import { el } from "./dom.js";
import { formatDate } from "./i18n.js";

export class PortalFiles {
  /** @param {import("./app.js").Console} app */
  constructor(app) {
    this.app = app;
    this.items = null;
  }

  s(key, params) {
    return this.app.s(key, params);
  }

  render(container) {
    container.textContent = "";
    this.status = el("p", { class: "muted", role: "status" });
    this.body = el("div", { class: "files-body" });
    const refresh = el("button", { type: "button", class: "secondary", text: this.s("refresh") });
    refresh.addEventListener("click", () => this.load());
    container.append(
      el("section", { class: "files", "aria-labelledby": "files-title" }, [
        el("h2", { id: "files-title", text: this.s("files.title") }),
        el("p", { class: "muted", text: this.s("files.intro") }),
        refresh,
        this.status,
        this.body,
      ])
    );
    if (this.items) this.draw();
  }

  async load() {
    try {
      const body = await this.app.api("GET", "/api/v1/staff/files");
      this.items = (body && Array.isArray(body.files) && body.files) || [];
      this.status.classList.remove("error");
      this.status.textContent = this.s("refreshed", { time: new Date().toLocaleTimeString(this.app.lang === "ar" ? "ar-MA" : this.app.lang) });
      this.draw();
    } catch (e) {
      if (!this.app.session || !this.status) return;
      this.status.textContent = e.message;
      this.status.classList.add("error");
    }
  }

  draw() {
    this.body.textContent = "";
    if (!this.items.length) {
      this.body.append(el("p", { class: "empty", text: this.s("files.empty") }));
      return;
    }
    const head = el("tr", {}, [
      ...["kind", "reference", "owner", "status"].map((key) => el("th", { scope: "col", text: this.s(`files.${key}`) })),
      el("th", { scope: "col", text: this.s("updatedAt") }),
      el("th", { scope: "col", text: this.s("files.change") }),
    ]);
    const rows = this.items.map((file, index) => this.row(file, index));
    this.body.append(el("table", { class: "queue-table files-table", "aria-labelledby": "files-title" }, [el("thead", {}, [head]), el("tbody", {}, rows)]));
  }

  row(file, index) {
    const id = `file-status-${index}`;
    const select = el("select", { id, name: "status", "aria-label": this.s("files.newStatus", { reference: file.reference }) });
    for (const choice of file.statuses || []) {
      const option = el("option", { value: choice.value, text: choice.label });
      option.selected = choice.value === file.status;
      select.append(option);
    }
    const submit = el("button", { type: "submit", class: "secondary", text: this.s("files.change") });
    const error = el("p", { class: "error", role: "alert", hidden: true });
    const form = el("form", { class: "file-status", novalidate: "" }, [select, submit, error]);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.change(file, select.value, submit, error);
    });
    return el("tr", { "data-file": `${file.kind}/${file.reference}` }, [
      el("td", { text: file.kind_label || file.kind }),
      el("td", { class: "ref", text: file.reference }),
      el("td", { dir: "auto" }, [el("span", { text: file.owner_name || "" }), file.owner_ice ? el("br") : null, file.owner_ice ? el("small", { class: "muted", text: `ICE ${file.owner_ice}` }) : null]),
      el("td", {}, [el("span", { class: "badge", text: file.status_label || file.status })]),
      el("td", {}, [el("time", { datetime: file.updated_at || "", text: formatDate(file.updated_at, this.app.lang) })]),
      el("td", {}, [form]),
    ]);
  }

  async change(file, status, submit, error) {
    submit.disabled = true;
    error.hidden = true;
    try {
      const path = `/api/v1/staff/files/${encodeURIComponent(file.kind)}/${encodeURIComponent(file.reference)}/status`;
      const updated = await this.app.api("POST", path, { status });
      Object.assign(file, { status: updated.status, status_label: updated.status_label, updated_at: updated.updated_at });
      // The row redrawn in place, its button focused again: the agent stays where they were.
      const before = submit.closest("tr");
      const after = this.row(file, this.items.indexOf(file));
      if (before) before.replaceWith(after);
      after.querySelector("button").focus();
      this.status.classList.remove("error");
      this.status.textContent = this.s("files.changed", { reference: file.reference, status: updated.status_label });
    } catch (e) {
      if (!this.app.session) return;
      error.textContent = e.message;
      error.hidden = false;
    } finally {
      if (submit.isConnected) submit.disabled = false;
    }
  }
}
