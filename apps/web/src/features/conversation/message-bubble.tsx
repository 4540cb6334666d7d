'use client';
/** One message: bubble, quote, attachment, text, footer (edited, time, ticks), reactions, actions. */
import { memo, useRef, type TouchEvent } from 'react';
import type { Message } from '@samvad/protocol';
import { formatTime } from '@/lib/dates';
import { previewText } from '@/lib/messages';
import type { DisplayStatus } from '@/lib/ticks';
import { FileAttachment, ImageAttachment } from './attachment-view';
import { ContextCard } from './context-card';
import { useConversationActions } from './conversation-context';
import { MessageMenu } from './message-menu';
import { MessageText } from './message-text';
import { StatusIcon } from './status-icon';
import { ChevronDownIcon } from '../ui/icons';
import { VoiceMessage } from '../voice/voice-message';
import { useMenu } from '../ui/menu';

export interface BubbleProps {
  message: Message;
  isMine: boolean;
  showSender: boolean;
  status: DisplayStatus | null;
  isHighlighted: boolean;
  meId: string;
  /** userId → name of the chat's members, to show @mentions. */
  memberNames: Readonly<Record<string, string>>;
  onJump(messageId: string): void;
  onReact(message: Message, emoji: string): void;
  /** Why the server refused a message that was not sent, when it said. */
  failureReason?: string | null;
  onRetry?(): void;
  onDiscard?(): void;
}

