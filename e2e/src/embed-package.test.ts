/**
 * @samvad/embed as a host team gets it: `npm pack`, installed into a fresh React + TypeScript app
 * (no workspace around it), a .tsx using every export type-checks under both module resolutions
 * a host may use, and the package imports in Node (server rendering) without touching the DOM.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, ensureEmbedBuilt } from './harness.js';

const PACKAGE_DIR = path.join(ROOT, 'packages/embed');
let workDir: string;

const versionOf = (name: string) =>
  (JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;

const run = (command: string, args: string[], cwd: string) =>
  execFileSync(command, args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, npm_config_update_notifier: 'false' },
  });

beforeAll(() => {
  ensureEmbedBuilt();
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'samvad-embed-pack-'));
});

afterAll(() => {
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

const HOST_APP_TSX = `
import { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import {
  QuickChatButton,
  SamvadChatIcon,
  SamvadProvider,
  SamvadRecentMessages,
  SamvadRequestError,
  chatUrl,
  createSamvadClient,
  formatBadge,
  quickChatUrl,
  useRecentMessages,
  useSamvad,
  useUnreadCount,
  withTokenFragment,
  type ChatContext,
  type LinkTarget,
  type QuickChatButtonProps,
  type RecentMessagesState,
  type SamvadChatIconProps,
  type SamvadClient,
  type SamvadClientOptions,
  type SamvadMessage,
  type SamvadProblem,
  type SamvadProblemKind,
  type SamvadProviderProps,
  type SamvadRecentMessagesProps,
  type SamvadSnapshot,
  type SamvadStatus,
  type SamvadUser,
  type TokenProvider,
  type VisitContext,
} from '@samvad/embed';

const getToken: TokenProvider = async () => 'host-jwt';
const visit: VisitContext = { type: 'visit', visitId: 'V-1', schoolName: 'ZP School' };
const context: ChatContext = visit;
const target: LinkTarget = '_self';

function Badge() {
  const unread: number = useUnreadCount();
  const { status, problem, user, url }: SamvadSnapshot & { url: string } = useSamvad();
  const { messages, error }: RecentMessagesState = useRecentMessages(3);
  const first: SamvadMessage | undefined = messages?.[0];
  const kind: SamvadProblemKind | undefined = problem?.kind;
  const who: SamvadUser | null = user;
  const state: SamvadStatus = status;
  return <span title={[url, state, kind, who?.name, first?.content, error].join(' ')}>{formatBadge(unread)}</span>;
}

const iconProps: SamvadChatIconProps = { target };
const recentProps: SamvadRecentMessagesProps = { limit: 5, title: 'Recent', target };
const quickProps: QuickChatButtonProps = { recipientId: 'adm-7', context, children: 'Ask' };
const providerProps: Omit<SamvadProviderProps, 'children'> = { url: 'https://chat.example', getToken };

function App() {
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);
  return (
    <SamvadProvider {...providerProps}>
      <SamvadChatIcon {...iconProps} />
      <SamvadChatIcon />
      <SamvadRecentMessages {...recentProps} />
      <SamvadRecentMessages limit={5} />
      <QuickChatButton {...quickProps} />
      <QuickChatButton recipientId="adm-7" context={{ type: 'visit', visitId: 'V-2', schoolName: 'GHS' }} />
      {ready && <Badge />}
    </SamvadProvider>
  );
}

const options: SamvadClientOptions = { url: 'https://chat.example', getToken };
export function connectWithoutReact(): SamvadClient {
  const client = createSamvadClient(options);
  client.subscribe(() => console.log(client.getSnapshot().unreadCount));
  void client.get<{ unreadCount: number }>('/api/unread').catch((e: unknown) => {
    if (e instanceof SamvadRequestError) console.log(e.status, e.problem satisfies SamvadProblem | undefined);
  });
  return client;
}

export const links: string[] = [chatUrl('https://chat.example', { chatId: 'c' }), withTokenFragment(quickChatUrl('https://chat.example', 'adm-7', visit), 't')];
createRoot(document.getElementById('root')!).render(<App />);
`;

const compilerOptions = {
  strict: true,
  noEmit: true,
  jsx: 'react-jsx',
  target: 'ES2022',
  lib: ['ES2022', 'DOM', 'DOM.Iterable'],
  // The host's own code is what is checked: a broken declaration file in the package must fail too.
  skipLibCheck: false,
  types: [],
};

describe('@samvad/embed as a tarball', () => {
  it('packs only what a host needs, installs into a fresh React app, type-checks and imports', { timeout: 240_000 }, () => {
    const [packed] = JSON.parse(run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', workDir], PACKAGE_DIR)) as {
      filename: string;
      files: { path: string }[];
    }[];
    const files = packed!.files.map((f) => f.path);
    expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'dist/index.js', 'dist/index.d.ts', 'dist/embed.js']));
    expect(files.filter((f) => f.startsWith('src/') || f.includes('.test.') || f.includes('.check.'))).toEqual([]);

    const app = path.join(workDir, 'host-app');
    fs.mkdirSync(path.join(app, 'src'), { recursive: true });
    fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'host-app', private: true, type: 'module' }));
    // The versions this repository already has, so the npm cache answers.
    const dependencies = ['react', 'react-dom', '@types/react', '@types/react-dom', 'typescript'].map(
      (name) => `${name}@${versionOf(name)}`,
    );
    run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', path.join(workDir, packed!.filename), ...dependencies], app);

    fs.writeFileSync(path.join(app, 'src/app.tsx'), HOST_APP_TSX);
    // A bundler set-up (Next.js, Vite) and a Node ESM set-up.
    for (const [name, resolution] of [
      ['tsconfig.bundler.json', { module: 'ESNext', moduleResolution: 'Bundler' }],
      ['tsconfig.node.json', { module: 'NodeNext', moduleResolution: 'NodeNext' }],
    ] as const) {
      fs.writeFileSync(path.join(app, name), JSON.stringify({ compilerOptions: { ...compilerOptions, ...resolution }, include: ['src'] }));
      run(process.execPath, [path.join(app, 'node_modules/typescript/bin/tsc'), '-p', name], app);
    }

    // Server rendering imports the module in Node: nothing may touch window or document on import.
    const exported = run(
      process.execPath,
      ['--input-type=module', '-e', "console.log(Object.keys(await import('@samvad/embed')).sort().join(','))"],
      app,
    );
    expect(exported.trim().split(',')).toEqual([
      'QuickChatButton',
      'SamvadChatIcon',
      'SamvadProvider',
      'SamvadRecentMessages',
      'SamvadRequestError',
      'chatUrl',
      'createSamvadClient',
      'formatBadge',
      'quickChatUrl',
      'useRecentMessages',
      'useSamvad',
      'useUnreadCount',
      'withTokenFragment',
    ]);
  });
});
