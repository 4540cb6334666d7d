'use client';
/**
 * The full-screen image viewer (loaded only when a picture is opened: it brings the pinch-zoom
 * library). Above everything (the modal dialog primitive: top layer), the picture fitted to the
 * screen, zoom by pinch, wheel, double click/tap or the buttons, left/right through the chat's loaded
 * images (arrow keys, buttons, swipe), Download, the sender, time and caption. Closed by Escape, a
 * click beside the picture, Close, or Back (it is in the URL: chat-page/chat-location.ts).
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent, type TouchEvent } from 'react';
import { TransformComponent, TransformWrapper, type ReactZoomPanPinchRef } from 'react-zoom-pan-pinch';
import type { Message } from '@samvad/protocol';
import { dayLabel, formatTime } from '@/lib/dates';
import { useChatState } from '../chat-state/chat-context';
import { Avatar } from '../ui/avatar';
import { DialogFrame } from '../ui/dialog-frame';
import { BackIcon, CloseIcon, DownloadIcon, ZoomInIcon, ZoomOutIcon } from '../ui/icons';
import { useFullImages } from './use-full-images';

const ZOOM_STEP = 0.75;
const SWIPE_PX = 50;
/** A press that moved more than this was a pan, not a click on the backdrop. */
const CLICK_SLOP_PX = 6;

export interface ImageViewerProps {
  chatId: string;
  startId: string;
  /** The focus goes back to the picture, in the list, of the image shown last. */
  onClose(): void;
}

