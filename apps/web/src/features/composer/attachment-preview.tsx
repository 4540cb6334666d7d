'use client';
import { useEffect, useState } from 'react';
import { formatBytes } from '../conversation/attachment-view';
import { CloseIcon, FileIcon } from '../ui/icons';

/** The chosen file before sending, with the real upload progress once sending starts. */
interface AttachmentPreviewProps {
  file: File;
  progress: number | null;
  /** Photos only: "HD" sends the original instead of the resized copy. */
  sendsOriginal: boolean;
  onSendsOriginalChange(sendsOriginal: boolean): void;
  onRemove(): void;
  onCancel(): void;
}

export function AttachmentPreview({ file, progress, sendsOriginal, onSendsOriginalChange, onRemove, onCancel }: AttachmentPreviewProps) {
  const [previewUrl, setPreviewUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!file.type.startsWith('image/')) return;
    const url = URL.createObjectURL(file);
    setPreviewUrl(url);
    return () => URL.revokeObjectURL(url);
  }, [file]);

  return (
    <div className="mb-2 flex items-center gap-3 rounded-lg bg-white p-2 dark:bg-slate-800">
      {previewUrl ? (
        <img src={previewUrl} alt="" className="h-14 w-14 rounded object-cover" />
      ) : (
        <FileIcon width={32} height={32} className="text-slate-500" />
      )}
      <div className="min-w-0 flex-1 text-sm">
        <div className="truncate font-medium">{file.name}</div>
        <div className="text-xs text-slate-500">{formatBytes(file.size)}</div>
        {progress !== null && (
          <div
            role="progressbar"
            aria-label="Upload progress"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(progress * 100)}
            className="mt-1 h-1.5 overflow-hidden rounded bg-slate-200 dark:bg-slate-700"
          >
            <div className="h-full bg-emerald-600 transition-[width]" style={{ width: `${Math.round(progress * 100)}%` }} />
          </div>
        )}
      </div>
      {progress !== null && (
        <button
          type="button"
          onClick={onCancel}
          className="rounded px-2 py-1 text-sm text-red-600 hover:bg-slate-100 dark:hover:bg-slate-700"
        >
          Cancel upload
        </button>
      )}
      {progress === null && previewUrl && (
        <button
          type="button"
          aria-pressed={sendsOriginal}
          title={sendsOriginal ? 'Sent in full quality' : 'Sent smaller, for slow networks; press for full quality'}
          onClick={() => onSendsOriginalChange(!sendsOriginal)}
          className={`rounded px-2 py-1 text-xs font-bold ring-1 ${sendsOriginal ? 'bg-emerald-600 text-white ring-emerald-600' : 'text-slate-600 ring-slate-300 hover:bg-slate-100 dark:text-slate-300 dark:ring-slate-600 dark:hover:bg-slate-700'}`}
        >
          HD
        </button>
      )}
      {progress === null && (
        <button
          type="button"
          aria-label="Remove attachment"
          onClick={onRemove}
          className="rounded p-1 hover:bg-slate-100 dark:hover:bg-slate-700"
        >
          <CloseIcon width={16} height={16} />
        </button>
      )}
    </div>
  );
}
