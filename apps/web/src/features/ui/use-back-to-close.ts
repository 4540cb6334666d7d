'use client';
/**
 * Gives an overlay its own browser history entry while it is open, so Back (a phone's above all)
 * closes the overlay instead of leaving the page. `close()` takes the entry away too, so the next
 * Back leaves the page as it would have before the overlay opened.
 */
import { useCallback, useEffect, useLayoutEffect, useRef } from 'react';

export function useBackToClose(onClose: () => void, hash: string): () => void {
  const onCloseRef = useRef(onClose);
  useLayoutEffect(() => {
    onCloseRef.current = onClose;
  });
  const isClosing = useRef(false);

  useEffect(() => {
    const isOurs = () => (window.history.state as { overlay?: string } | null)?.overlay === hash;
    if (!isOurs()) window.history.pushState({ ...(window.history.state as object), overlay: hash }, '', hash);
    const onPopState = () => {
      if (isOurs()) return; // moved forward onto the entry again: nothing to close
      isClosing.current = true;
      onCloseRef.current();
    };
    window.addEventListener('popstate', onPopState);
    return () => window.removeEventListener('popstate', onPopState);
  }, [hash]);

  return useCallback(() => {
    if (isClosing.current) return;
    isClosing.current = true;
    // Going back pops our entry; the popstate listener then closes.
    if ((window.history.state as { overlay?: string } | null)?.overlay === hash) window.history.back();
    else onCloseRef.current();
  }, [hash]);
}
