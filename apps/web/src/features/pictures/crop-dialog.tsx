'use client';
/** Choosing the square of a picture: drag (or arrow keys) to move, the slider (or wheel) to zoom. */
import { useEffect, useState } from 'react';
import Cropper, { type Area } from 'react-easy-crop';
import { errorMessage } from '@/lib/api';
import { Modal } from '../ui/modal';
import { cropToBlob } from './crop-image';

interface CropDialogProps {
  file: File;
  title: string;
  onCancel: () => void;
  onSave: (picture: Blob) => Promise<void>;
}

export function CropDialog({ file, title, onCancel, onSave }: CropDialogProps) {
  const [imageUrl] = useState(() => URL.createObjectURL(file));
  const [crop, setCrop] = useState({ x: 0, y: 0 });
  const [zoom, setZoom] = useState(1);
  const [area, setArea] = useState<Area | null>(null);
  const [isSaving, setIsSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => () => URL.revokeObjectURL(imageUrl), [imageUrl]);

  async function save() {
    if (!area) return;
    setIsSaving(true);
    setError(null);
    try {
      await onSave(await cropToBlob(imageUrl, area));
    } catch (err) {
      setError(errorMessage(err));
      setIsSaving(false);
    }
  }

  return (
    <Modal title={title} onClose={onCancel}>
      <div className="relative aspect-square w-full overflow-hidden rounded-lg bg-slate-900">
        <Cropper
          image={imageUrl}
          crop={crop}
          zoom={zoom}
          aspect={1}
          cropShape="round"
          showGrid={false}
          onCropChange={setCrop}
          onZoomChange={setZoom}
          onCropComplete={(_area, pixels) => setArea(pixels)}
        />
      </div>
      <label className="mt-3 flex items-center gap-3 text-sm">
        <span>Zoom</span>
        <input
          type="range"
          min={1}
          max={3}
          step={0.05}
          value={zoom}
          onChange={(e) => setZoom(Number(e.target.value))}
          className="flex-1 accent-emerald-600"
        />
      </label>
      {error && (
        <p role="alert" className="mt-2 text-sm text-red-600">
          {error}
        </p>
      )}
      <div className="mt-4 flex justify-end gap-2">
        <button type="button" onClick={onCancel} className="rounded-lg px-4 py-2 text-sm hover:bg-slate-100 dark:hover:bg-slate-800">
          Cancel
        </button>
        <button
          type="button"
          onClick={save}
          disabled={!area || isSaving}
          className="rounded-lg bg-emerald-600 px-4 py-2 text-sm font-medium text-white disabled:opacity-50"
        >
          {isSaving ? 'Saving…' : 'Save picture'}
        </button>
      </div>
    </Modal>
  );
}
