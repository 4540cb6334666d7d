/**
 * Where a popover menu goes: below its anchor (a button's box, or a pointer as a zero-size box),
 * above it when there is no room below, and always inside the viewport with a small margin.
 */
export interface Box {
  top: number;
  left: number;
  width: number;
  height: number;
}

const GAP = 4;
const MARGIN = 8;

const clamp = (value: number, min: number, max: number) => Math.max(min, Math.min(value, Math.max(min, max)));

/** `align: 'end'` lines the menu's right edge up with the anchor's (menus on the right of a row). */
export function placeMenu(
  anchor: Box,
  menu: { width: number; height: number },
  viewport: { width: number; height: number },
  align: 'start' | 'end',
): { top: number; left: number } {
  const below = anchor.top + anchor.height + GAP;
  const above = anchor.top - GAP - menu.height;
  const fitsBelow = below + menu.height <= viewport.height - MARGIN;
  const top = fitsBelow || above < MARGIN ? below : above;
  const left = align === 'end' ? anchor.left + anchor.width - menu.width : anchor.left;
  return {
    top: clamp(top, MARGIN, viewport.height - MARGIN - menu.height),
    left: clamp(left, MARGIN, viewport.width - MARGIN - menu.width),
  };
}
