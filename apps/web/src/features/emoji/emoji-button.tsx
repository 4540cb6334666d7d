'use client';
/** A button that opens the emoji picker above itself (the composer's). */
import { useRef, useState } from 'react';
import { SmileIcon } from '../ui/icons';
import { LazyEmojiPicker } from './lazy-emoji-picker';

export function EmojiButton({
  onPick,
  returnFocus,
  className,
}: {
  onPick(emoji: string): void;
  returnFocus?(): HTMLElement | null;
  className: string;
}) {
  const [isOpen, setIsOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  return (
    <>
      <button
        ref={button}
        type="button"
        aria-label="Emoji"
        title="Emoji"
        aria-haspopup="dialog"
        aria-expanded={isOpen}
        onClick={() => setIsOpen(true)}
        className={className}
      >
        <SmileIcon />
      </button>
      {isOpen && (
        <LazyEmojiPicker label="Emoji" anchor={button.current} onPick={onPick} onClose={() => setIsOpen(false)} returnFocus={returnFocus} />
      )}
    </>
  );
}
