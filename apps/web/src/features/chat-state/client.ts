/**
 * The chat client: owns the socket, the catch-up cursor and the outbox, and exposes the actions
 * the UI calls. Live events are a fast path; GET /api/sync after every reconnect is the truth.
 */
import { voiceFileName, type Attachment, type Message, type Settings, type User } from '@samvad/protocol';
import { api, errorMessage, ApiRequestError, putPicture, uploadFile } from '@/lib/api';
import { storeSession } from '@/lib/session-storage';
import { connectSocket, type ChatSocket } from '@/lib/socket';
import { createStore, type Store } from '@/lib/store';
import * as outbox from '@/lib/outbox';
import { loadDrafts, saveDrafts, withDraft, type ChatDraft } from '@/lib/drafts';
import { loadSnapshot, saveSnapshot } from '@/lib/offline-snapshot';
import { shrinkPhoto } from '@/lib/photo-size';
import { forgetRecording, loadRecording, saveRecording, type VoiceRecording } from '@/lib/voice-recordings';
import { advanceWatermarks } from '@/lib/ticks';
import { initialState, sortChats, type ChatState } from './state';
import {
  applyMessages,
  applyUserUpdate,
  countsAsUnread,
  hideMessages,
  removeChats,
  replaceChatList,
  replaceWindow,
  restoreSnapshot,
  setWindow,
  upsertChats,
} from './mutations';
import { attachSocketHandlers } from './socket-handlers';
import { createChatActions, createMemberActions, type ChatActions, type MemberActions } from './chat-actions';
import { createMessageActions, type MessageActions } from './message-actions';
import { createUndoQueue, type UndoQueue } from './undo-queue';
import { createDevicePush, type DevicePush } from './device-push';

const PAGE_SIZE = 50;
const ACK_TIMEOUT_MS = 10_000;
/** The offline snapshot is rewritten at most this often while things change. */
const SNAPSHOT_EVERY_MS = 3000;

type PageCursor = { before?: string; after?: string; around?: string; unread?: 'first' };

export type SendInput = Omit<outbox.OutboxEntry, 'clientId' | 'createdAt' | 'state' | 'error'>;

export interface ChatClient {
  store: Store<ChatState>;
  socket: ChatSocket;
  stop(): void;
  loadChats(): Promise<void>;
  refreshChat(chatId: string): Promise<void>;
  openChat(chatId: string | null, focusMessageId?: string): void;
  loadOlder(chatId: string): Promise<void>;
  loadNewer(chatId: string): Promise<void>;
  send(input: SendInput): void;
  /**
   * Sends a recorded voice message. It waits in the outbox (its bytes in IndexedDB) through reloads
   * and lost connections: uploaded when the server is reachable, then sent like any message.
   */
  sendVoice(chatId: string, recording: VoiceRecording, replyToId?: string): Promise<void>;
  retry(clientId: string): void;
  discard(clientId: string): void;
  /** The reader has seen the chat's messages up to `seenSeq` (on screen, in a visible, focused page). */
  markRead(chatId: string, seenSeq: number): void;
  setTyping(chatId: string, isTyping: boolean): void;
  updateSettings(patch: Partial<Settings>): Promise<void>;
  /** Attaches (or with null removes) the context the next message in that chat carries. */
  setComposerContext(chatId: string, context: Record<string, unknown> | null): void;
  /** Changes what waits in a chat's composer; an emptied draft is removed. */
  setDraft(chatId: string, patch: Partial<ChatDraft>): void;
  /** The focused message (reply quote, search hit) was scrolled to. */
  clearFocusMessage(): void;
  /**
   * Uploads a file into a chat (with progress) for a message to carry by its attachmentId. Photos
   * go resized (lib/photo-size.ts) unless `original` (the composer's "HD").
   */
  upload(
    chatId: string,
    file: File,
    onProgress: (fraction: number) => void,
    options?: { original?: boolean },
  ): { promise: Promise<Attachment>; abort: () => void };
  /** My own picture: a cropped square, or null to remove it. */
  setMyPicture(picture: Blob | null): Promise<void>;
  chats: ChatActions;
  members: MemberActions;
  messages: MessageActions;
  /** The toasts in `state.toasts`: Undo, dismiss, and plain notices. */
  toasts: Pick<UndoQueue, 'undo' | 'dismiss' | 'notify'>;
  /** Web Push on this device: on/off from Settings, off on sign-out. */
  push: DevicePush;
}

