'use client';
import { useState } from 'react';
import { EDIT_WINDOW_MS, REACTION_EMOJIS, type Message } from '@samvad/protocol';
import { errorMessage } from '@/lib/api';
import { useChatClient } from '../chat-state/chat-context';
import { useConversationActions } from './conversation-context';
import { menuKeyDown } from '../ui/menu-keys';

export function canEdit(message: Message, isMine: boolean, now = Date.now()): boolean {
  return isMine && !message.isDeleted && message.messageType === 'TEXT' && now - Date.parse(message.createdAt) < EDIT_WINDOW_MS;
}

export function MessageMenu({
  message,
  isMine,
  onClose,
  onReact,
}: {
  message: Message;
  isMine: boolean;
  onClose: () => void;
  onReact: (emoji: string) => void;
}) {
  const client = useChatClient();
  const actions = useConversationActions();
  const [isPickingEmoji, setIsPickingEmoji] = useState(false);

  const run = (action: () => void | Promise<void>) => async () => {
    onClose();
    try {
      await action();
    } catch (err) {
      actions.notify(errorMessage(err));
    }
  };

  const item =
    'block w-full px-4 py-1.5 text-left text-sm hover:bg-slate-100 focus:bg-slate-100 focus:outline-none dark:hover:bg-slate-700 dark:focus:bg-slate-700';
  const alive = !message.isDeleted;
  return (
    <>
      <div className="fixed inset-0 z-30" onClick={onClose} aria-hidden />
      <div
        role="menu"
        aria-label="Message actions"
        onKeyDown={menuKeyDown(onClose)}
        className={`absolute top-6 z-40 w-48 rounded-lg bg-white py-1 text-slate-900 shadow-lg ring-1 ring-black/10 dark:bg-slate-800 dark:text-slate-100 ${isMine ? 'right-0' : 'left-0'}`}
      >
        {isPickingEmoji ? (
          <div role="group" aria-label="Reactions" className="flex justify-between px-2 py-1">
            {REACTION_EMOJIS.map((emoji) => (
              <button
                key={emoji}
                type="button"
                role="menuitem"
                aria-label={emoji}
                className="rounded p-1 text-lg hover:bg-slate-100 dark:hover:bg-slate-700"
                onClick={run(() => onReact(emoji))}
              >
                {emoji}
              </button>
            ))}
          </div>
        ) : (
          <>
            {alive && (
              <button type="button" role="menuitem" className={item} onClick={run(() => actions.reply(message))} autoFocus>
                Reply
              </button>
            )}
            {alive && (
              <button type="button" role="menuitem" className={item} onClick={() => setIsPickingEmoji(true)}>
                React
              </button>
            )}
            {alive && (
              <button type="button" role="menuitem" className={item} onClick={run(() => actions.forward(message))}>
                Forward
              </button>
            )}
            {alive && message.content && (
              <button
                type="button"
                role="menuitem"
                className={item}
                onClick={run(() => navigator.clipboard.writeText(message.content ?? ''))}
              >
                Copy
              </button>
            )}
            {canEdit(message, isMine) && (
              <button type="button" role="menuitem" className={item} onClick={run(() => actions.edit(message))}>
                Edit
              </button>
            )}
            <button type="button" role="menuitem" className={item} onClick={run(() => client.messages.remove(message, 'me'))}>
              Delete for me
            </button>
            {isMine && alive && (
              <button
                type="button"
                role="menuitem"
                className={`${item} text-red-600`}
                onClick={run(() => client.messages.remove(message, 'everyone'))}
              >
                Delete for everyone
              </button>
            )}
            {isMine && (
              <button type="button" role="menuitem" className={item} onClick={run(() => actions.info(message))}>
                Info
              </button>
            )}
          </>
        )}
      </div>
    </>
  );
}
