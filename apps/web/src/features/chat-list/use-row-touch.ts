/**
 * Touch on a chat row (as in WhatsApp): a long press opens the chat's actions where the finger is,
 * without opening the chat; a swipe to the left archives it (or unarchives it), with Undo in a toast.
 * The row follows the finger while it slides. Vertical moves are left to the list's scrolling.
 */
import { useRef, useState, type TouchEvent } from 'react';

const LONG_PRESS_MS = 500;
/** A finger that moves further than this is scrolling or swiping, not pressing. */
const MOVE_TOLERANCE = 10;
const SWIPE_DISTANCE = 80;
const MAX_SLIDE = 120;

type Point = { x: number; y: number };

export function useRowTouch({ openMenu, swipe }: { openMenu(point: Point): void; swipe(): void }) {
  const start = useRef<Point | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const didOpenMenu = useRef(false);
  const isSwiping = useRef(false);
  const [offset, setOffset] = useState(0);

  const reset = () => {
    clearTimeout(timer.current);
    start.current = null;
    isSwiping.current = false;
    setOffset(0);
  };

  const handlers = {
    onTouchStart(e: TouchEvent) {
      if (e.touches.length !== 1) return reset();
      const point = { x: e.touches[0]!.clientX, y: e.touches[0]!.clientY };
      start.current = point;
      didOpenMenu.current = false;
      isSwiping.current = false;
      timer.current = setTimeout(() => {
        didOpenMenu.current = true;
        openMenu(point);
      }, LONG_PRESS_MS);
    },
    onTouchMove(e: TouchEvent) {
      const from = start.current;
      if (!from) return;
      const dx = e.touches[0]!.clientX - from.x;
      const dy = e.touches[0]!.clientY - from.y;
      if (Math.abs(dx) > MOVE_TOLERANCE || Math.abs(dy) > MOVE_TOLERANCE) clearTimeout(timer.current);
      if (didOpenMenu.current) return;
      if (!isSwiping.current && dx < -MOVE_TOLERANCE && Math.abs(dx) > Math.abs(dy)) isSwiping.current = true;
      if (isSwiping.current) setOffset(Math.max(Math.min(dx, 0), -MAX_SLIDE));
      else if (Math.abs(dy) > MOVE_TOLERANCE) start.current = null; // scrolling the list
    },
    onTouchEnd(e: TouchEvent) {
      // The press opened the menu (or slid the row): the tap that ends it must not open the chat too.
      if (didOpenMenu.current || isSwiping.current) e.preventDefault();
      if (isSwiping.current && offset <= -SWIPE_DISTANCE) swipe();
      reset();
    },
    onTouchCancel: reset,
    onContextMenu(e: { preventDefault(): void; clientX: number; clientY: number }) {
      // Right click, and the long press of browsers that report one: the same actions.
      e.preventDefault();
      clearTimeout(timer.current);
      didOpenMenu.current = true;
      openMenu({ x: e.clientX, y: e.clientY });
    },
  };
  return { offset, handlers };
}
