// The widget's look: every colour, the font and the radius are CSS custom properties the page can
// set on `ones-login`; `theme="dark"`/`"light"` picks one, and without it the user's system setting
// decides. Contrast is at least 4.5:1 for text in both themes. The QR code stays dark on white in
// both: scanners need it.
const DARK =
  '--ones-login-background:#16181d;--ones-login-color:#e8eaed;--ones-login-muted:#b4bac6;--ones-login-accent:#8ab4f8;--ones-login-accent-text:#0b1a33;--ones-login-border:#5c6272;--ones-login-error:#f2b8b5';

/** The shadow root's style sheet. */
export const WIDGET_CSS = `:host{--ones-login-background:#fff;--ones-login-color:#1b1d22;--ones-login-muted:#4b5160;--ones-login-accent:#1f5fbf;--ones-login-accent-text:#fff;--ones-login-border:#8a909c;--ones-login-error:#b3261e;--ones-login-radius:8px;--ones-login-font:system-ui,sans-serif;display:block;max-width:24rem;font:1rem/1.4 var(--ones-login-font);color:var(--ones-login-color)}
:host([hidden]),[hidden]{display:none!important}:host([theme=dark]){${DARK}}@media (prefers-color-scheme:dark){:host(:not([theme=light])){${DARK}}}
.box{background:var(--ones-login-background);border:1px solid var(--ones-login-border);border-radius:var(--ones-login-radius);padding:1rem 1.25rem}
h2{font-size:1.15rem}p{margin:.5rem 0}
[role=tablist]{display:flex;gap:.25rem;margin-bottom:1rem;border-bottom:1px solid var(--ones-login-border)}
[role=tab]{background:none;border:0;border-bottom:3px solid transparent;color:inherit;padding:.5rem .75rem;cursor:pointer}
[role=tab][aria-selected=true]{border-color:var(--ones-login-accent);font-weight:600}
button,input{font:inherit;border-radius:calc(var(--ones-login-radius)/2)}
input{display:block;width:100%;box-sizing:border-box;margin:.25rem 0 .75rem;padding:.5rem;border:1px solid var(--ones-login-border);background:var(--ones-login-background);color:inherit}
.primary,.secondary{padding:.5rem 1rem;cursor:pointer;border:1px solid var(--ones-login-accent)}
.primary{background:var(--ones-login-accent);color:var(--ones-login-accent-text)}.secondary{background:none;color:inherit}
:focus-visible{outline:3px solid var(--ones-login-accent);outline-offset:2px}
.head{display:flex;align-items:center;gap:.5rem;margin:0 0 .75rem}.head h2{margin:0}::slotted([slot=brand]){max-height:2rem}
.qr{display:block;width:fit-content;margin:.5rem auto;background:#fff;line-height:0;border-radius:4px}.qr svg{width:13.5rem;height:13.5rem}
.app{display:none;text-align:center;margin:.5rem 0;color:var(--ones-login-accent);font-weight:600}:host([show-app-link]) .app{display:block}@media (max-width:30rem){.app{display:block}}
progress{display:block;width:100%;height:.375rem;margin:-.25rem 0 .75rem;accent-color:var(--ones-login-accent)}
.small{font-size:.875rem;color:var(--ones-login-muted)}[aria-invalid=true]{border-color:var(--ones-login-error);outline-color:var(--ones-login-error)}
.code{font-size:1.5rem;font-weight:700;letter-spacing:.15em}.muted{color:var(--ones-login-muted)}
.failed{color:var(--ones-login-error);font-weight:600}[role=status]:empty{display:none}
.hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%)}`;
