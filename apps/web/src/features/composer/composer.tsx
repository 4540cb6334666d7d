'use client';
/** The composer: auto-growing text, Enter to send, reply/edit bar, attachment with upload progress. */
import { useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { IMAGE_MIME_TYPES, MAX_MESSAGE_LENGTH, UPLOAD_EXTENSIONS, uploadRefusal, type Message } from '@samvad/protocol';
import { errorMessage } from '@/lib/api';
import { createTypingNotifier } from '@/lib/typing-notifier';
import { previewText } from '@/lib/messages';
import { insertMention, mentionAt, suggestMembers, type Mentionable } from '@/lib/mentions';
import { useChatClient, useChatState } from '../chat-state/chat-context';
import { formatBytes } from '../conversation/attachment-view';
import { ContextCard } from '../conversation/context-card';
import { EmojiButton } from '../emoji/emoji-button';
import { CloseIcon, PaperclipIcon, SendIcon } from '../ui/icons';
import { AttachmentPreview } from './attachment-preview';
import { MicButton, SendVoiceButton, useVoiceComposer, VoiceRecordingBar } from '../voice/voice-composer';
import { canRecordVoice } from '../voice/use-voice-recorder';

export type Draft = { mode: 'reply' | 'edit'; message: Message } | null;

const COUNTER_FROM = MAX_MESSAGE_LENGTH - 500;

/** Why the server would refuse this file (type, size), said before a byte of it is uploaded. */
function refusalOf(file: File): string | null {
  const refusal = uploadRefusal(file);
  if (!refusal) return null;
  if (refusal.code === 'PAYLOAD_TOO_LARGE') return `${file.name} is ${formatBytes(file.size)}. ${refusal.message}.`;
  return `${file.name} can't be sent. ${refusal.message}.`;
}

interface ComposerProps {
  chatId: string;
  /** Members who can be @mentioned (groups); empty in one-on-one chats. */
  members: readonly Mentionable[];
  draft: Draft;
  onDraftDone(): void;
  file: File | null;
  onFileChange(file: File | null): void;
}

export function Composer({ chatId, members, draft, onDraftDone, file, onFileChange }: ComposerProps) {
  const client = useChatClient();
  const meId = useChatState((s) => s.me.id);
  // Attached by a host app's quick chat: it goes with the user's next message, never on its own.
  const context = useChatState((s) => s.drafts[chatId]?.context ?? undefined);
  // The chat's draft: what was left here before switching chats or reloading.
  const [text, setText] = useState(() => client.store.get().drafts[chatId]?.text ?? '');
  const [caret, setCaret] = useState(0);
  const [picked, setPicked] = useState(0);
  const [mentionsClosed, setMentionsClosed] = useState(false);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  // A file sent while offline waits in the composer and goes once the browser is back online.
  const [isWaitingForNetwork, setIsWaitingForNetwork] = useState(false);
  /** "HD": send the photo as it is instead of resized (lib/photo-size.ts); asked anew for each file. */
  const [sendsOriginal, setSendsOriginal] = useState(false);
  useEffect(() => setSendsOriginal(false), [file]);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const abortUpload = useRef<(() => void) | null>(null);
  const typing = useMemo(() => createTypingNotifier((isTyping) => client.setTyping(chatId, isTyping)), [client, chatId]);
  useEffect(() => () => typing.stop(), [typing]);

  // A picked emoji goes in at the caret (over a selection), and the caret after it.
  const caretAfterEmoji = useRef<number | null>(null);
  const insertEmoji = (emoji: string) => {
    const start = textRef.current?.selectionStart ?? text.length;
    const end = textRef.current?.selectionEnd ?? text.length;
    setText(text.slice(0, start) + emoji + text.slice(end));
    caretAfterEmoji.current = start + emoji.length;
  };
  useLayoutEffect(() => {
    if (caretAfterEmoji.current === null) return;
    textRef.current?.setSelectionRange(caretAfterEmoji.current, caretAfterEmoji.current);
    setCaret(caretAfterEmoji.current);
    caretAfterEmoji.current = null;
  }, [text]);

  // Editing starts from the message's text; replying keeps what was typed.
  useEffect(() => {
    if (draft?.mode === 'edit') setText(draft.message.content ?? '');
    textRef.current?.focus();
  }, [draft]);

  // The text is kept as the chat's draft as it is typed (and removed once sent or emptied); an edit's is not.
  const isEditing = draft?.mode === 'edit';
  useEffect(() => {
    if (!isEditing) client.setDraft(chatId, { text });
  }, [client, chatId, text, isEditing]);

  // Auto-grow up to ~6 lines.
  useEffect(() => {
    const el = textRef.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, 160)}px`;
  }, [text]);

  const mention = members.length > 0 && !mentionsClosed ? mentionAt(text, caret) : null;
  const suggestions = mention ? suggestMembers(members, mention.query, meId) : [];
  const suggestion = suggestions[Math.min(picked, suggestions.length - 1)];

  function chooseMention(member: Mentionable) {
    if (!mention) return;
    const next = insertMention(text, mention.start, caret, member.name);
    setText(next.text);
    setCaret(next.caret);
    requestAnimationFrame(() => textRef.current?.setSelectionRange(next.caret, next.caret));
    textRef.current?.focus();
  }

  const sendLater = useRef<() => void>(() => {});
  useEffect(() => {
    if (!isWaitingForNetwork) return;
    const onOnline = () => {
      setIsWaitingForNetwork(false);
      sendLater.current();
    };
    window.addEventListener('online', onOnline);
    return () => window.removeEventListener('online', onOnline);
  }, [isWaitingForNetwork]);
  useEffect(() => {
    if (!file) setIsWaitingForNetwork(false);
  }, [file]);

  const voice = useVoiceComposer((recording) => {
    const replyToId = draft?.mode === 'reply' ? draft.message.id : undefined;
    client.sendVoice(chatId, recording, replyToId).catch((err: unknown) => setError(errorMessage(err)));
    onDraftDone();
  });

  const trimmed = text.trim();
  const isTooLong = text.length > MAX_MESSAGE_LENGTH;
  // A picked or dropped file the server would refuse stays in view with the reason, and is not sent.
  const fileRefusal = file ? refusalOf(file) : null;
  // Nothing typed or attached: the mic takes the send button's place (not while editing a message).
  const showsMic = trimmed.length === 0 && file === null && draft?.mode !== 'edit';
  const canSend = !isTooLong && progress === null && fileRefusal === null && (trimmed.length > 0 || file !== null);

  async function send() {
    if (!canSend) return;
    setError(null);
    typing.stop();
    if (draft?.mode === 'edit') {
      try {
        await client.messages.edit(draft.message, text);
        setText('');
        onDraftDone();
      } catch (err) {
        setError(errorMessage(err));
      }
      return;
    }
    const replyToId = draft?.mode === 'reply' ? draft.message.id : undefined;
    if (file) {
      if (!navigator.onLine) {
        setIsWaitingForNetwork(true);
        return;
      }
      setProgress(0);
      try {
        const upload = client.upload(chatId, file, setProgress, { original: sendsOriginal });
        abortUpload.current = upload.abort;
        const attachment = await upload.promise;
        const isImage = (IMAGE_MIME_TYPES as readonly string[]).includes(attachment.mimeType);
        client.send({
          chatId,
          attachmentId: attachment.attachmentId,
          messageType: isImage ? 'IMAGE' : 'FILE',
          content: trimmed || undefined,
          replyToId,
          context,
        });
        client.setComposerContext(chatId, null);
        onFileChange(null);
      } catch (err) {
        setProgress(null);
        // The connection went during the upload: try again when it is back.
        if (!navigator.onLine) setIsWaitingForNetwork(true);
        else setError(errorMessage(err));
        return;
      } finally {
        abortUpload.current = null;
      }
      setProgress(null);
    } else {
      client.send({ chatId, content: text, replyToId, context });
      client.setComposerContext(chatId, null);
    }
    setText('');
    onDraftDone();
  }

  useEffect(() => {
    sendLater.current = () => void send();
  });

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (suggestion) {
      // The suggestion list has the keys while it is open.
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const step = e.key === 'ArrowDown' ? 1 : suggestions.length - 1;
        setPicked((suggestions.indexOf(suggestion) + step) % suggestions.length);
        return;
      }
      if ((e.key === 'Enter' && !e.shiftKey) || e.key === 'Tab') {
        e.preventDefault();
        chooseMention(suggestion);
        return;
      }
      if (e.key === 'Escape') {
        e.preventDefault();
        setMentionsClosed(true);
        return;
      }
    }
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void send();
    } else if (e.key === 'Escape' && draft) {
      if (draft.mode === 'edit') setText('');
      onDraftDone();
    }
  }

  return (
    <div className="border-t border-slate-200 bg-slate-50 px-2 py-2 dark:border-slate-800 dark:bg-slate-900">
      {draft && (
        <div className="mb-2 flex items-start gap-2 rounded-lg border-l-4 border-emerald-600 bg-white px-3 py-1.5 text-sm dark:bg-slate-800">
          <div className="min-w-0 flex-1">
            <div className="text-xs font-semibold text-emerald-700 dark:text-emerald-400">
              {draft.mode === 'edit' ? 'Editing message' : `Replying to ${draft.message.sender.name}`}
            </div>
            <div className="truncate text-slate-600 dark:text-slate-300">{previewText(draft.message)}</div>
          </div>
          <button
            type="button"
            aria-label={draft.mode === 'edit' ? 'Cancel edit' : 'Cancel reply'}
            onClick={() => {
              if (draft.mode === 'edit') setText('');
              onDraftDone();
            }}
            className="rounded p-0.5 hover:bg-slate-100 dark:hover:bg-slate-700"
          >
            <CloseIcon width={16} height={16} />
          </button>
        </div>
      )}
      {context && draft?.mode !== 'edit' && (
        <div role="group" aria-label="Attached to your next message">
          <ContextCard
            context={context}
            action={
              <button
                type="button"
                aria-label="Remove attached context"
                title="Remove"
                onClick={() => client.setComposerContext(chatId, null)}
                className="rounded p-0.5 hover:bg-sky-100 dark:hover:bg-sky-900"
              >
                <CloseIcon width={14} height={14} />
              </button>
            }
          />
        </div>
      )}
      {file && (
        <AttachmentPreview
          file={file}
          progress={progress}
          sendsOriginal={sendsOriginal}
          onSendsOriginalChange={setSendsOriginal}
          onRemove={() => onFileChange(null)}
          onCancel={() => abortUpload.current?.()}
        />
      )}
      {isWaitingForNetwork && (
        <p role="status" className="mb-1 px-2 text-sm text-amber-700 dark:text-amber-400">
          Offline – the file will be sent when you are back online
        </p>
      )}
      {(fileRefusal ?? error) && (
        <p role="alert" className="mb-1 px-2 text-sm text-red-600">
          {fileRefusal ?? error}
        </p>
      )}
      {voice.hint && (
        <p role="status" className="mb-1 px-2 text-sm text-slate-600 dark:text-slate-300">
          {voice.hint}
        </p>
      )}
      <div className="flex items-end gap-2">
        {voice.mode === 'idle' ? (
          <>
            <button
              type="button"
              aria-label="Attach file"
              title="Attach file"
              disabled={draft?.mode === 'edit'}
              onClick={() => fileInput.current?.click()}
              className="rounded-full p-2 text-slate-600 hover:bg-slate-200 disabled:opacity-40 dark:text-slate-300 dark:hover:bg-slate-800"
            >
              <PaperclipIcon />
            </button>
            <EmojiButton
              onPick={insertEmoji}
              returnFocus={() => textRef.current}
              className="rounded-full p-2 text-slate-600 hover:bg-slate-200 dark:text-slate-300 dark:hover:bg-slate-800"
            />
            <input
              ref={fileInput}
              type="file"
              hidden
              accept={[...IMAGE_MIME_TYPES, ...UPLOAD_EXTENSIONS].join(',')}
              onChange={(e) => {
                onFileChange(e.target.files?.[0] ?? null);
                e.target.value = '';
              }}
            />
            <div className="relative flex-1">
              {suggestion && (
                <ul
                  role="listbox"
                  aria-label="Mention a member"
                  className="absolute bottom-full left-0 z-20 mb-2 w-64 overflow-hidden rounded-lg border border-slate-200 bg-white py-1 text-sm shadow-lg dark:border-slate-700 dark:bg-slate-800"
                >
                  {suggestions.map((member) => (
                    <li
                      key={member.id}
                      role="option"
                      aria-selected={member === suggestion}
                      // mousedown, not click: the textarea keeps its focus and caret
                      onMouseDown={(e) => {
                        e.preventDefault();
                        chooseMention(member);
                      }}
                      className={`cursor-pointer px-3 py-1.5 ${member === suggestion ? 'bg-emerald-50 text-emerald-900 dark:bg-emerald-900/40 dark:text-emerald-100' : ''}`}
                    >
                      @{member.name}
                    </li>
                  ))}
                </ul>
              )}
              <textarea
                ref={textRef}
                rows={1}
                aria-label="Type a message"
                placeholder={file ? 'Add a caption' : 'Type a message'}
                value={text}
                onChange={(e) => {
                  setText(e.target.value);
                  setCaret(e.target.selectionStart);
                  setPicked(0);
                  setMentionsClosed(false);
                  if (e.target.value) typing.keystroke();
                }}
                onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
                onKeyDown={onKeyDown}
                className="block w-full resize-none rounded-2xl bg-white px-4 py-2 outline-none focus:ring-2 focus:ring-emerald-600/40 dark:bg-slate-800"
              />
              {text.length >= COUNTER_FROM && (
                <span
                  aria-live="polite"
                  className={`absolute right-3 -top-5 text-xs ${isTooLong ? 'font-semibold text-red-600' : 'text-slate-500'}`}
                >
                  {text.length.toLocaleString()} / {MAX_MESSAGE_LENGTH.toLocaleString()}
                </span>
              )}
            </div>
          </>
        ) : (
          <VoiceRecordingBar voice={voice} />
        )}
        {(voice.mode === 'locked' || voice.mode === 'preview') && !voice.isHeld ? (
          <SendVoiceButton voice={voice} />
        ) : voice.mode !== 'idle' || (showsMic && canRecordVoice()) ? (
          <MicButton voice={voice} disabled={false} />
        ) : (
          <button
            type="button"
            aria-label="Send"
            title="Send"
            disabled={!canSend}
            onClick={() => void send()}
            className="rounded-full bg-emerald-700 p-2.5 text-white hover:bg-emerald-800 disabled:opacity-40"
          >
            <SendIcon />
          </button>
        )}
      </div>
    </div>
  );
}
