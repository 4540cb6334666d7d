'use client';
/**
 * Popover menus (the WAI-ARIA menu button pattern), one implementation for every menu in the app.
 * The menu is rendered in a portal at the body: inside the message list a transformed, scrolling row
 * would clip it and confine its "click outside" layer to the row. Only one menu is open at a time
 * app-wide. It closes on a press outside, Escape or choosing an item (focus back on its button), Tab
 * away, a wheel or touch scroll, and a resize; it follows its button when the page scrolls by itself.
 */
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type ButtonHTMLAttributes,
  type ReactNode,
  type RefObject,
} from 'react';
import { createPortal } from 'react-dom';
import { menuKeyDown } from './menu-keys';
import { placeMenu } from './menu-position';

type Point = { x: number; y: number };

export interface MenuControl {
  isOpen: boolean;
  /** Opened at a pointer (right click, long press) rather than beside its button. */
  point: Point | null;
  buttonRef: RefObject<HTMLButtonElement | null>;
  open(point?: Point): void;
  close(options?: { returnFocus?: boolean }): void;
  /** Spread on the menu button. */
  buttonProps: {
    ref: RefObject<HTMLButtonElement | null>;
    'aria-haspopup': 'menu';
    'aria-expanded': boolean;
    onClick(): void;
  };
}

/** The one open menu's close, so that opening another closes it first. */
let closeOpenMenu: (() => void) | null = null;

export function useMenu(): MenuControl {
  const [state, setState] = useState<{ point: Point | null } | null>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const closeThis = useRef(() => setState(null)).current;

  const close = useCallback(
    (options?: { returnFocus?: boolean }) => {
      if (closeOpenMenu === closeThis) closeOpenMenu = null;
      setState(null);
      if (options?.returnFocus) buttonRef.current?.focus();
    },
    [closeThis],
  );
  const open = useCallback(
    (point?: Point) => {
      if (closeOpenMenu !== closeThis) closeOpenMenu?.();
      closeOpenMenu = closeThis;
      setState({ point: point ?? null });
    },
    [closeThis],
  );
  useEffect(
    () => () => {
      if (closeOpenMenu === closeThis) closeOpenMenu = null;
    },
    [closeThis],
  );

  const isOpen = state !== null;
  return {
    isOpen,
    point: state?.point ?? null,
    buttonRef,
    open,
    close,
    buttonProps: {
      ref: buttonRef,
      'aria-haspopup': 'menu',
      'aria-expanded': isOpen,
      onClick: () => (isOpen ? close() : open()),
    },
  };
}

const MenuContext = createContext<MenuControl | null>(null);

export function Menu({
  control,
  label,
  align = 'end',
  children,
}: {
  control: MenuControl;
  label: string;
  align?: 'start' | 'end';
  children: ReactNode;
}) {
  if (!control.isOpen) return null;
  return createPortal(
    <MenuContext.Provider value={control}>
      <MenuPopover control={control} label={label} align={align}>
        {children}
      </MenuPopover>
    </MenuContext.Provider>,
    document.body,
  );
}

