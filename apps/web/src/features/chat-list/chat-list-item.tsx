'use client';
import { badgeUnread, type Chat } from '@samvad/protocol';
import { errorMessage } from '@/lib/api';
import { relativeTime } from '@/lib/dates';
import { previewText } from '@/lib/messages';
import { useChatClient, useChatState } from '../chat-state/chat-context';
import { Avatar } from '../ui/avatar';
import { ChevronDownIcon, MuteIcon, PinIcon } from '../ui/icons';
import { useOtherParticipant } from './use-other-participant';
import { useRowTouch } from './use-row-touch';
import { describeContext } from '../conversation/context-card';
import { useConfirm, type ConfirmRequest } from '../ui/confirm-dialog';
import { Menu, MenuItem, useMenu, type MenuControl } from '../ui/menu';

export function ChatListItem({ chat, isActive, onOpen }: { chat: Chat; isActive: boolean; onOpen: () => void }) {
  const client = useChatClient();
  const other = useOtherParticipant(chat);
  const isTyping = useChatState((s) => Object.keys(s.typing[chat.id] ?? {}).length > 0);
  const me = useChatState((s) => s.me);
  // WhatsApp shows what was left unsent in a chat instead of its last message, once you are elsewhere.
  const draft = useChatState((s) => (isActive ? undefined : s.drafts[chat.id]));
  const menu = useMenu();
  const touch = useRowTouch({
    openMenu: menu.open,
    swipe: () => void client.chats.setArchived(chat.id, !chat.isArchived).catch((err: unknown) => client.toasts.notify(errorMessage(err))),
  });
  const hasUnread = chat.unreadCount > 0;
  // A muted or archived chat's count is grey unless it @mentions me: it does not raise the badge (badge.ts).
  const isLoud = badgeUnread(chat) > 0;
  const last = chat.lastMessage;
  const preview = last
    ? `${chat.isGroup && last.messageType !== 'SYSTEM' ? `${last.sender.id === me.id ? 'You' : last.sender.name}: ` : ''}${previewText(last)}`
    : '';
  const draftText = draft && (draft.text.trim() || (draft.context ? describeContext(draft.context).title : 'Reply'));

  return (
    <li
      aria-label={chat.name ?? 'Chat'}
      {...touch.handlers}
      className={`group relative touch-pan-y overflow-hidden ${isActive ? 'bg-slate-100 dark:bg-slate-800' : 'hover:bg-slate-50 dark:hover:bg-slate-800/60'}`}
    >
      {touch.offset < 0 && (
        // What letting go does, behind the row as it slides.
        <span aria-hidden className="absolute inset-0 flex items-center justify-end bg-emerald-700 px-4 text-sm font-medium text-white">
          {chat.isArchived ? 'Unarchive' : 'Archive'}
        </span>
      )}
      <button
        type="button"
        onClick={onOpen}
        // Named by its visible name (not an aria-label that differs from what is shown).
        aria-labelledby={`name-${chat.id}`}
        aria-describedby={`preview-${chat.id}`}
        aria-current={isActive || undefined}
        style={touch.offset ? { transform: `translateX(${touch.offset}px)` } : undefined}
        className={`relative flex w-full items-center gap-3 px-3 py-2.5 text-left pointer-coarse:pr-12 ${touch.offset ? 'bg-white dark:bg-slate-900' : ''}`}
      >
        <Avatar name={chat.name} src={chat.avatarUrl} isOnline={!chat.isGroup && other?.isOnline} />
        <span className="min-w-0 flex-1 border-b border-slate-100 pb-2 dark:border-slate-800">
          <span className="flex items-baseline gap-2">
            <span id={`name-${chat.id}`} className={`flex-1 truncate ${hasUnread ? 'font-bold' : 'font-medium'}`}>
              {chat.name ?? 'Chat'}
            </span>
            {last && (
              <span
                className={`shrink-0 text-xs ${isLoud ? 'text-emerald-700 dark:text-emerald-400' : 'text-slate-600 dark:text-slate-400'}`}
              >
                {relativeTime(last.createdAt)}
              </span>
            )}
          </span>
          <span className="mt-0.5 flex items-center gap-1.5">
            <span
              id={`preview-${chat.id}`}
              className={`flex-1 truncate text-sm ${isTyping ? 'text-emerald-700 dark:text-emerald-400' : 'text-slate-600 dark:text-slate-400'} ${last?.isDeleted && !draftText ? 'italic' : ''}`}
            >
              {isTyping ? (
                'typing…'
              ) : draftText ? (
                <>
                  <span className="font-medium text-emerald-700 dark:text-emerald-400">Draft:</span> {draftText}
                </>
              ) : (
                preview
              )}
            </span>
            {chat.isMuted && <MuteIcon width={14} height={14} className="text-slate-400" />}
            {chat.isPinned && (
              <PinIcon width={14} height={14} className="text-slate-400" aria-label="Pinned" aria-hidden={false} role="img" />
            )}
            {chat.unreadMentionCount > 0 && (
              <span aria-label="Mentions you" className="text-sm font-bold text-emerald-600 dark:text-emerald-400">
                @
              </span>
            )}
            {hasUnread && (
              <span
                aria-label={`${chat.unreadCount} unread`}
                className={`flex h-5 min-w-5 items-center justify-center rounded-full px-1.5 text-xs font-semibold text-white ${isLoud ? 'bg-emerald-700' : 'bg-slate-500 dark:bg-slate-600'}`}
              >
                {chat.unreadCount > 99 ? '99+' : chat.unreadCount}
              </span>
            )}
          </span>
        </span>
      </button>
      {/* Hover or focus shows it; a touch screen (no hover) always does, in its own column. */}
      <button
        type="button"
        aria-label="Chat menu"
        {...menu.buttonProps}
        className="absolute top-8 right-2 rounded bg-inherit p-0.5 text-slate-500 opacity-0 group-hover:opacity-100 focus:opacity-100 aria-expanded:opacity-100 pointer-coarse:top-1/2 pointer-coarse:-translate-y-1/2 pointer-coarse:p-2 pointer-coarse:opacity-100"
      >
        <ChevronDownIcon width={16} height={16} />
      </button>
      <ChatItemMenu control={menu} chat={chat} />
    </li>
  );
}

