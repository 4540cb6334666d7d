'use client';
/**
 * A voice message in the conversation: play/pause, the waveform with progress and seeking, the
 * length (or the point reached), and the speed. A message not yet sent plays from this device.
 */
import { useMemo } from 'react';
import { formatDuration, WAVEFORM_BARS, type Message } from '@samvad/protocol';
import { loadRecording } from '@/lib/voice-recordings';
import { useChatClient } from '../chat-state/chat-context';
import type { ChatClient } from '../chat-state/client';
import { fetchFileBlob } from '../conversation/use-authed-url';
import { PauseIcon, PlayIcon } from '../ui/icons';
import { playback, usePlayback, type Playable } from './playback';
import { formatClock, Waveform } from './waveform';

const FLAT = Array<number>(WAVEFORM_BARS).fill(8);

/** How the bytes of a message are fetched: the server's file, or the recording still on this device. */
function loaderFor(message: Message): () => Promise<Blob> {
  if (message.id.startsWith('local:')) {
    const clientId = message.id.slice('local:'.length);
    return async () => {
      const blob = await loadRecording(clientId);
      if (!blob) throw new Error('The recording is no longer on this device');
      return blob;
    };
  }
  return () => fetchFileBlob(message.fileUrl!);
}

/** A message as the player plays it; when it ends, the chat's next loaded voice message follows. */
function playableFor(message: Message, store: ChatClient['store']): Playable {
  return {
    id: message.id,
    durationMs: message.durationMs ?? 0,
    load: loaderFor(message),
    next: () => {
      const items = store.get().windows[message.chatId]?.items ?? [];
      const after = items.find((m) => m.seq > message.seq && m.messageType === 'AUDIO' && !m.isDeleted && m.fileUrl);
      return after ? playableFor(after, store) : null;
    },
  };
}

export function VoiceMessage({ message, isMine }: { message: Message; isMine: boolean }) {
  const client = useChatClient();
  const state = usePlayback();
  const item = useMemo(() => playableFor(message, client.store), [client, message]);

  const isCurrent = state.id === message.id;
  const isPlaying = isCurrent && state.isPlaying;
  const positionMs = isCurrent ? state.positionMs : 0;
  const durationMs = message.durationMs ?? 0;
  const levels = message.waveform?.length ? message.waveform : FLAT;
  const error = isCurrent ? state.error : null;
  return (
    // Room on the right on wide screens for the message menu's arrow, which shows on hover.
    <div className="flex w-64 max-w-full items-center gap-2 py-0.5 sm:pr-5" data-voice-message>
      <button
        type="button"
        onClick={() => playback.toggle(item)}
        aria-label={isPlaying ? 'Pause voice message' : 'Play voice message'}
        className={`flex h-10 w-10 shrink-0 items-center justify-center rounded-full text-white ${isMine ? 'bg-emerald-700 hover:bg-emerald-800 dark:bg-emerald-500 dark:hover:bg-emerald-400' : 'bg-slate-600 hover:bg-slate-700 dark:bg-slate-500'}`}
      >
        {isCurrent && state.isLoading ? (
          <span className="h-4 w-4 animate-spin rounded-full border-2 border-white/40 border-t-white" aria-hidden />
        ) : isPlaying ? (
          <PauseIcon width={18} height={18} />
        ) : (
          <PlayIcon width={18} height={18} />
        )}
      </button>
      <div className="min-w-0 flex-1">
        <Waveform
          levels={levels}
          durationMs={durationMs}
          positionMs={positionMs}
          onSeek={(fraction) => playback.seek(item, fraction)}
          label="Voice message position"
          playedClass={isMine ? 'bg-emerald-700 dark:bg-emerald-300' : 'bg-slate-600 dark:bg-slate-200'}
          restClass="bg-slate-400/60 dark:bg-slate-500"
        />
        <div className="flex items-center justify-between text-[0.7rem] text-slate-600 dark:text-slate-300">
          <span role={error ? 'alert' : undefined} className={error ? 'text-red-600 dark:text-red-400' : 'tabular-nums'}>
            {error ?? (isCurrent && (isPlaying || positionMs > 0) ? formatClock(positionMs) : formatDuration(durationMs))}
          </span>
          {isCurrent && (isPlaying || positionMs > 0) && (
            <button
              type="button"
              onClick={() => playback.cycleRate()}
              aria-label={`Playback speed ${state.rate}×, change`}
              className="rounded-full bg-black/10 px-1.5 font-semibold tabular-nums hover:bg-black/20 dark:bg-white/15"
            >
              {state.rate}×
            </button>
          )}
        </div>
      </div>
    </div>
  );
}
