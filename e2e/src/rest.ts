/** A small REST client for the browser tests: prepares data and checks what reached the server. */
import { apiToken } from './harness.js';

interface ChatSummary {
  id: string;
  name: string | null;
  isGroup: boolean;
  isArchived: boolean;
  participants: { id: string; name: string }[];
}
interface MessageSummary {
  id: string;
  content: string | null;
  isDeleted: boolean;
  fileName: string | null;
}

export interface Rest {
  get<T>(path: string): Promise<T>;
  send(method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<unknown>;
  /** The caller's chats, archived ones included. */
  chats(): Promise<ChatSummary[]>;
  chatNamed(name: string): Promise<ChatSummary>;
  /** The newest messages of a chat as the caller sees them. */
  messages(chatId: string): Promise<MessageSummary[]>;
  sendText(chatId: string, content: string): Promise<MessageSummary>;
  sendImage(chatId: string, fileName: string, png: Buffer, caption?: string): Promise<MessageSummary>;
  /** A voice message from a recording (`.webm`, `.ogg`, `.m4a`). */
  sendVoice(chatId: string, fileName: string, recording: Buffer): Promise<MessageSummary>;
  /** Sets a picture: `/api/users/me/avatar` (mine) or `/api/chats/<id>/avatar` (a group I am admin of). */
  putPicture(path: string, png: Buffer): Promise<void>;
}

export async function restAs(url: string, email: string): Promise<Rest> {
  const token = await apiToken(url, email);
  const headers = { Authorization: `Bearer ${token}` };
  async function unwrap<T>(res: Response): Promise<T> {
    const json = (await res.json()) as { success: boolean; data: T; error?: { message: string } };
    if (!json.success) throw new Error(`${res.url}: ${json.error?.message}`);
    return json.data;
  }
  /** Uploads the bytes into the chat, then sends them as a message of that type. */
  async function sendFile(chatId: string, fileName: string, bytes: Buffer, messageType: 'IMAGE' | 'AUDIO', caption?: string) {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)]), fileName);
    const { attachment } = await unwrap<{ attachment: { attachmentId: string } }>(
      await fetch(`${url}/api/chats/${chatId}/upload`, { method: 'POST', headers, body: form }),
    );
    const body = { messageType, attachmentId: attachment.attachmentId, content: caption };
    return ((await rest.send('POST', `/api/chats/${chatId}/messages`, body)) as { message: MessageSummary }).message;
  }
  const rest: Rest = {
    get: async (path) => unwrap(await fetch(`${url}${path}`, { headers })),
    send: async (method, path, body) =>
      unwrap(
        await fetch(`${url}${path}`, {
          method,
          headers: body === undefined ? headers : { ...headers, 'Content-Type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        }),
      ),
    async chats() {
      const [active, archived] = await Promise.all([
        rest.get<{ chats: ChatSummary[] }>('/api/chats?filter=all'),
        rest.get<{ chats: ChatSummary[] }>('/api/chats?filter=archived'),
      ]);
      return [...active.chats, ...archived.chats];
    },
    async chatNamed(name) {
      const chat = (await rest.chats()).find((c) => c.name === name);
      if (!chat) throw new Error(`no chat named ${name}`);
      return chat;
    },
    async messages(chatId) {
      return (await rest.get<{ messages: MessageSummary[] }>(`/api/chats/${chatId}/messages?limit=100`)).messages;
    },
    async sendText(chatId, content) {
      return ((await rest.send('POST', `/api/chats/${chatId}/messages`, { content })) as { message: MessageSummary }).message;
    },
    sendImage: (chatId, fileName, png, caption) => sendFile(chatId, fileName, png, 'IMAGE', caption),
    sendVoice: (chatId, fileName, recording) => sendFile(chatId, fileName, recording, 'AUDIO'),
    async putPicture(path, png) {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'picture.png');
      await unwrap(await fetch(`${url}${path}`, { method: 'PUT', headers, body: form }));
    },
  };
  return rest;
}