export function ImageViewer({ chatId, startId, onClose }: ImageViewerProps) {
  const me = useChatState((s) => s.me);
  const items = useChatState((s) => s.windows[chatId]?.items);
  const hidden = useChatState((s) => s.hiddenMessageIds);
  const images = useMemo(
    () => (items ?? []).filter((m) => m.messageType === 'IMAGE' && !m.isDeleted && m.fileUrl && !hidden[m.id]),
    [items, hidden],
  );
  const [shownId, setShownId] = useState(startId);
  const index = images.findIndex((m) => m.id === shownId);
  const message: Message | undefined = images[index];
  const urls = useFullImages(images, index);

  const shownRef = useRef(shownId);
  useLayoutEffect(() => {
    shownRef.current = shownId;
  });
  // Deleted (or hidden) while open, or not in the chat's loaded messages after a reload: nothing to show.
  useEffect(() => {
    if (items && !message) onClose();
  }, [items, message, onClose]);

  const show = (step: -1 | 1) => {
    const next = images[index + step];
    if (next) setShownId(next.id);
  };

  const zoom = useRef<ReactZoomPanPinchRef>(null);
  const [isZoomed, setIsZoomed] = useState(false);

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'ArrowLeft') show(-1);
    else if (e.key === 'ArrowRight') show(1);
    else if (e.key === '+' || e.key === '=') void zoom.current?.zoomIn(ZOOM_STEP);
    else if (e.key === '-') void zoom.current?.zoomOut(ZOOM_STEP);
    else return;
    e.preventDefault();
  };

  // A swipe changes the image while it is not zoomed in (zoomed, one finger pans it).
  const swipe = useRef<{ x: number; y: number } | null>(null);
  const onTouchStart = (e: TouchEvent) => {
    swipe.current = e.touches.length === 1 ? { x: e.touches[0]!.clientX, y: e.touches[0]!.clientY } : null;
  };
  const onTouchEnd = (e: TouchEvent) => {
    const start = swipe.current;
    swipe.current = null;
    const end = e.changedTouches[0];
    if (!start || !end || isZoomed) return;
    const dx = end.clientX - start.x;
    if (Math.abs(dx) > SWIPE_PX && Math.abs(dx) > 1.5 * Math.abs(end.clientY - start.y)) show(dx < 0 ? 1 : -1);
  };

  // Backdrop: a click on the stage beside the picture (not a pan that ended there).
  const pressAt = useRef<{ x: number; y: number } | null>(null);
  const onStageClick = (e: MouseEvent) => {
    const start = pressAt.current;
    const moved = start ? Math.hypot(e.clientX - start.x, e.clientY - start.y) : 0;
    if (e.target === e.currentTarget && moved < CLICK_SLOP_PX) onClose();
  };

  if (!message) return null;
  const url = urls[message.id];
  const sender = message.sender.id === me.id ? 'You' : (message.sender.name ?? 'Unknown');
  const button =
    'rounded-full p-2 text-white/90 hover:bg-white/15 focus-visible:ring-2 focus-visible:ring-white focus-visible:outline-none';
  const sideButton =
    'absolute top-1/2 z-10 -translate-y-1/2 rounded-full bg-neutral-800/80 p-2.5 text-white ring-1 ring-white/25 hover:bg-neutral-700 focus-visible:ring-2 focus-visible:ring-white focus-visible:outline-none';
  return (
    <DialogFrame
      label="Image viewer"
      onClose={onClose}
      onKeyDown={onKeyDown}
      initialFocus={(dialog) => dialog.querySelector<HTMLElement>('[data-close]')}
      returnFocus={() => document.querySelector<HTMLElement>(`[data-message-id="${CSS.escape(shownRef.current)}"] button[data-open-image]`)}
      backdrop="dark"
    >
      <div className="flex h-full flex-col">
        <header className="flex shrink-0 items-center gap-2 bg-black/60 px-2 py-2 sm:gap-3 sm:px-4">
          <Avatar name={message.sender.name} src={message.sender.avatarUrl} size={36} />
          <div className="min-w-0 flex-1">
            <p className="truncate text-sm font-semibold">{sender}</p>
            <p className="truncate text-xs text-white/70">
              <time dateTime={message.createdAt}>
                {dayLabel(message.createdAt)} at {formatTime(message.createdAt)}
              </time>
              {images.length > 1 && (
                <span>
                  {' · '}
                  {index + 1} of {images.length}
                </span>
              )}
            </p>
          </div>
          <button
            type="button"
            aria-label="Zoom out"
            title="Zoom out"
            className={button}
            onClick={() => void zoom.current?.zoomOut(ZOOM_STEP)}
          >
            <ZoomOutIcon />
          </button>
          <button
            type="button"
            aria-label="Zoom in"
            title="Zoom in"
            className={button}
            onClick={() => void zoom.current?.zoomIn(ZOOM_STEP)}
          >
            <ZoomInIcon />
          </button>
          <button
            type="button"
            aria-label="Download"
            title="Download"
            className={button}
            disabled={!url}
            onClick={() => url && download(url, message)}
          >
            <DownloadIcon />
          </button>
          <button type="button" data-close aria-label="Close" title="Close" className={button} onClick={onClose}>
            <CloseIcon />
          </button>
        </header>

        <div className="relative min-h-0 flex-1" onTouchStart={onTouchStart} onTouchEnd={onTouchEnd}>
          {url ? (
            <TransformWrapper
              key={message.id}
              ref={zoom}
              minScale={1}
              maxScale={6}
              doubleClick={{ mode: isZoomed ? 'reset' : 'zoomIn', step: 1.5 }}
              wheel={{ step: 0.01 }}
              onTransform={(_, state) => setIsZoomed(state.scale > 1.01)}
            >
              <TransformComponent wrapperStyle={{ width: '100%', height: '100%' }} contentStyle={{ width: '100%', height: '100%' }}>
                <div
                  className="flex h-full w-full items-center justify-center p-2 sm:p-4"
                  onMouseDown={(e) => (pressAt.current = { x: e.clientX, y: e.clientY })}
                  onClick={onStageClick}
                >
                  <img
                    src={url}
                    alt={message.fileName ?? 'Image'}
                    draggable={false}
                    // The library turns pointer events off on images; a click on the picture is not the backdrop.
                    style={{ pointerEvents: 'auto' }}
                    className="max-h-full max-w-full object-contain select-none"
                  />
                </div>
              </TransformComponent>
            </TransformWrapper>
          ) : (
            <p role="status" className="flex h-full items-center justify-center text-sm text-white/70" onClick={onClose}>
              {url === null ? 'Could not load the image' : 'Loading…'}
            </p>
          )}
          {index > 0 && (
            <button type="button" aria-label="Previous image" title="Previous" className={`${sideButton} left-3`} onClick={() => show(-1)}>
              <BackIcon />
            </button>
          )}
          {index < images.length - 1 && (
            <button type="button" aria-label="Next image" title="Next" className={`${sideButton} right-3`} onClick={() => show(1)}>
              <BackIcon className="rotate-180" />
            </button>
          )}
        </div>

        {message.content && (
          <footer className="max-h-32 shrink-0 overflow-y-auto bg-black/60 px-4 py-3 text-center text-sm break-words whitespace-pre-wrap">
            {message.content}
          </footer>
        )}
      </div>
    </DialogFrame>
  );
}

/** Saves the loaded image (a blob: URL of the file) under its own name. */
function download(url: string, message: Message) {
  const a = document.createElement('a');
  a.href = url;
  a.download = message.fileName ?? 'image';
  a.click();
}
