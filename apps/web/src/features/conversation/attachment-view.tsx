'use client';
import { useState } from 'react';
import type { Message } from '@samvad/protocol';
import { FileIcon } from '../ui/icons';
import { useConversationActions } from './conversation-context';
import { downloadFile, useAuthedUrl } from './use-authed-url';

export function formatBytes(bytes: number | null): string {
  if (bytes === null) return '';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Inline image: the thumbnail; a click opens the full image in the conversation's viewer. */
export function ImageAttachment({ message }: { message: Message }) {
  const thumb = useAuthedUrl(message.thumbnailUrl ?? message.fileUrl);
  const actions = useConversationActions();
  const ratio = message.width && message.height ? message.height / message.width : 0.75;
  return (
    <button
      type="button"
      data-open-image
      onClick={() => actions.viewImage(message)}
      aria-label={`Open image ${message.fileName ?? ''}`}
      // At most 240 px wide and never wider than the bubble; the height follows the picture's shape.
      className="block max-h-80 max-w-full overflow-hidden rounded-lg bg-slate-200 dark:bg-slate-700"
      style={{ width: 240, aspectRatio: String(1 / ratio) }}
    >
      {thumb && <img src={thumb} alt={message.fileName ?? 'Image'} className="h-full w-full object-cover" />}
    </button>
  );
}

export function FileAttachment({ message }: { message: Message }) {
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="flex w-72 max-w-full items-center gap-3 rounded-lg bg-black/5 p-2 dark:bg-white/10">
      <FileIcon className="shrink-0 text-slate-500" width={28} height={28} />
      <span className="min-w-0 flex-1">
        <span className="block truncate text-sm font-medium">{message.fileName}</span>
        <span className="block text-xs text-slate-500">{error ?? formatBytes(message.fileSize)}</span>
      </span>
      {message.fileUrl && (
        <button
          type="button"
          className="rounded px-2 py-1 text-sm text-emerald-700 hover:bg-black/5 dark:text-emerald-300"
          onClick={() => downloadFile(message.fileUrl!, message.fileName ?? 'file').catch((e: Error) => setError(e.message))}
        >
          Download
        </button>
      )}
    </div>
  );
}
