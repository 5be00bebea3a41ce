// The voice recorder, loaded on the first press of the microphone: MediaRecorder records
// until the next click (or the release of a long press, or the server's time limit), the
// clip goes to POST /api/v1/voice, and a clip the server could not take (busy, down) stays
// in its bubble with « Renvoyer ».

import { el } from "./dom.js";
import { newId } from "./history.js";

export class Voice {
  /** @param {import("./app.js").Widget} app */
  constructor(app) {
    this.app = app;
    this.recording = null; // the take being recorded
    this.recorder = null; // set while recording: the mic is labelled "stop and send"
    this.starting = false;
    this.busy = false; // a clip is on its way to the server
  }

  /** Seconds a voice message may last (the server's limit; the widget stops there). */
  get maxSeconds() {
    return Number(this.app.config.voice_max_seconds) || 60;
  }

  s(key, params) {
    return this.app.s(key, params);
  }

  async start() {
    const app = this.app;
    const win = app.win;
    if (this.recording || this.starting) return;
    this.starting = true;
    let stream;
    try {
      stream = await win.navigator.mediaDevices.getUserMedia({
        audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true },
      });
    } catch (e) {
      app.view.notice(this.s("micDenied"), { error: true });
      return;
    } finally {
      this.starting = false;
    }
    const Recorder = win.MediaRecorder;
    // Opus in webm (Chromium, Firefox), else ogg; Safari records mp4/AAC.
    const type = ["audio/webm;codecs=opus", "audio/ogg;codecs=opus", "audio/mp4"].find(
      (t) => typeof Recorder.isTypeSupported === "function" && Recorder.isTypeSupported(t)
    );
    let recorder;
    try {
      recorder = type ? new Recorder(stream, { mimeType: type }) : new Recorder(stream);
    } catch (e) {
      stream.getTracks().forEach((track) => track.stop());
      app.view.notice(this.s("micDenied"), { error: true });
      return;
    }
    const take = { recorder, chunks: [], cancelled: false, limited: false, startedAt: Date.now() };
    recorder.ondataavailable = (event) => event.data && event.data.size && take.chunks.push(event.data);
    recorder.onstop = () => {
      stream.getTracks().forEach((track) => track.stop());
      this.end(take);
      const blob = new win.Blob(take.chunks, { type: recorder.mimeType || type || "audio/webm" });
      if (take.cancelled || !blob.size) return;
      if (take.limited) app.view.notice(this.s("voiceLimit", { max: this.maxSeconds }));
      this.send(blob);
    };
    this.recording = take;
    this.recorder = recorder;
    recorder.start();
    take.ticker = setInterval(() => this.renderClock(take), 250);
    take.limit = setTimeout(() => {
      take.limited = true;
      this.stop();
    }, this.maxSeconds * 1000);
    this.showBar(take);
  }

  /** Stop and send, or with {cancel: true} stop and throw the recording away. */
  stop(options) {
    const take = this.recording;
    if (!take) return;
    take.cancelled = !!(options && options.cancel);
    clearTimeout(take.limit);
    if (take.recorder.state !== "inactive") take.recorder.stop();
    else this.end(take);
  }

  cancel() {
    this.stop({ cancel: true });
    this.app.view.micBtn.focus();
  }

  /** The recording bar above the composer: a red dot, the running time, cancel. */
  showBar(take) {
    const view = this.app.view;
    const doc = view.doc;
    if (!this.bar) {
      this.clock = el(doc, "span", { class: "rec-clock", "aria-hidden": "true" });
      this.label = el(doc, "span", { class: "rec-label" });
      this.cancelBtn = el(doc, "button", { type: "button", class: "rec-cancel" });
      this.cancelBtn.addEventListener("click", () => this.cancel());
      this.bar = el(doc, "div", { class: "rec", role: "status", hidden: true }, [
        el(doc, "span", { class: "rec-dot", "aria-hidden": "true" }),
        this.clock,
        this.label,
        this.cancelBtn,
      ]);
      view.panel.insertBefore(this.bar, view.composer);
    }
    this.label.textContent = this.s("recording");
    this.cancelBtn.textContent = this.s("micCancel");
    this.bar.hidden = false;
    this.renderClock(take);
    view.micBtn.setAttribute("aria-pressed", "true");
    view.applyStrings();
  }

  renderClock(take) {
    const clock = (seconds) => {
      const s = Math.max(0, Math.floor(seconds));
      return `${String(Math.floor(s / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
    };
    this.clock.textContent = `${clock((Date.now() - take.startedAt) / 1000)} / ${clock(this.maxSeconds)}`;
  }

  end(take) {
    clearInterval(take.ticker);
    clearTimeout(take.limit);
    if (this.recording !== take) return;
    this.recording = null;
    this.recorder = null;
    if (this.bar) this.bar.hidden = true;
    this.app.view.micBtn.setAttribute("aria-pressed", "false");
    this.app.view.applyStrings();
  }

  /**
   * POST /api/v1/voice (multipart: audio, session_id, portal, lang). The server transcribes
   * the clip and runs the chat turn: its answer carries the transcript, shown as the user's
   * message, before the replies.
   */
  async send(blob, clipId) {
    const app = this.app;
    const view = app.view;
    // One id per recording, kept when it is sent again: a retry after a lost answer is
    // recognised by the server and not answered twice.
    const cid = clipId || newId("v-");
    const extension = /ogg/.test(blob.type) ? "ogg" : /mp4|aac/.test(blob.type) ? "m4a" : "webm";
    const form = new app.win.FormData();
    form.append("audio", blob, `voice.${extension}`);
    form.append("session_id", app.sessionId);
    form.append("portal", app.portal);
    form.append("lang", app.convLang || "");
    form.append("client_message_id", cid);
    if (app.pane !== "chat") app.showChat();
    const pending = view.appendMessage({ sender: "user", text: this.s("voicePending") });
    if (pending) pending.classList.add("voice-pending");
    this.busy = true;
    view.micBtn.disabled = true;
    app.updateTyping();
    try {
      let response;
      try {
        response = await app.fetch("/api/v1/voice", { method: "POST", body: form });
      } catch (e) {
        this.keep(pending, blob, cid, this.s("error"));
        return;
      }
      const body = await response.json().catch(() => null);
      const reason = (body && body.error && body.error.message) || `HTTP ${response.status}`;
      // Busy or down: the user spoke for nothing unless the clip is kept for a second try.
      // A refused clip (silence, too long, unreadable) would only be refused again.
      if (response.status === 429 || response.status >= 500) {
        this.keep(pending, blob, cid, reason);
        return;
      }
      if (!response.ok) throw new Error(reason);
      const heard = body && (body.transcript || body.text);
      if (heard && pending) {
        pending.classList.remove("voice-pending");
        pending.querySelector(".bubble").textContent = heard;
      } else if (pending) {
        pending.remove();
      }
      if (body && Array.isArray(body.messages)) {
        if (heard) app.remember(heard);
        app.handleResponse(body);
      } else if (heard) {
        // A server that only transcribes: send the text as if it had been typed.
        if (pending) pending.remove();
        app.send(heard);
      }
    } catch (e) {
      if (pending) pending.remove();
      view.notice(this.s("voiceFailed", { reason: e.message || this.s("error") }), { error: true });
    } finally {
      this.busy = false;
      view.micBtn.disabled = false;
      app.updateTyping();
    }
  }

  /** The clip stays in its bubble, with a button that sends the same recording again. */
  keep(pending, blob, cid, reason) {
    if (!pending) return;
    pending.classList.remove("voice-pending");
    pending.classList.add("voice-kept");
    const bubble = pending.querySelector(".bubble");
    bubble.textContent = this.s("voiceKept", { reason });
    const resend = el(this.app.view.doc, "button", { type: "button", class: "link-btn voice-resend", text: this.s("voiceResend") });
    resend.addEventListener("click", () => {
      if (this.busy) return;
      pending.remove();
      this.send(blob, cid);
    });
    bubble.appendChild(resend);
    this.app.view.scrollToEnd();
  }
}
