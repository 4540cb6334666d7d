/** Links into the Samvad web app (its deep links, docs/integration.md) built in one place. */
import type { ChatContext } from './types.js';

/** The Samvad base URL as given, without trailing slashes (it may live under a path behind a proxy). */
export function normalizeBaseUrl(url: string): string {
  return url.replace(/\/+$/, '');
}

/** `/chat`, `/chat?chat=<id>` or `/chat?chat=<id>&message=<id>`. */
export function chatUrl(baseUrl: string, target: { chatId?: string; messageId?: string } = {}): string {
  const params = new URLSearchParams();
  if (target.chatId) params.set('chat', target.chatId);
  if (target.chatId && target.messageId) params.set('message', target.messageId);
  const query = params.toString();
  return `${normalizeBaseUrl(baseUrl)}/chat${query ? `?${query}` : ''}`;
}

/** `/chat?with=<userId>&context=<json>`: the one-on-one chat with that user, the context waiting in the composer. */
export function quickChatUrl(baseUrl: string, recipientId: string, context?: ChatContext): string {
  const params = new URLSearchParams({ with: recipientId });
  if (context) params.set('context', JSON.stringify(context));
  return `${normalizeBaseUrl(baseUrl)}/chat?${params.toString()}`;
}

/**
 * Adds the host's token as `#token=<jwt>`: the Samvad web app signs in with it (no second login)
 * and removes it from the address bar. A fragment never reaches a server or its logs.
 */
export function withTokenFragment(link: string, token: string): string {
  return `${link.split('#')[0]}#token=${encodeURIComponent(token)}`;
}
