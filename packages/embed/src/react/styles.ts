/**
 * The widgets' only CSS, injected into their shadow roots. `all: initial` on the host stops the
 * page's inherited styles; custom properties (which do cross shadow roots) are the theming hooks:
 * --samvad-accent, --samvad-font, --samvad-icon-color, --samvad-card-bg.
 */
export const EMBED_CSS = `
:host { all: initial; display: inline-block; color: inherit; }
:host(samvad-recent-messages) { display: block; min-width: 0; max-width: 100%; }
/* The page's rules can still style the host element itself (e.g. '* { font-family }'), and inherited
   properties flow on from it: the root resets every inherited property that shows. */
.root { display: contents; color: inherit; font-family: var(--samvad-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif); font-size: 14px; font-style: normal; font-weight: 400; line-height: 1.4; letter-spacing: normal; word-spacing: normal; text-align: left; text-transform: none; text-indent: 0; text-shadow: none; white-space: normal; visibility: visible; cursor: auto; direction: ltr; }
*, *::before, *::after { box-sizing: border-box; }
a:focus-visible, button:focus-visible { outline: 2px solid var(--samvad-accent, #059669); outline-offset: 2px; }
.icon { position: relative; display: inline-flex; align-items: center; justify-content: center; width: 40px; height: 40px; border-radius: 8px; color: var(--samvad-icon-color, currentColor); text-decoration: none; }
.icon:hover { background: rgba(127, 127, 127, 0.18); }
.icon svg { width: 24px; height: 24px; }
.badge { position: absolute; top: 1px; right: -2px; min-width: 18px; height: 18px; padding: 0 5px; border-radius: 9px; background: #dc2626; color: #fff; font-size: 11px; font-weight: 600; line-height: 18px; text-align: center; }
.badge.warn { background: #d97706; }
.card { display: block; background: var(--samvad-card-bg, #fff); color: #0f172a; border: 1px solid #e2e8f0; border-radius: 12px; padding: 16px; }
.card h2 { margin: 0 0 8px; font-size: 16px; font-weight: 600; }
ul { list-style: none; margin: 0; padding: 0; }
.entry { display: flex; gap: 12px; align-items: center; padding: 8px; border-radius: 8px; color: inherit; text-decoration: none; }
.entry:hover { background: #f1f5f9; }
.avatar { flex: none; display: flex; align-items: center; justify-content: center; width: 36px; height: 36px; border-radius: 50%; background: #d1fae5; color: #065f46; font-size: 13px; font-weight: 600; }
.body { flex: 1; min-width: 0; }
.name, .preview { display: block; overflow: hidden; white-space: nowrap; text-overflow: ellipsis; }
.name { font-weight: 600; }
.preview { color: #475569; }
time { flex: none; color: #64748b; font-size: 12px; }
.muted { margin: 4px 0; color: #64748b; }
.problem { margin: 6px 0; padding: 8px 10px; border: 1px solid #fcd34d; border-radius: 8px; background: #fef3c7; color: #78350f; font-size: 13px; overflow-wrap: anywhere; }
.open-all { display: inline-block; margin-top: 8px; color: var(--samvad-accent, #047857); font-size: 13px; }
.quick svg { width: 18px; height: 18px; }
.quick { display: inline-flex; align-items: center; gap: 6px; padding: 8px 16px; border: 0; border-radius: 8px; background: var(--samvad-accent, #059669); color: #fff; font: inherit; font-weight: 500; cursor: pointer; }
.quick:hover { filter: brightness(0.92); }
.quick:disabled { opacity: 0.6; cursor: default; }
`;
