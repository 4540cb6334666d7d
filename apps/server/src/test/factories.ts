/** Small shared test factories over the harness: chats and messages made through the real API. */
import { expect } from 'vitest';
import type { Chat, Message } from '@samvad/protocol';
import type { TestServer, TestUser } from './harness.js';

export async function createGroupChat(server: TestServer, admin: TestUser, name: string, members: TestUser[]): Promise<Chat> {
  const res = await server.api<{ chat: Chat }>(admin.token, 'POST', '/api/chats', {
    type: 'GROUP',
    name,
    participantIds: members.map((m) => m.user.id),
  });
  expect(res.status).toBe(201);
  return res.body.data.chat;
}

export async function createDirectChat(server: TestServer, a: TestUser, b: TestUser): Promise<Chat> {
  const res = await server.api<{ chat: Chat }>(a.token, 'POST', '/api/chats', { type: 'ONE_ON_ONE', participantId: b.user.id });
  expect(res.status).toBeLessThan(300);
  return res.body.data.chat;
}

export async function send(server: TestServer, from: TestUser, chatId: string, content: string, extra: object = {}): Promise<Message> {
  const res = await server.api<{ message: Message }>(from.token, 'POST', `/api/chats/${chatId}/messages`, { content, ...extra });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.data.message;
}

export async function history(server: TestServer, viewer: TestUser, chatId: string): Promise<Message[]> {
  const res = await server.api<{ messages: Message[] }>(viewer.token, 'GET', `/api/chats/${chatId}/messages?limit=100`);
  expect(res.status).toBe(200);
  return res.body.data.messages;
}

export async function chatAs(server: TestServer, viewer: TestUser, chatId: string): Promise<Chat> {
  const res = await server.api<{ chat: Chat }>(viewer.token, 'GET', `/api/chats/${chatId}`);
  expect(res.status).toBe(200);
  return res.body.data.chat;
}

/** A sync token taken now: later changes come back from GET /api/sync?since=<token>. */
export async function syncToken(server: TestServer, viewer: TestUser): Promise<string> {
  const res = await server.api<{ next: string }>(viewer.token, 'GET', '/api/sync');
  return res.body.data.next;
}
