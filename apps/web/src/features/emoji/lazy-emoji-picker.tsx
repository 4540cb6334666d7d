'use client';
/** The emoji picker, loaded with its library when first opened, so the chat page's first load stays as small. */
import { lazy, Suspense } from 'react';
import type { EmojiPickerDialogProps } from './emoji-picker';

const EmojiPickerDialog = lazy(() => import('./emoji-picker'));

export function LazyEmojiPicker(props: EmojiPickerDialogProps) {
  return (
    <Suspense fallback={null}>
      <EmojiPickerDialog {...props} />
    </Suspense>
  );
}