export function createChatClient(token: string, me: User): ChatClient {
  const store = createStore<ChatState>({
    ...initialState(me),
    outbox: outbox.loadOutbox(window.localStorage, me.id),
    drafts: loadDrafts(window.localStorage, me.id),
  });
  const socket = connectSocket(token);
  let syncToken: string | null = null;
  const inFlight = new Set<string>();
  const lastReadSent: Record<string, number> = {};
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  // Persist the outbox whenever it changes, so a reload resends what was not acknowledged; and the
  // drafts, so a reload keeps what was being written.
  let savedOutbox = store.get().outbox;
  let savedDrafts = store.get().drafts;
  // …and my own record (a new picture), so a reload starts with it.
  let savedMe = store.get().me;
  store.subscribe(() => {
    const { outbox: current, drafts } = store.get();
    if (current !== savedOutbox) {
      for (const clientId of outbox.removedVoiceEntries(savedOutbox, current)) void forgetRecording(clientId);
      savedOutbox = current;
      outbox.saveOutbox(window.localStorage, me.id, current);
    }
    if (drafts !== savedDrafts) {
      savedDrafts = drafts;
      saveDrafts(window.localStorage, me.id, drafts);
    }
    if (store.get().me !== savedMe) {
      savedMe = store.get().me;
      storeSession(token, savedMe);
    }
  });

  async function loadChats() {
    const [active, archived] = await Promise.all([
      api('GET /api/chats', { query: { filter: 'all' } }),
      api('GET /api/chats', { query: { filter: 'archived' } }),
    ]);
    const chats = [...active.chats, ...archived.chats];
    store.set((s) => ({ ...replaceChatList(s, chats), savedAt: null }));
    for (const chat of chats) acknowledgeDelivery(chat.lastMessage);
    replaceSavedWindows();
  }

  // Offline: the list and recent messages as last seen on this device, until the server answers.
  loadSnapshot(me.id)
    .then((snapshot) => {
      if (snapshot && !store.get().chatsLoaded) store.set((s) => restoreSnapshot(s, snapshot));
    })
    .catch(() => {});
  // Rewritten a few seconds after a change (one write for a burst), from the server's answers only.
  let snapshotTimer: ReturnType<typeof setTimeout> | undefined;
  const saveForOffline = () => {
    snapshotTimer = undefined;
    const { chats, windows } = store.get();
    const items = Object.fromEntries(Object.entries(windows).map(([chatId, w]) => [chatId, w.items]));
    saveSnapshot(me.id, sortChats(Object.values(chats)), items).catch(() => {});
  };
  store.subscribe(() => {
    const { chatsLoaded, savedAt } = store.get();
    if (chatsLoaded && !savedAt) snapshotTimer ??= setTimeout(saveForOffline, SNAPSHOT_EVERY_MS);
  });

  /** Once the server answers, saved windows give way: the open chat reloads its newest page, the rest reload when opened. */
  function replaceSavedWindows() {
    const { windows, activeChatId } = store.get();
    const saved = Object.keys(windows).filter((chatId) => windows[chatId]?.isSaved);
    if (saved.length === 0) return;
    store.set((s) => {
      const next = { ...s.windows };
      for (const chatId of saved) if (chatId !== activeChatId) delete next[chatId];
      return { ...s, windows: next };
    });
    if (activeChatId && saved.includes(activeChatId)) void loadPage(activeChatId, {}, 'replace');
  }

  async function refreshChat(chatId: string) {
    try {
      const { chat } = await api('GET /api/chats/:id', { params: { id: chatId } });
      store.set((s) => upsertChats(s, [chat]));
    } catch (err) {
      if (err instanceof ApiRequestError && err.status === 404) store.set((s) => removeChats(s, [chatId]));
    }
  }

  /** Catch-up: every change since the last token, in pages of up to 500. */
  async function catchUp() {
    if (syncToken === null) {
      syncToken = (await api('GET /api/sync')).next;
      return;
    }
    let since: string = syncToken;
    let hasMore = true;
    while (hasMore) {
      const page = await api('GET /api/sync', { query: { since } });
      store.set((s) => {
        let next = upsertChats(s, page.chats);
        next = applyMessages(next, page.messages, { countUnread: false });
        next = hideMessages(next, page.hiddenMessageIds ?? []);
        return removeChats(next, page.removedChatIds);
      });
      // "Delivered up to and including": one acknowledgement per chat, for its newest message.
      const newestPerChat = new Map<string, Message>();
      for (const m of page.messages)
        if (m.sender.id !== me.id && m.seq > (newestPerChat.get(m.chatId)?.seq ?? 0)) newestPerChat.set(m.chatId, m);
      for (const m of newestPerChat.values()) acknowledgeDelivery(m);
      since = syncToken = page.next;
      hasMore = page.hasMore;
    }
  }

  function acknowledgeDelivery(message: Message | null) {
    if (message && message.sender.id !== me.id && message.status === null) socket.emit('messageDelivered', { messageId: message.id });
  }

  function flushOutbox() {
    if (!socket.connected) return;
    // A chat's messages go in the order they were written: nothing passes a voice message still uploading.
    const waitingForUpload = new Set<string>();
    for (const entry of outbox.pendingEntries(store.get().outbox)) {
      if (waitingForUpload.has(entry.chatId)) continue;
      if (entry.voice && !entry.attachmentId) {
        waitingForUpload.add(entry.chatId);
        if (!inFlight.has(entry.clientId)) void uploadVoice(entry);
        continue;
      }
      if (inFlight.has(entry.clientId)) continue;
      inFlight.add(entry.clientId);
      const { state: _s, error: _e, createdAt: _c, voice: _v, ...payload } = entry;
      // Without an ack in time the entry stays pending and is resent (same clientId) later.
      const timer = setTimeout(() => {
        inFlight.delete(entry.clientId);
        scheduleRetry(3000);
      }, ACK_TIMEOUT_MS);
      socket.emit('sendMessage', payload, (ack) => {
        clearTimeout(timer);
        inFlight.delete(entry.clientId);
        if (ack.success) {
          store.set((s) =>
            applyMessages({ ...s, outbox: outbox.removeEntry(s.outbox, entry.clientId) }, [ack.message], { countUnread: false }),
          );
        } else if (ack.error.code === 'RATE_LIMITED') {
          scheduleRetry(ack.error.retryAfterMs ?? 5000);
        } else if (outbox.isPermanentFailure(ack.error.code)) {
          store.set((s) => ({ ...s, outbox: outbox.markFailed(s.outbox, entry.clientId, ack.error.message) }));
        } else scheduleRetry(3000);
      });
    }
  }

  async function uploadVoice(entry: outbox.OutboxEntry) {
    inFlight.add(entry.clientId);
    const fail = (message: string) => store.set((s) => ({ ...s, outbox: outbox.markFailed(s.outbox, entry.clientId, message) }));
    try {
      const blob = await loadRecording(entry.clientId);
      if (!blob) return fail('The recording is no longer on this device');
      const file = new File([blob], voiceFileName(entry.voice!.mimeType, new Date(entry.createdAt)), { type: entry.voice!.mimeType });
      const attachment = await uploadFile(entry.chatId, file, () => {}, { waveform: JSON.stringify(entry.voice!.waveform) }).promise;
      store.set((s) => ({ ...s, outbox: outbox.markUploaded(s.outbox, entry.clientId, attachment) }));
      inFlight.delete(entry.clientId);
      flushOutbox();
    } catch (err) {
      inFlight.delete(entry.clientId);
      if (err instanceof ApiRequestError && outbox.isPermanentFailure(err.error.code)) fail(err.error.message);
      else scheduleRetry(5000); // offline or the server is away: the recording waits on the device
    }
  }

  function scheduleRetry(ms: number) {
    clearTimeout(retryTimer);
    retryTimer = setTimeout(flushOutbox, ms);
  }

  // The list loads over REST at once, so the app works even before (or without) a socket; the
  // sync token is taken first, so each catch-up after `authenticated` covers everything since.
  const initialLoad = catchUp()
    .then(loadChats)
    .catch((err: unknown) => console.warn('initial load failed', errorMessage(err)));

  socket.on('authenticated', () => {
    store.set((s) => ({ ...s, connection: 'online' }));
    // After catch-up, reload the list too: presence and unread counts are not part of sync.
    void initialLoad
      .then(catchUp)
      .then(loadChats)
      .catch((err: unknown) => console.warn('catch-up failed', errorMessage(err)))
      .finally(flushOutbox);
  });
  // A refused token (deactivated user, expired token) shows up on the socket first; /api/auth/me
  // then answers 401, and the session ends with the reason on the sign-in screen (api's 401 handler).
  const isSessionValid = () =>
    api('GET /api/auth/me').then(
      () => true,
      (err: unknown) => !(err instanceof ApiRequestError && err.status === 401),
    );
  let isStopped = false;
  // Socket.IO does not reconnect by itself after the server closed or refused the socket.
  const reconnectIfStillSignedIn = (delayMs: number) =>
    void isSessionValid().then((isValid) => {
      if (isValid && !isStopped) setTimeout(() => !isStopped && socket.connect(), delayMs);
    });
  socket.on('disconnect', (reason) => {
    store.set((s) => ({ ...s, connection: navigator.onLine ? 'connecting' : 'offline', typing: {}, presence: {} }));
    if (reason === 'io server disconnect') reconnectIfStillSignedIn(1000);
  });
  socket.on('connect_error', (error) => {
    store.set((s) => ({ ...s, connection: navigator.onLine ? 'connecting' : 'offline' }));
    if (error.message === 'UNAUTHORIZED') reconnectIfStillSignedIn(5000);
  });
  const onOffline = () => store.set((s) => ({ ...s, connection: 'offline' }));
  window.addEventListener('offline', onOffline);
  // Writes waiting out their Undo toast go now if the page is closed, reloaded or navigated away.
  const undo = createUndoQueue(store);
  const onPageHide = () => undo.flush();
  window.addEventListener('pagehide', onPageHide);

  api('GET /api/me/settings')
    .then(({ settings }) => store.set((s) => ({ ...s, settings })))
    .catch(() => {});
  const devicePush = createDevicePush(token);
  devicePush.refresh().catch(() => {});

  /** A history page: the newest without a cursor, else one of `before`, `after` or `around` a message, or at the first unread. */
  async function loadPage(chatId: string, cursor: PageCursor, merge: 'replace' | 'older' | 'newer') {
    store.set((s) => setWindow(s, chatId, (w) => ({ ...w, loading: true })));
    try {
      const { messages, pagination } = await api('GET /api/chats/:id/messages', {
        params: { id: chatId },
        query: { limit: PAGE_SIZE, ...cursor },
      });
      store.set((s) => {
        // The divider goes where the server says the unread messages begin, in the same render as the page.
        const divider =
          pagination.firstUnreadId !== undefined && s.activeChatId === chatId ? { unreadFromId: pagination.firstUnreadId } : {};
        return setWindow({ ...s, ...divider }, chatId, (w) => {
          if (merge === 'replace') return replaceWindow(w, messages, pagination);
          const items = merge === 'older' ? [...messages, ...w.items] : [...w.items, ...messages];
          return {
            items: items.filter((m, i, all) => all.findIndex((x) => x.id === m.id) === i).sort((a, b) => a.seq - b.seq),
            hasMore: merge === 'older' ? pagination.hasMore : w.hasMore,
            hasNewer: merge === 'newer' ? pagination.hasNewer : w.hasNewer,
            loading: false,
          };
        });
      });
    } catch (err) {
      store.set((s) => setWindow(s, chatId, (w) => ({ ...w, loading: false, hasMore: false })));
      console.warn('loading messages failed', errorMessage(err));
    }
  }

  function openChat(chatId: string | null, focusMessageId?: string) {
    const before = store.get();
    const isOpening = before.activeChatId !== chatId;
    const unread = chatId && isOpening ? (before.chats[chatId]?.unreadCount ?? 0) : 0;
    // A chat with unread messages opens at the first of them (the server knows which), not at the newest.
    // (Not from the offline snapshot: what was saved is shown as it is until the server answers.)
    const startsAtUnread = chatId !== null && unread > 0 && !focusMessageId && !before.windows[chatId]?.isSaved;
    store.set((s) => {
      const next = {
        ...s,
        activeChatId: chatId,
        focusMessageId: focusMessageId ?? null,
        // The divider stays while the chat is open, however much is read meanwhile.
        unreadAtOpen: isOpening ? unread : s.unreadAtOpen,
        unreadFromId: isOpening ? null : s.unreadFromId,
      };
      // Emptied first, so the list lays itself out once, at the page with the divider.
      return startsAtUnread ? setWindow(next, chatId, (w) => ({ ...w, items: [], loading: true })) : next;
    });
    if (!chatId) return;
    const window = store.get().windows[chatId];
    const isShown = focusMessageId && window?.items.some((m) => m.id === focusMessageId);
    if (startsAtUnread) void loadPage(chatId, { unread: 'first' }, 'replace');
    else if (focusMessageId && !isShown) void loadPage(chatId, { around: focusMessageId }, 'replace');
    else if (!window || (!focusMessageId && window.hasNewer)) void loadPage(chatId, {}, 'replace');
  }

  /**
   * Read receipts: the one place that decides them. The message list reports the highest seq that
   * was on screen; the watermark moves up to it (never past what was seen), only while the page is
   * visible and focused.
   */
  function markRead(chatId: string, seenSeq: number) {
    const state = store.get();
    const chat = state.chats[chatId];
    const window = state.windows[chatId];
    if (!chat || !window || document.visibilityState !== 'visible' || !document.hasFocus()) return;
    const seen = [...window.items].reverse().find((m) => m.seq <= seenSeq && !m.id.startsWith('local:'));
    if (!seen || (lastReadSent[chatId] ?? 0) >= seen.seq) return;
    const hadUnread = chat.unreadCount > 0;
    // "Read up to and including": my own message (sent from another tab) only matters if something was unread.
    if (seen.sender.id === me.id && !hadUnread) return;
    lastReadSent[chatId] = seen.seq;
    const setUnread = (unreadCount: number, unreadMentionCount: number) =>
      store.set((s) => {
        const current = s.chats[chatId];
        if (!current || (current.unreadCount === unreadCount && current.unreadMentionCount === unreadMentionCount)) return s;
        return upsertChats(s, [{ ...current, unreadCount, unreadMentionCount }]);
      });
    // What is left unread is below what was seen; the loaded window holds all of it unless newer pages exist.
    if (!window.hasNewer) {
      const left = window.items.filter((m) => m.seq > seen.seq && countsAsUnread(m, me.id) && !state.hiddenMessageIds[m.id]);
      setUnread(left.length, left.filter((m) => m.mentions.includes(me.id)).length);
    }
    socket.emit('messageRead', { messageId: seen.id }, (ack) => {
      if (ack.success && window.hasNewer)
        api('GET /api/chats/:id/unread', { params: { id: chatId } })
          .then(({ unreadCount }) =>
            // The mentions left are at most what was left before, and none when nothing is.
            setUnread(unreadCount, unreadCount === 0 ? 0 : Math.min(chat.unreadMentionCount, unreadCount)),
          )
          .catch(() => {});
    });
  }

  const client: ChatClient = {
    store,
    socket,
    stop() {
      isStopped = true;
      clearTimeout(retryTimer);
      clearTimeout(snapshotTimer);
      undo.flush();
      window.removeEventListener('offline', onOffline);
      window.removeEventListener('pagehide', onPageHide);
      socket.disconnect();
    },
    loadChats,
    refreshChat,
    openChat,
    loadOlder: (chatId) => {
      const w = store.get().windows[chatId];
      if (!w || w.loading || !w.hasMore || w.items.length === 0) return Promise.resolve();
      return loadPage(chatId, { before: w.items[0]!.id }, 'older');
    },
    loadNewer: (chatId) => {
      const w = store.get().windows[chatId];
      const last = w?.items.at(-1);
      if (!w || w.loading || !w.hasNewer || !last) return Promise.resolve();
      return loadPage(chatId, { after: last.id }, 'newer');
    },
    send(input) {
      const entry: outbox.OutboxEntry = { ...input, clientId: crypto.randomUUID(), createdAt: new Date().toISOString(), state: 'pending' };
      store.set((s) => ({ ...s, outbox: outbox.addEntry(s.outbox, entry) }));
      flushOutbox();
    },
    async sendVoice(chatId, recording, replyToId) {
      const clientId = crypto.randomUUID();
      await saveRecording(clientId, recording.blob);
      const { mimeType, durationMs, waveform } = recording;
      const entry: outbox.OutboxEntry = {
        clientId,
        chatId,
        messageType: 'AUDIO',
        replyToId,
        voice: { mimeType, durationMs, waveform },
        createdAt: new Date().toISOString(),
        state: 'pending',
      };
      store.set((s) => ({ ...s, outbox: outbox.addEntry(s.outbox, entry) }));
      flushOutbox();
    },
    retry(clientId) {
      store.set((s) => ({ ...s, outbox: outbox.markPending(s.outbox, clientId) }));
      flushOutbox();
    },
    discard(clientId) {
      store.set((s) => ({ ...s, outbox: outbox.removeEntry(s.outbox, clientId) }));
    },
    markRead,
    setTyping(chatId, isTyping) {
      if (socket.connected) socket.emit('typing', { chatId, isTyping });
    },
    setComposerContext(chatId, context) {
      client.setDraft(chatId, { context });
    },
    setDraft(chatId, patch) {
      store.set((s) => {
        const drafts = withDraft(s.drafts, chatId, patch);
        return drafts === s.drafts ? s : { ...s, drafts };
      });
    },
    async updateSettings(patch) {
      store.set((s) => ({ ...s, settings: { ...s.settings, ...patch } }));
      const { settings } = await api('PUT /api/me/settings', { body: patch });
      store.set((s) => ({ ...s, settings }));
    },
    clearFocusMessage() {
      store.set((s) => ({ ...s, focusMessageId: null }));
    },
    upload(chatId, file, onProgress, options) {
      let abort = () => {};
      let isAborted = false;
      const prepared = options?.original ? Promise.resolve(file) : shrinkPhoto(file);
      const promise = prepared.then((toSend) => {
        if (isAborted) throw new ApiRequestError(0, { code: 'UNAVAILABLE', message: 'Upload cancelled' });
        const upload = uploadFile(chatId, toSend, onProgress);
        abort = upload.abort;
        return upload.promise;
      });
      return {
        promise,
        abort: () => {
          isAborted = true;
          abort();
        },
      };
    },
    async setMyPicture(picture) {
      const { user } = picture ? await putPicture('PUT /api/users/me/avatar', picture) : await api('DELETE /api/users/me/avatar');
      store.set((s) => applyUserUpdate(s, user));
    },
    chats: createChatActions({ store, openChat, undo, token }),
    members: createMemberActions({ store, refreshChat }),
    messages: createMessageActions({ store, undo, token }),
    toasts: { undo: undo.undo, dismiss: undo.dismiss, notify: undo.notify },
    push: devicePush,
  };

  attachSocketHandlers(client, {
    acknowledgeDelivery,
    advance: (chatId, status, upToSeq) =>
      store.set((s) => {
        const chat = s.chats[chatId];
        return chat ? upsertChats(s, [{ ...chat, ...advanceWatermarks(chat, status, upToSeq) }]) : s;
      }),
  });
  return client;
}