/** What deleting a chat from the list does, said before it is done. */
function deleteQuestion(chat: Chat): ConfirmRequest {
  const name = chat.name ?? 'this chat';
  if (!chat.isGroup)
    return {
      title: 'Delete this chat?',
      message: `Your chat with ${name} and its messages will be deleted for you. ${name} will still have them.`,
      confirmLabel: 'Delete chat',
    };
  if (chat.isMember === false)
    return { title: `Delete “${name}”?`, message: 'This group’s chat will be deleted for you.', confirmLabel: 'Delete chat' };
  return {
    title: `Exit “${name}”?`,
    message: 'You will leave the group and its chat will be deleted for you. The other members will see that you left.',
    confirmLabel: 'Exit and delete',
  };
}

function ChatItemMenu({ control, chat }: { control: MenuControl; chat: Chat }) {
  const client = useChatClient();
  const confirm = useConfirm();
  const run = (action: () => Promise<unknown>) => async () => {
    try {
      await action();
    } catch (err) {
      client.toasts.notify(errorMessage(err));
    }
  };
  const update = (patch: Partial<Pick<Chat, 'isPinned' | 'isMuted'>>) => run(() => client.chats.update(chat.id, patch));
  const remove = run(async () => {
    if (await confirm(deleteQuestion(chat))) await client.chats.remove(chat.id);
  });
  return (
    <Menu control={control} label="Chat options">
      <MenuItem onSelect={update({ isPinned: !chat.isPinned })}>{chat.isPinned ? 'Unpin' : 'Pin'}</MenuItem>
      <MenuItem onSelect={run(() => client.chats.setArchived(chat.id, !chat.isArchived))}>
        {chat.isArchived ? 'Unarchive' : 'Archive'}
      </MenuItem>
      <MenuItem onSelect={update({ isMuted: !chat.isMuted })}>{chat.isMuted ? 'Unmute' : 'Mute'}</MenuItem>
      <MenuItem isDanger onSelect={remove}>
        {chat.isGroup && chat.isMember !== false ? 'Exit and delete' : 'Delete chat'}
      </MenuItem>
    </Menu>
  );
}
