/** Pure helpers over a chat's loaded messages, kept in `seq` order with one entry per id. */
import type { Message } from '@samvad/protocol';

/** Upserts by id (the newer copy wins) and orders by seq. */
export function mergeMessages(existing: Message[], incoming: Message[]): Message[] {
  if (incoming.length === 0) return existing;
  const byId = new Map(existing.map((m) => [m.id, m]));
  for (const m of incoming) byId.set(m.id, m);
  return [...byId.values()].sort((a, b) => a.seq - b.seq);
}

export function patchMessage(list: Message[], id: string, patch: (m: Message) => Message): Message[] {
  const index = list.findIndex((m) => m.id === id);
  if (index < 0) return list;
  const next = list.slice();
  next[index] = patch(list[index]!);
  return next;
}

/** The one-line preview (chat list, notifications, reply quotes): one home, shared with the server's Web Push. */
export { previewText } from '@samvad/protocol';