export const MessageBubble = memo(function MessageBubble(props: BubbleProps) {
  const { message, isMine, showSender, status, isHighlighted, meId, memberNames } = props;
  const menu = useMenu();
  const pressTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const swipeStart = useRef<{ x: number; y: number } | null>(null);
  const actions = useConversationActions();
  const isLocal = message.id.startsWith('local:');

  if (message.messageType === 'SYSTEM') {
    return (
      <div className="my-1 flex justify-center">
        <span className="rounded-lg bg-slate-200/80 px-3 py-1 text-xs text-slate-700 dark:bg-slate-800 dark:text-slate-300">
          {message.content}
        </span>
      </div>
    );
  }

  // Touch: long-press opens the menu; a swipe to the right replies (as in WhatsApp).
  const touch = {
    onTouchStart: (e: TouchEvent) => {
      const start = { x: e.touches[0]!.clientX, y: e.touches[0]!.clientY };
      swipeStart.current = start;
      if (!isLocal) pressTimer.current = setTimeout(() => menu.open(start), 500);
    },
    onTouchEnd: () => {
      clearTimeout(pressTimer.current);
      swipeStart.current = null;
    },
    onTouchMove: (e: TouchEvent) => {
      clearTimeout(pressTimer.current);
      const start = swipeStart.current;
      if (!start || isLocal || message.isDeleted) return;
      const dx = e.touches[0]!.clientX - start.x;
      const dy = Math.abs(e.touches[0]!.clientY - start.y);
      if (dx > 70 && dy < 30) {
        swipeStart.current = null;
        actions.reply(message);
      }
    },
  };

  const bubbleColor = isMine ? 'bg-emerald-100 dark:bg-emerald-900' : 'bg-white dark:bg-slate-800';
  const hasReactions = message.reactions.length > 0 && !message.isDeleted;
  return (
    <div
      className={`group flex px-3 py-0.5 sm:px-8 ${isMine ? 'justify-end' : 'justify-start'} ${hasReactions ? 'pb-4' : ''}`}
      data-message-id={message.id}
    >
      <div
        {...touch}
        onContextMenu={(e) => {
          if (isLocal) return;
          e.preventDefault();
          menu.open({ x: e.clientX, y: e.clientY });
        }}
        data-highlighted={isHighlighted || undefined}
        className={`relative max-w-[85%] min-w-0 rounded-lg px-2.5 py-1.5 shadow-sm sm:max-w-[65%] ${bubbleColor} ${isHighlighted ? 'ring-2 ring-amber-400' : ''}`}
      >
        {showSender && !isMine && <div className="text-xs font-semibold text-emerald-700 dark:text-emerald-400">{message.sender.name}</div>}
        {message.isForwarded && !message.isDeleted && <div className="text-xs text-slate-500 italic">↪ Forwarded</div>}
        {message.replyTo && !message.isDeleted && (
          <button
            type="button"
            onClick={() => props.onJump(message.replyTo!.id)}
            className="mb-1 block w-full rounded border-l-4 border-emerald-600 bg-black/5 px-2 py-1 text-left text-xs dark:bg-white/10"
          >
            <span className="block font-semibold text-emerald-700 dark:text-emerald-400">
              {message.replyTo.sender.id === meId ? 'You' : message.replyTo.sender.name}
            </span>
            <span className="line-clamp-2 wrap-anywhere text-slate-600 dark:text-slate-300">
              {previewText({ ...message.replyTo, fileName: null })}
            </span>
          </button>
        )}
        {message.context && !message.isDeleted && <ContextCard context={message.context} />}
        {message.isDeleted ? (
          <p className="text-sm text-slate-500 italic">🚫 This message was deleted</p>
        ) : (
          <>
            {message.messageType === 'IMAGE' && <ImageAttachment message={message} />}
            {message.messageType === 'FILE' && <FileAttachment message={message} />}
            {message.messageType === 'AUDIO' && <VoiceMessage message={message} isMine={isMine} />}
            {message.content && (
              <p className="text-[0.94rem] whitespace-pre-wrap wrap-anywhere">
                <MessageText text={message.content} mentions={message.mentions.map((id) => memberNames[id] ?? '').filter(Boolean)} />
              </p>
            )}
          </>
        )}
        <div className="mt-0.5 flex items-center justify-end gap-1 text-[0.7rem] text-slate-600 dark:text-slate-300">
          {message.isEdited && !message.isDeleted && <span>(edited)</span>}
          <time dateTime={message.createdAt}>{formatTime(message.createdAt)}</time>
          {isMine && status && <StatusIcon status={status} />}
        </div>
        {status === 'FAILED' && props.failureReason && (
          <p role="alert" className="mt-1 text-xs text-red-600 dark:text-red-400">
            Not sent: {props.failureReason}
          </p>
        )}
        {status === 'FAILED' && (
          <div className="mt-1 flex gap-2 text-xs">
            <button type="button" className="font-medium text-emerald-700 underline" onClick={props.onRetry}>
              Retry
            </button>
            <button type="button" className="font-medium text-red-600 underline" onClick={props.onDiscard}>
              Discard
            </button>
          </div>
        )}
        {hasReactions && (
          <div className="absolute -bottom-3 left-2 flex gap-0.5">
            {message.reactions.map((r) => (
              <button
                key={r.emoji}
                type="button"
                aria-label={`${r.emoji} ${r.count}`}
                aria-pressed={r.users.includes(meId)}
                onClick={() => props.onReact(message, r.emoji)}
                className={`rounded-full border px-1.5 text-xs shadow-sm ${r.users.includes(meId) ? 'border-emerald-400 bg-emerald-50 dark:bg-emerald-950' : 'border-slate-200 bg-white dark:border-slate-700 dark:bg-slate-800'}`}
              >
                {r.emoji}
                {r.count > 1 && <span className="ml-0.5">{r.count}</span>}
              </button>
            ))}
          </div>
        )}
        {!isLocal && (
          <button
            type="button"
            aria-label="Message actions"
            {...menu.buttonProps}
            className={`absolute top-0.5 right-0.5 rounded-full p-0.5 text-slate-500 opacity-0 group-hover:opacity-100 focus:opacity-100 aria-expanded:opacity-100 ${bubbleColor}`}
          >
            <ChevronDownIcon width={16} height={16} />
          </button>
        )}
        <MessageMenu control={menu} message={message} isMine={isMine} onReact={(e) => props.onReact(message, e)} />
      </div>
    </div>
  );
});
