'use client';
/**
 * The emoji picker (frimousse): a search field, the emoji by category, arrow keys and Enter from the
 * field, in a modal dialog above everything. Loaded only when first opened (lazy-emoji-picker.tsx).
 * Its data is Emojibase's, served from our own origin (/emojibase-data, copied from the
 * emojibase-data package at build time: scripts/copy-emoji-data.mjs), never from a CDN.
 */
import {
  EmojiPicker,
  type EmojiPickerListCategoryHeaderProps,
  type EmojiPickerListEmojiProps,
  type EmojiPickerListRowProps,
} from 'frimousse';
import { DialogFrame } from '../ui/dialog-frame';

export const EMOJIBASE_URL = '/emojibase-data';
const GAP_PX = 8;

export interface EmojiPickerDialogProps {
  label: string;
  /** The button that opened it: the panel sits above it. Without one, in the middle of the screen. */
  anchor?: HTMLElement | null;
  onPick(emoji: string): void;
  onClose(): void;
  /** Where the focus goes on close (default: the opener). */
  returnFocus?(): HTMLElement | null;
}

export default function EmojiPickerDialog({ label, anchor, onPick, onClose, returnFocus }: EmojiPickerDialogProps) {
  const rect = anchor?.getBoundingClientRect();
  // Above the opener, kept on screen (the panel is at most 100vw - 1rem wide).
  const position = rect
    ? {
        bottom: window.innerHeight - rect.top + GAP_PX,
        left: `clamp(0.5rem, ${rect.left}px, calc(100vw - 0.5rem - min(22rem, 100vw - 1rem)))`,
      }
    : undefined;
  return (
    <DialogFrame
      label={label}
      onClose={onClose}
      returnFocus={returnFocus}
      initialFocus={(dialog) => dialog.querySelector<HTMLElement>('input')}
    >
      <div className={rect ? 'pointer-events-none h-full' : 'pointer-events-none flex h-full items-center justify-center p-2'}>
        <EmojiPicker.Root
          emojibaseUrl={EMOJIBASE_URL}
          columns={8}
          onEmojiSelect={({ emoji }) => {
            onPick(emoji);
            onClose();
          }}
          style={position}
          className={`pointer-events-auto flex h-[min(26rem,70dvh)] w-[min(22rem,calc(100vw-1rem))] flex-col overflow-hidden rounded-xl bg-white text-slate-900 shadow-xl ring-1 ring-slate-200 dark:bg-slate-900 dark:text-slate-100 dark:ring-white/10 ${rect ? 'absolute' : ''}`}
        >
          <EmojiPicker.Search
            aria-label="Search emoji"
            placeholder="Search emoji"
            className="m-2 rounded-lg bg-slate-100 px-3 py-2 text-sm outline-none focus:ring-2 focus:ring-emerald-600/40 dark:bg-slate-800"
          />
          <EmojiPicker.Viewport className="relative min-h-0 flex-1 outline-none">
            <EmojiPicker.Loading className="absolute inset-0 flex items-center justify-center text-sm text-slate-500">
              Loading…
            </EmojiPicker.Loading>
            <EmojiPicker.Empty className="absolute inset-0 flex items-center justify-center text-sm text-slate-500">
              No emoji found
            </EmojiPicker.Empty>
            <EmojiPicker.List className="pb-2 select-none" components={{ CategoryHeader, Row, Emoji }} />
          </EmojiPicker.Viewport>
        </EmojiPicker.Root>
      </div>
    </DialogFrame>
  );
}

function CategoryHeader({ category, ...props }: EmojiPickerListCategoryHeaderProps) {
  return (
    <div {...props} className="bg-white px-3 pt-2 pb-1 text-xs font-medium text-slate-500 dark:bg-slate-900 dark:text-slate-400">
      {category.label}
    </div>
  );
}

function Row({ children, ...props }: EmojiPickerListRowProps) {
  return (
    <div {...props} className="scroll-my-1 px-1.5">
      {children}
    </div>
  );
}

function Emoji({ emoji, ...props }: EmojiPickerListEmojiProps) {
  return (
    <button
      {...props}
      aria-label={emoji.label}
      className={`flex size-10 items-center justify-center rounded-md text-2xl ${emoji.isActive ? 'bg-slate-200 dark:bg-slate-700' : ''}`}
    >
      {emoji.emoji}
    </button>
  );
}
