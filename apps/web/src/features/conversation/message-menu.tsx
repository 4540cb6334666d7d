'use client';
/** A message's actions: reply, react, forward, copy, edit, delete, info (the shared popover menu). */
import { useState } from 'react';
import { EDIT_WINDOW_MS, REACTION_EMOJIS, type Message } from '@samvad/protocol';
import { errorMessage } from '@/lib/api';
import { useChatClient } from '../chat-state/chat-context';
import { useConversationActions } from './conversation-context';
import { useConfirm, type ConfirmRequest } from '../ui/confirm-dialog';
import { PlusIcon } from '../ui/icons';
import { Menu, MenuItem, type MenuControl } from '../ui/menu';

const DELETE_QUESTIONS: Record<'me' | 'everyone', ConfirmRequest> = {
  me: {
    title: 'Delete message?',
    message: 'This message will be deleted for you. Others in this chat will still see it.',
    confirmLabel: 'Delete for me',
  },
  everyone: {
    title: 'Delete message?',
    message: 'This message will be deleted for everyone in this chat.',
    confirmLabel: 'Delete for everyone',
  },
};

export function canEdit(message: Message, isMine: boolean, now = Date.now()): boolean {
  return isMine && !message.isDeleted && message.messageType === 'TEXT' && now - Date.parse(message.createdAt) < EDIT_WINDOW_MS;
}

export function MessageMenu({
  control,
  message,
  isMine,
  onReact,
}: {
  control: MenuControl;
  message: Message;
  isMine: boolean;
  onReact: (emoji: string) => void;
}) {
  return (
    <Menu control={control} label="Message actions" align={isMine ? 'end' : 'start'}>
      <MessageMenuItems message={message} isMine={isMine} onReact={onReact} />
    </Menu>
  );
}

/** The items, mounted only while the menu is open (the emoji row starts closed each time). */
function MessageMenuItems({ message, isMine, onReact }: { message: Message; isMine: boolean; onReact: (emoji: string) => void }) {
  const client = useChatClient();
  const actions = useConversationActions();
  const confirm = useConfirm();
  const [isPickingEmoji, setIsPickingEmoji] = useState(false);

  const run = (action: () => void | Promise<void>) => async () => {
    try {
      await action();
    } catch (err) {
      actions.notify(errorMessage(err));
    }
  };

  const remove = (scope: 'me' | 'everyone') =>
    run(async () => {
      if (await confirm(DELETE_QUESTIONS[scope])) await client.messages.remove(message, scope);
    });

  const alive = !message.isDeleted;
  if (isPickingEmoji) {
    return (
      <div role="group" aria-label="Reactions" className="flex justify-between gap-0.5 px-2 py-1">
        {REACTION_EMOJIS.map((emoji, i) => (
          <MenuItem key={emoji} look="icon" aria-label={emoji} onSelect={run(() => onReact(emoji))} autoFocus={i === 0}>
            {emoji}
          </MenuItem>
        ))}
        <MenuItem look="icon" aria-label="More reactions" title="More reactions" onSelect={() => actions.pickReaction(message)}>
          <PlusIcon width={18} height={18} />
        </MenuItem>
      </div>
    );
  }
  return (
    <>
      {alive && <MenuItem onSelect={run(() => actions.reply(message))}>Reply</MenuItem>}
      {alive && (
        <MenuItem keepOpen onSelect={() => setIsPickingEmoji(true)}>
          React
        </MenuItem>
      )}
      {alive && <MenuItem onSelect={run(() => actions.forward(message))}>Forward</MenuItem>}
      {alive && message.content && <MenuItem onSelect={run(() => navigator.clipboard.writeText(message.content ?? ''))}>Copy</MenuItem>}
      {canEdit(message, isMine) && <MenuItem onSelect={run(() => actions.edit(message))}>Edit</MenuItem>}
      <MenuItem onSelect={remove('me')}>Delete for me</MenuItem>
      {isMine && alive && (
        <MenuItem isDanger onSelect={remove('everyone')}>
          Delete for everyone
        </MenuItem>
      )}
      {isMine && <MenuItem onSelect={run(() => actions.info(message))}>Info</MenuItem>}
    </>
  );
}
