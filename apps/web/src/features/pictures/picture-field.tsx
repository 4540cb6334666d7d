'use client';
/** A picture with "Choose picture" and "Remove picture": the profile's in Settings, a group's in its info panel. */
import { useRef, useState } from 'react';
import { UPLOAD_TYPES, uploadRefusal } from '@samvad/protocol';
import { errorMessage } from '@/lib/api';
import { Avatar } from '../ui/avatar';
import { CropDialog } from './crop-dialog';

/** The picker's `accept`: the image types an upload may be. */
const IMAGE_EXTENSIONS = Object.entries(UPLOAD_TYPES)
  .filter(([, type]) => type.kind === 'IMAGE')
  .map(([ext]) => ext);
const isImageName = (fileName: string) => IMAGE_EXTENSIONS.some((ext) => fileName.toLowerCase().endsWith(ext));

interface PictureFieldProps {
  name: string | null;
  avatarUrl: string | null;
  size: number;
  /** "Your picture", "Group picture": the crop dialog's title and the buttons' labels say whose. */
  label: string;
  canEdit: boolean;
  onSave: (picture: Blob) => Promise<unknown>;
  onRemove: () => Promise<unknown>;
}

export function PictureField({ name, avatarUrl, size, label, canEdit, onSave, onRemove }: PictureFieldProps) {
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<string | null>(null);

  function choose(chosen: File | undefined) {
    if (input.current) input.current.value = ''; // the same file again opens the dialog again
    if (!chosen) return;
    const refusal = isImageName(chosen.name) ? uploadRefusal(chosen)?.message : 'A picture is a JPEG, PNG or WebP image';
    setError(refusal ?? null);
    if (!refusal) setFile(chosen);
  }
  async function remove() {
    setError(null);
    try {
      await onRemove();
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  return (
    <div className="flex flex-col items-center gap-2">
      <Avatar name={name} src={avatarUrl} size={size} />
      {canEdit && (
        <div className="flex flex-wrap justify-center gap-x-4 gap-y-1 text-sm font-medium text-emerald-700 dark:text-emerald-400">
          <button type="button" aria-label={`Choose ${label.toLowerCase()}`} onClick={() => input.current?.click()}>
            {avatarUrl ? 'Change picture' : 'Choose picture'}
          </button>
          {avatarUrl && (
            <button type="button" aria-label={`Remove ${label.toLowerCase()}`} onClick={remove}>
              Remove picture
            </button>
          )}
          <input
            ref={input}
            type="file"
            accept={IMAGE_EXTENSIONS.join(',')}
            className="hidden"
            onChange={(e) => choose(e.target.files?.[0])}
          />
        </div>
      )}
      {error && (
        <p role="alert" className="text-sm text-red-600">
          {error}
        </p>
      )}
      {file && (
        <CropDialog
          file={file}
          title={label}
          onCancel={() => setFile(null)}
          onSave={async (picture) => {
            await onSave(picture);
            setFile(null);
          }}
        />
      )}
    </div>
  );
}
