/**
 * Style isolation: each widget renders inside a shadow root, so the host page's CSS does not reach
 * it and its CSS does not reach the page. Inside the web components (already a shadow root) the
 * widgets render in place.
 */
import { createContext, useCallback, useContext, useState, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { EMBED_CSS } from './styles.js';

export const InShadowRoot = createContext(false);

let sharedSheet: CSSStyleSheet | null | undefined;

/**
 * Gives a shadow root the widgets' CSS as a constructed style sheet: one parsed copy for every
 * widget, and not an inline `<style>`, which a host page's CSP without 'unsafe-inline' would block.
 * False where the browser cannot (the widget then renders a `<style>` element).
 */
export function adoptStyles(root: ShadowRoot): boolean {
  if (sharedSheet === undefined) {
    try {
      sharedSheet = new CSSStyleSheet();
      sharedSheet.replaceSync(EMBED_CSS);
    } catch {
      sharedSheet = null;
    }
  }
  if (!sharedSheet || !Array.isArray(root.adoptedStyleSheets)) return false;
  if (!root.adoptedStyleSheets.includes(sharedSheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sharedSheet];
  return true;
}

/** The content of a widget's shadow root: the isolation marker, the root that resets inherited styles. */
export function ShadowContent({ hasAdoptedStyles, children }: { hasAdoptedStyles: boolean; children: ReactNode }) {
  return (
    <InShadowRoot.Provider value={true}>
      {!hasAdoptedStyles && <style>{EMBED_CSS}</style>}
      <div className="root">{children}</div>
    </InShadowRoot.Provider>
  );
}

interface Shadow {
  root: ShadowRoot;
  hasAdoptedStyles: boolean;
}

export function Isolated({ children, display = 'inline-block' }: { children: ReactNode; display?: 'inline-block' | 'block' }) {
  const isInShadowRoot = useContext(InShadowRoot);
  const [shadow, setShadow] = useState<Shadow | null>(null);
  const attach = useCallback((host: HTMLSpanElement | null) => {
    if (!host) return;
    const root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
    setShadow({ root, hasAdoptedStyles: adoptStyles(root) });
  }, []);
  if (isInShadowRoot) return <>{children}</>;
  // The host element stays in the page: inline styles (set through the CSSOM, so no CSP concern)
  // keep its display against page rules such as `span {…}`, and min-width 0 lets long previews
  // shrink (ellipsis) in the page's grid or flex columns instead of widening them.
  return (
    <span ref={attach} data-samvad-widget="" style={{ display, minWidth: 0, maxWidth: '100%' }}>
      {shadow && createPortal(<ShadowContent hasAdoptedStyles={shadow.hasAdoptedStyles}>{children}</ShadowContent>, shadow.root)}
    </span>
  );
}