function MenuPopover({
  control,
  label,
  align,
  children,
}: {
  control: MenuControl;
  label: string;
  align: 'start' | 'end';
  children: ReactNode;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const [position, setPosition] = useState<{ top: number; left: number } | null>(null);
  const { point, buttonRef, close } = control;

  const place = useCallback(() => {
    const menu = ref.current;
    const button = buttonRef.current;
    if (!menu) return;
    if (!point && !button?.isConnected) return close();
    const anchor = point ? { top: point.y, left: point.x, width: 0, height: 0 } : button!.getBoundingClientRect();
    // A button scrolled out of sight takes its menu with it.
    if (!point && (anchor.top + anchor.height < 0 || anchor.top > window.innerHeight)) return close();
    setPosition(placeMenu(anchor, menu.getBoundingClientRect(), { width: window.innerWidth, height: window.innerHeight }, align));
  }, [point, buttonRef, close, align]);

  useLayoutEffect(place, [place]);
  // The first item takes the focus, as a menu button's menu does: once placed (hidden, it cannot).
  const isPlaced = position !== null;
  const onMenuKeys = menuKeyDown(() => close({ returnFocus: true }));
  useLayoutEffect(() => {
    if (isPlaced) ref.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus({ preventScroll: true });
  }, [isPlaced]);

  useEffect(() => {
    const isInside = (target: EventTarget | null) => target instanceof Node && !!ref.current?.contains(target);
    const onPointerDown = (e: PointerEvent) => {
      // A press on its own button toggles it (the button's click), so it is not "outside".
      if (!isInside(e.target) && !(e.target instanceof Node && buttonRef.current?.contains(e.target))) close();
    };
    // A long press that opened the menu may still be moving: only a new touch's moves count as scrolling.
    let hasNewTouch = false;
    const onTouchStart = () => (hasNewTouch = true);
    const onScrollGesture = (e: Event) => {
      if (!isInside(e.target) && (e.type === 'wheel' || hasNewTouch)) close();
    };
    const onScroll = (e: Event) => {
      if (!isInside(e.target) && !point) place();
    };
    const onResize = () => close();
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !e.defaultPrevented) close({ returnFocus: true });
    };
    const passive = { capture: true, passive: true };
    document.addEventListener('pointerdown', onPointerDown, true);
    document.addEventListener('touchstart', onTouchStart, passive);
    document.addEventListener('touchmove', onScrollGesture, passive);
    document.addEventListener('wheel', onScrollGesture, passive);
    document.addEventListener('scroll', onScroll, true);
    document.addEventListener('keydown', onKeyDown);
    window.addEventListener('resize', onResize);
    return () => {
      document.removeEventListener('pointerdown', onPointerDown, true);
      document.removeEventListener('touchstart', onTouchStart, passive);
      document.removeEventListener('touchmove', onScrollGesture, passive);
      document.removeEventListener('wheel', onScrollGesture, passive);
      document.removeEventListener('scroll', onScroll, true);
      document.removeEventListener('keydown', onKeyDown);
      window.removeEventListener('resize', onResize);
    };
  }, [close, place, point, buttonRef]);

  return (
    <div
      ref={ref}
      role="menu"
      aria-label={label}
      onKeyDown={(e) => {
        // Tab leaves from the menu's button, so the focus goes on to what follows the button.
        if (e.key === 'Tab') close({ returnFocus: true });
        else onMenuKeys(e);
      }}
      // Anything else moving the focus out of the menu closes it too.
      onBlur={(e) => {
        if (e.relatedTarget && !ref.current?.contains(e.relatedTarget)) close();
      }}
      style={{ position: 'fixed', top: position?.top ?? 0, left: position?.left ?? 0, visibility: position ? 'visible' : 'hidden' }}
      className="z-50 min-w-44 rounded-lg bg-white py-1 text-slate-900 shadow-lg ring-1 ring-black/10 dark:bg-slate-800 dark:text-slate-100 dark:ring-white/10"
    >
      {children}
    </div>
  );
}

const FOCUS = 'hover:bg-slate-100 focus:bg-slate-100 focus:outline-none dark:hover:bg-slate-700 dark:focus:bg-slate-700';
const LOOKS = { row: `block w-full px-4 py-2 text-left text-sm ${FOCUS}`, icon: `rounded p-1 text-lg ${FOCUS}` };

/**
 * One item: choosing it closes the menu (focus back on the menu's button) and then runs `onSelect`,
 * so a dialog it opens gives the focus back to that button. `keepOpen` items change the menu instead.
 */
export function MenuItem({
  onSelect,
  keepOpen,
  isDanger,
  look = 'row',
  children,
  ...rest
}: Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'onClick' | 'onSelect' | 'className' | 'type' | 'role'> & {
  onSelect(): void;
  keepOpen?: boolean;
  isDanger?: boolean;
  /** A text row, or a small square (the emoji row). */
  look?: keyof typeof LOOKS;
}) {
  const control = useContext(MenuContext);
  return (
    <button
      type="button"
      role="menuitem"
      className={`${LOOKS[look]} ${isDanger ? 'text-red-600 dark:text-red-400' : ''}`}
      onClick={() => {
        if (!keepOpen) control?.close({ returnFocus: true });
        onSelect();
      }}
      {...rest}
    >
      {children}
    </button>
  );
}
