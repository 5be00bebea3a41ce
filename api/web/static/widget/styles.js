// The widget's style sheet, adopted by its shadow root: nothing goes in or out of the
// host page but the --tijaria-* custom properties (its theme).

export const CSS = `
:host {
  all: initial;
  --tj-primary: var(--tijaria-primary, #0b4f8a);
  --tj-primary-text: var(--tijaria-primary-text, #ffffff);
  --tj-accent: var(--tijaria-accent, #e8a317);
  --tj-bg: var(--tijaria-bg, #ffffff);
  --tj-text: var(--tijaria-text, #1d2733);
  --tj-muted: var(--tijaria-muted, #5b6776);
  --tj-soft: var(--tijaria-soft, #eef3f8);
  --tj-border: var(--tijaria-border, #d5dde6);
  --tj-danger: var(--tijaria-danger, #b3261e);
  --tj-focus: var(--tijaria-focus, #e8a317);
  --tj-radius: var(--tijaria-radius, 14px);
  --tj-font: var(--tijaria-font, system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans Arabic", Arial, sans-serif);
  font-family: var(--tj-font);
  font-size: 14px;
  line-height: 1.45;
  color: var(--tj-text);
}
*, *::before, *::after { box-sizing: border-box; }
[hidden] { display: none !important; }
button, textarea, input { font: inherit; color: inherit; }
button { cursor: pointer; }
:focus-visible { outline: 3px solid var(--tj-focus); outline-offset: 2px; }
.sr-only {
  position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}
.launcher {
  position: fixed; right: 0; bottom: 96px; z-index: var(--tijaria-z-index, 2147483000);
  display: flex; align-items: center; gap: 8px;
  padding: 12px 18px 12px 14px; border: 0; border-radius: 999px 0 0 999px;
  background: var(--tj-primary); color: var(--tj-primary-text);
  font-weight: 600; font-size: 15px; box-shadow: 0 4px 16px rgba(0, 0, 0, .25);
}
.launcher:hover { filter: brightness(1.1); }
.launcher svg { width: 22px; height: 22px; flex: none; }
.panel {
  position: fixed; right: 16px; bottom: 16px; z-index: var(--tijaria-z-index, 2147483000);
  width: 390px; height: min(620px, calc(100vh - 32px));
  display: flex; flex-direction: column; overflow: hidden;
  background: var(--tj-bg); color: var(--tj-text);
  border: 1px solid var(--tj-border); border-radius: var(--tj-radius);
  box-shadow: 0 12px 40px rgba(0, 0, 0, .28);
}
@media (max-width: 480px) {
  .panel { right: 0; bottom: 0; width: 100vw; height: 100vh; border-radius: 0; }
}
.header {
  display: flex; align-items: center; gap: 8px; padding: 10px 10px 10px 16px;
  background: var(--tj-primary); color: var(--tj-primary-text);
}
.header .titles { flex: 1; min-width: 0; }
.header h2 { margin: 0; font-size: 16px; font-weight: 700; }
.header p { margin: 0; font-size: 12px; opacity: .9; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.icon-btn {
  display: inline-flex; align-items: center; justify-content: center;
  width: 36px; height: 36px; padding: 0; border: 0; border-radius: 8px;
  background: transparent; color: inherit;
}
.icon-btn:hover { background: rgba(127, 127, 127, .18); }
.icon-btn svg { width: 20px; height: 20px; }
.icon-btn[aria-pressed="true"] { background: rgba(255, 255, 255, .25); }
.mic-btn[aria-pressed="true"] { background: var(--tj-danger); color: #fff; }
.mic-btn[disabled] { opacity: .5; cursor: progress; }
.composer .mic-btn { touch-action: none; user-select: none; -webkit-user-select: none; }
.rec { display: flex; align-items: center; gap: 8px; padding: 6px 8px 6px 14px; font-size: 12px;
  border-top: 1px solid var(--tj-border); background: #fff5f4; }
.rec-dot { flex: none; width: 10px; height: 10px; border-radius: 50%; background: var(--tj-danger); animation: tj-blink 1.2s infinite both; }
.rec-clock { flex: none; font-weight: 700; color: var(--tj-danger); font-variant-numeric: tabular-nums; direction: ltr; }
.rec-label { flex: 1; min-width: 0; color: var(--tj-text); }
.rec-cancel { flex: none; padding: 4px 12px; border-radius: 999px; border: 1px solid var(--tj-danger); background: var(--tj-bg); color: var(--tj-danger); font-size: 12px; }
.rec-cancel:hover { background: var(--tj-danger); color: #fff; }
.msg.user.voice-pending .bubble { opacity: .7; font-style: italic; }
.msg.user.voice-kept .bubble { font-style: italic; }
.msg.user.voice-kept .link-btn { display: block; margin-top: 4px; font-size: 13px; }
.msg.user.held .bubble { opacity: 0.7; border-style: dashed; }
.held-note { max-width: 85%; margin-top: 4px; font-size: 12px; color: #92400e; text-align: end; }
.held-note .link-btn { margin-inline-start: 6px; }
@media (prefers-reduced-motion: reduce) { .rec-dot { animation: none; } }
.body { flex: 1; min-height: 0; overflow-y: auto; padding: 14px; background: var(--tj-soft); }
.log { display: flex; flex-direction: column; gap: 10px; }
.msg { display: flex; flex-direction: column; max-width: 88%; align-self: flex-start; }
.msg.user { align-self: flex-end; align-items: flex-end; }
.msg.notice { align-self: stretch; max-width: 100%; }
.meta { font-size: 11px; color: var(--tj-muted); margin: 0 4px 2px; display: flex; gap: 6px; }
.bubble {
  padding: 9px 12px; border-radius: 12px; background: var(--tj-bg);
  border: 1px solid var(--tj-border); overflow-wrap: anywhere; white-space: normal;
  text-align: start;
}
.msg.user .bubble { background: var(--tj-primary); color: var(--tj-primary-text); border-color: transparent; white-space: pre-wrap; }
.msg.agent .bubble { border-color: var(--tj-accent); border-width: 2px; }
.msg.system:not(.notice) .bubble { background: var(--tj-soft); border-color: var(--tj-accent); border-style: solid; border-inline-start-width: 4px; }
.msg.agent .who, .msg.system .who { font-weight: 600; }
.msg.error .bubble, .msg.notice.error .bubble { border-color: var(--tj-danger); color: var(--tj-danger); background: #fff5f4; }
.msg.notice .bubble { background: transparent; border-style: dashed; font-size: 13px; color: var(--tj-muted); }
.bubble p { margin: 0; }
.bubble p + p, .bubble p + ul, .bubble p + ol, .bubble ul + p, .bubble ol + p { margin-top: 8px; }
.bubble ul, .bubble ol { margin: 4px 0 0; padding-inline-start: 20px; }
.bubble a { color: var(--tj-primary); text-decoration: underline; }
.sources { margin: 6px 4px 0; font-size: 12px; color: var(--tj-muted); }
.sources ul { margin: 2px 0 0; padding-inline-start: 16px; }
.sources a { color: var(--tj-primary); }
.quick-replies { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 8px; }
.qr {
  padding: 6px 12px; border-radius: 999px; border: 1px solid var(--tj-primary);
  background: var(--tj-bg); color: var(--tj-primary); font-size: 13px; text-align: start;
}
.qr:hover { background: var(--tj-primary); color: var(--tj-primary-text); }
.typing { display: flex; gap: 4px; align-items: center; padding: 10px 12px; margin-top: 10px; width: max-content;
  background: var(--tj-bg); border: 1px solid var(--tj-border); border-radius: 12px; }
.typing span { width: 7px; height: 7px; border-radius: 50%; background: var(--tj-muted); animation: tj-blink 1.2s infinite both; }
.typing span:nth-child(2) { animation-delay: .2s; }
.typing span:nth-child(3) { animation-delay: .4s; }
@keyframes tj-blink { 0%, 80%, 100% { opacity: .25; } 40% { opacity: 1; } }
@media (prefers-reduced-motion: reduce) { .typing span { animation: none; opacity: .7; } }
.handoff-bar { display: flex; align-items: center; gap: 8px; padding: 8px 14px; font-size: 13px;
  border-top: 1px solid var(--tj-border); background: var(--tj-bg); border-inline-start: 4px solid var(--tj-accent); }
.handoff-bar.active { font-weight: 600; }
.handoff-bar .handoff-status { flex: 1; min-width: 0; }
.leave-btn { flex: none; padding: 4px 12px; border-radius: 999px; border: 1px solid var(--tj-primary);
  background: var(--tj-bg); color: var(--tj-primary); font-size: 12px; }
.leave-btn:hover { background: var(--tj-primary); color: var(--tj-primary-text); }
.leave-btn[disabled] { opacity: .6; cursor: progress; }
.status { padding: 6px 14px; font-size: 12px; background: #fff8e6; color: #6b4e00; border-top: 1px solid var(--tj-border); }
.progress { display: flex; align-items: center; gap: 8px; padding: 6px 14px; font-size: 12px; border-top: 1px solid var(--tj-border); }
.progress .label { flex: 0 1 auto; min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.progress progress { flex: 1 0 90px; height: 8px; accent-color: var(--tj-primary); }
.progress .pct { flex: none; font-variant-numeric: tabular-nums; }
.composer { display: flex; align-items: flex-end; gap: 4px; padding: 8px; border-top: 1px solid var(--tj-border); background: var(--tj-bg); }
.composer textarea {
  flex: 1; min-height: 40px; max-height: 120px; resize: none; padding: 9px 10px;
  border: 1px solid var(--tj-border); border-radius: 10px; background: var(--tj-bg); text-align: start;
}
.composer textarea::placeholder { color: var(--tj-muted); }
.composer .icon-btn { color: var(--tj-primary); }
.composer .send { background: var(--tj-primary); color: var(--tj-primary-text); }
.composer .send:hover { background: var(--tj-primary); filter: brightness(1.1); }
.rtl-flip { transform: scaleX(1); }
[dir="rtl"] .rtl-flip { transform: scaleX(-1); }
.history h3 { margin: 0 0 10px; font-size: 15px; }
.history ul { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 8px; }
.history-item {
  width: 100%; text-align: start; padding: 10px 12px; border: 1px solid var(--tj-border);
  border-radius: 10px; background: var(--tj-bg);
}
.history-item:hover { border-color: var(--tj-primary); }
.history-item .h-title { display: block; font-weight: 600; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.history-item .h-meta { display: block; font-size: 12px; color: var(--tj-muted); }
.history-item[aria-current="true"] { border-color: var(--tj-primary); border-width: 2px; }
.history .new { margin-top: 12px; padding: 8px 14px; border-radius: 999px; border: 0; background: var(--tj-primary); color: var(--tj-primary-text); }
/* The account line in the header; a text-like button (sign out, « Renvoyer »). */
.header .account { display: flex; gap: 8px; align-items: baseline; }
.header .account .account-name { min-width: 0; overflow: hidden; text-overflow: ellipsis; }
.link-btn { flex: none; padding: 0; border: 0; background: none; color: inherit; text-decoration: underline; font-size: 12px; }
`;
