import { describe, expect, it } from 'vitest';
import { placeMenu } from './menu-position';

const viewport = { width: 400, height: 800 };
const menu = { width: 180, height: 200 };

describe('placeMenu', () => {
  it('opens below the anchor, lined up with its right edge or its left edge', () => {
    const anchor = { top: 100, left: 300, width: 20, height: 20 };
    expect(placeMenu(anchor, menu, viewport, 'end')).toEqual({ top: 124, left: 140 });
    expect(placeMenu({ ...anchor, left: 50 }, menu, viewport, 'start')).toEqual({ top: 124, left: 50 });
  });

  it('opens above when there is no room below', () => {
    expect(placeMenu({ top: 700, left: 300, width: 20, height: 20 }, menu, viewport, 'end')).toEqual({ top: 496, left: 140 });
  });

  it('stays inside the viewport when neither side has room, and at the edges', () => {
    const tall = { width: 180, height: 700 };
    expect(placeMenu({ top: 300, left: 10, width: 20, height: 20 }, tall, viewport, 'end')).toEqual({ top: 92, left: 8 });
    expect(placeMenu({ top: 10, left: 390, width: 0, height: 0 }, menu, viewport, 'start')).toEqual({ top: 14, left: 212 });
  });
});
