/**
 * /embed.js: the same widgets as custom elements for host pages that are not React.
 *
 *   <script src="https://chat.example/embed.js"></script>
 *   <script>Samvad.setTokenProvider(async () => (await fetch('/samvad-token')).text());</script>
 *   <samvad-unread-badge></samvad-unread-badge>
 *   <samvad-recent-messages limit="5" heading="Recent messages"></samvad-recent-messages>
 *   <samvad-quick-chat recipient-id="adm-1" context='{"type":"visit","visitId":"v-7","schoolName":"…"}'></samvad-quick-chat>
 *
 * The Samvad URL is the script's own (or `data-samvad-url` on the script tag). Every element on the
 * page shares one connection; each renders into its own shadow root.
 */
import type { ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { createSamvadClient, type SamvadClient } from '../core/client.js';
import { normalizeBaseUrl } from '../core/links.js';
import type { ChatContext, TokenProvider } from '../core/types.js';
import { adoptStyles, ShadowContent } from '../react/isolated.js';
import { SamvadContext } from '../react/provider.js';
import { SamvadChatIcon } from '../react/chat-icon.js';
import { SamvadRecentMessages } from '../react/recent-messages.js';
import { QuickChatButton } from '../react/quick-chat-button.js';
import type { LinkTarget } from '../react/open-samvad.js';

/** How long the elements wait for Samvad.setTokenProvider() before saying it is missing. */
const TOKEN_PROVIDER_WAIT_MS = 10_000;

const script = document.currentScript as HTMLScriptElement | null;
const baseUrl = normalizeBaseUrl(script?.dataset.samvadUrl ?? (script?.src ? new URL('.', script.src).href : location.origin));

let tokenProvider: TokenProvider | null = null;
let resolveProvider: (provider: TokenProvider) => void = () => {};
const providerReady = new Promise<TokenProvider>((resolve) => (resolveProvider = resolve));
let client: SamvadClient | null = null;

async function getToken(): Promise<string> {
  if (tokenProvider) return tokenProvider();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const missing = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('call Samvad.setTokenProvider(async () => jwt) on this page')), TOKEN_PROVIDER_WAIT_MS);
  });
  try {
    return await (
      await Promise.race([providerReady, missing])
    )();
  } finally {
    clearTimeout(timer);
  }
}

/** One connection for every element on the page, opened when the first one appears. */
function sharedClient(): SamvadClient {
  client ??= createSamvadClient({ url: baseUrl, getToken });
  return client;
}

const targetOf = (element: HTMLElement): LinkTarget => (element.getAttribute('target') === '_self' ? '_self' : '_blank');

abstract class SamvadElement extends HTMLElement {
  private root: Root | null = null;
  private hasAdoptedStyles = false;

  connectedCallback() {
    const shadowRoot = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
    this.hasAdoptedStyles = adoptStyles(shadowRoot);
    this.root ??= createRoot(shadowRoot);
    this.update();
  }

  disconnectedCallback() {
    this.root?.unmount();
    this.root = null;
  }

  attributeChangedCallback() {
    this.update();
  }

  protected abstract content(): ReactNode;

  private update() {
    this.root?.render(
      <SamvadContext.Provider value={{ url: baseUrl, client: sharedClient() }}>
        <ShadowContent hasAdoptedStyles={this.hasAdoptedStyles}>{this.content()}</ShadowContent>
      </SamvadContext.Provider>,
    );
  }
}

class UnreadBadgeElement extends SamvadElement {
  static observedAttributes = ['target'];
  protected content() {
    return <SamvadChatIcon target={targetOf(this)} />;
  }
}

class RecentMessagesElement extends SamvadElement {
  static observedAttributes = ['limit', 'heading', 'target'];
  protected content() {
    const limit = Number(this.getAttribute('limit') ?? 5);
    return (
      <SamvadRecentMessages
        limit={Number.isInteger(limit) && limit > 0 ? limit : 5}
        title={this.getAttribute('heading') ?? undefined}
        target={targetOf(this)}
      />
    );
  }
}

class QuickChatElement extends SamvadElement {
  static observedAttributes = ['recipient-id', 'context', 'label', 'target'];
  protected content() {
    const recipientId = this.getAttribute('recipient-id');
    const context = parseContext(this.getAttribute('context'));
    const problem = !recipientId
      ? 'samvad-quick-chat needs a recipient-id attribute'
      : context === 'invalid'
        ? 'samvad-quick-chat: context is not a JSON object with a "type"'
        : null;
    if (problem) {
      return (
        <p role="alert" className="problem">
          {problem}
        </p>
      );
    }
    return (
      <QuickChatButton recipientId={recipientId!} context={context === 'invalid' ? undefined : context} target={targetOf(this)}>
        {this.getAttribute('label') ?? 'Chat with admin'}
      </QuickChatButton>
    );
  }
}

function parseContext(raw: string | null): ChatContext | undefined | 'invalid' {
  if (raw === null || raw.trim() === '') return undefined;
  try {
    const value: unknown = JSON.parse(raw);
    const isContext =
      typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { type?: unknown }).type === 'string';
    return isContext ? (value as ChatContext) : 'invalid';
  } catch {
    return 'invalid';
  }
}

declare global {
  interface Window {
    Samvad?: SamvadGlobal;
  }
}

export interface SamvadGlobal {
  /** The Samvad server these elements talk to. */
  readonly url: string;
  /** The host's JWT for the signed-in user; called on every (re)connect and request. */
  setTokenProvider(provider: TokenProvider): void;
}

window.Samvad = {
  url: baseUrl,
  setTokenProvider(provider) {
    const isFirst = tokenProvider === null;
    tokenProvider = provider;
    resolveProvider(provider);
    // A provider set late (after the elements gave up waiting) takes effect at once.
    if (!isFirst || client?.getSnapshot().problem?.kind === 'token') client?.retry();
  },
};

for (const [name, element] of [
  ['samvad-unread-badge', UnreadBadgeElement],
  ['samvad-recent-messages', RecentMessagesElement],
  ['samvad-quick-chat', QuickChatElement],
] as const) {
  if (!customElements.get(name)) customElements.define(name, element);
}
