'use client';
/** Right pane: header, message list, composer, drag-and-drop, and the side panels. */
import { lazy, Suspense, useCallback, useMemo, useState, type DragEvent } from 'react';
import type { Chat, Message } from '@samvad/protocol';
import { errorMessage } from '@/lib/api';
import { closeToChatLocation, currentChatLocation, pushChatLocation, useChatLocation, type ChatPanel } from '../chat-page/chat-location';
import { useChatClient, useChatState } from '../chat-state/chat-context';
import { Composer, type Draft } from '../composer/composer';
import { LazyEmojiPicker } from '../emoji/lazy-emoji-picker';
import { GroupInfoPanel } from '../group-info/group-info-panel';
import { SearchPanel } from '../search/search-panel';
import { ConversationActionsContext, type ConversationActions } from './conversation-context';
import { ConversationHeader } from './conversation-header';
import { ForwardDialog } from './forward-dialog';
import { MessageInfoDialog } from './message-info-dialog';
import { MessageList } from './message-list';

// The viewer brings the pinch-zoom library: loaded when a picture is first opened, not with the page.
const ImageViewer = lazy(() => import('./image-viewer').then((m) => ({ default: m.ImageViewer })));

const NO_MEMBERS: never[] = [];

export function Conversation({ chat }: { chat: Chat }) {
  const client = useChatClient();
  // A reply waits in the chat's draft (kept across chats and reloads); an edit only while it lasts.
  const [editing, setEditing] = useState<Message | null>(null);
  const replyTo = useChatState((s) => s.drafts[chat.id]?.replyTo ?? null);
  const draft = useMemo<Draft>(
    () => (editing ? { mode: 'edit', message: editing } : replyTo ? { mode: 'reply', message: replyTo } : null),
    [editing, replyTo],
  );
  const onDraftDone = useCallback(() => {
    if (editing) setEditing(null);
    else client.setDraft(chat.id, { replyTo: null });
  }, [client, chat.id, editing]);
  const [file, setFile] = useState<File | null>(null);
  const [forwarding, setForwarding] = useState<Message | null>(null);
  const [infoFor, setInfoFor] = useState<Message | null>(null);
  const [reactingTo, setReactingTo] = useState<Message | null>(null);
  // The side panel and the image viewer are in the URL, so Back closes them and a reload keeps them.
  const location = useChatLocation();
  const { panel, imageId: viewingId } = location;
  const openPanel = (opened: ChatPanel) => pushChatLocation({ ...location, panel: opened, imageId: null });
  const closePanel = () => closeToChatLocation({ ...location, panel: null });
  const closeViewer = useCallback(() => closeToChatLocation({ ...location, imageId: null }), [location]);
  const [isDragging, setIsDragging] = useState(false);

  const actions = useMemo<ConversationActions>(
    () => ({
      reply: (message) => {
        setEditing(null);
        client.setDraft(chat.id, { replyTo: message });
      },
      edit: setEditing,
      forward: setForwarding,
      info: setInfoFor,
      pickReaction: setReactingTo,
      viewImage: (message) => pushChatLocation({ ...currentChatLocation(), imageId: message.id }),
      notify: client.toasts.notify,
    }),
    [client, chat.id],
  );

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setIsDragging(false);
    const dropped = e.dataTransfer.files[0];
    if (dropped && chat.isMember !== false) setFile(dropped);
  };

  return (
    <ConversationActionsContext.Provider value={actions}>
      {/* relative: below 1100 px the side panels lie over the conversation (ui/side-panel). */}
      <div className="relative flex h-full min-w-0">
        <section
          aria-label={`Conversation with ${chat.name ?? 'chat'}`}
          className="relative flex min-w-0 flex-1 flex-col"
          onDragOver={(e) => {
            e.preventDefault();
            setIsDragging(true);
          }}
          onDragLeave={() => setIsDragging(false)}
          onDrop={onDrop}
        >
          <ConversationHeader
            chat={chat}
            onBack={() => client.openChat(null)}
            onInfo={() => openPanel('info')}
            onSearch={() => openPanel('search')}
          />
          <MessageList chat={chat} />
          {chat.isMember === false ? (
            <p className="border-t border-slate-200 p-3 text-center text-sm text-slate-500 dark:border-slate-800">
              You are no longer a member of this group.
            </p>
          ) : (
            <Composer
              chatId={chat.id}
              members={chat.isGroup ? chat.participants : NO_MEMBERS}
              draft={draft}
              onDraftDone={onDraftDone}
              file={file}
              onFileChange={setFile}
            />
          )}
          {isDragging && (
            <div className="pointer-events-none absolute inset-0 flex items-center justify-center border-4 border-dashed border-emerald-500 bg-emerald-50/80 text-lg font-medium text-emerald-800 dark:bg-emerald-950/80 dark:text-emerald-100">
              Drop a file to send it
            </div>
          )}
        </section>
        {panel === 'info' && <GroupInfoPanel chat={chat} onClose={closePanel} />}
        {panel === 'search' && <SearchPanel chatId={chat.id} onClose={closePanel} />}
      </div>
      {forwarding && <ForwardDialog message={forwarding} onClose={() => setForwarding(null)} />}
      {infoFor && <MessageInfoDialog message={infoFor} onClose={() => setInfoFor(null)} />}
      {reactingTo && (
        <LazyEmojiPicker
          label="React with an emoji"
          onPick={(emoji) =>
            client.messages.toggleReaction(reactingTo, emoji).catch((err: unknown) => client.toasts.notify(errorMessage(err)))
          }
          onClose={() => setReactingTo(null)}
        />
      )}
      {viewingId && (
        <Suspense fallback={null}>
          <ImageViewer chatId={chat.id} startId={viewingId} onClose={closeViewer} />
        </Suspense>
      )}
    </ConversationActionsContext.Provider>
  );
}
