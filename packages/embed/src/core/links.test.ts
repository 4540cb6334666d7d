import { describe, expect, it } from 'vitest';
import { chatUrl, normalizeBaseUrl, quickChatUrl, withTokenFragment } from './links.js';

describe('links into the Samvad web app', () => {
  it('opens the chat list, a chat, or a chat at a message', () => {
    expect(normalizeBaseUrl('https://chat.example//')).toBe('https://chat.example');
    expect(chatUrl('https://chat.example/')).toBe('https://chat.example/chat');
    expect(chatUrl('https://chat.example', { chatId: 'c-1' })).toBe('https://chat.example/chat?chat=c-1');
    expect(chatUrl('https://chat.example', { chatId: 'c-1', messageId: 'm-2' })).toBe('https://chat.example/chat?chat=c-1&message=m-2');
    expect(chatUrl('https://proxy.example/samvad', { chatId: 'c-1' })).toBe('https://proxy.example/samvad/chat?chat=c-1');
  });

  it('opens the one-on-one chat with a host user, the context encoded so it reads back exactly', () => {
    const context = { type: 'visit', visitId: 'V-1&2', schoolName: 'St. Mary’s #3, Pune' };
    const url = new URL(quickChatUrl('https://chat.example', 'emp-42', context));
    expect(url.pathname).toBe('/chat');
    expect(url.searchParams.get('with')).toBe('emp-42');
    expect(JSON.parse(url.searchParams.get('context')!)).toEqual(context);
    expect(quickChatUrl('https://chat.example', 'adm:7')).toBe('https://chat.example/chat?with=adm%3A7');
  });

  it('carries the token in the fragment only', () => {
    const url = new URL(withTokenFragment('https://chat.example/chat?chat=c-1#old', 'a.b-c_d'));
    expect(url.search).toBe('?chat=c-1');
    expect(url.hash).toBe('#token=a.b-c_d');
  });
});
