/**
 * Opens (creating if needed) the one-on-one chat with a user and puts a context in its composer:
 * the host app's quick chat (`/chat?with=<userId>&context=<json>`) and the visit page's button.
 * Nothing is sent; the context goes with the user's own first message.
 */
import type { Chat } from '@samvad/protocol';
import type { ChatClient } from '../chat-state/client';

export async function openChatWithContext(client: ChatClient, userId: string, context: Record<string, unknown> | null): Promise<Chat> {
  const chat = await client.chats.openDirect(userId);
  if (context) client.setComposerContext(chat.id, context);
  return chat;
}
