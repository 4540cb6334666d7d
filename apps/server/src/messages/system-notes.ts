/**
 * Group events told as SYSTEM messages ("Asha added Ravi"): written inside the transaction of the
 * change they describe, pushed to the chat once it has committed — one sequence for every change.
 */
import type { AppContext } from '../context.js';
import type { Tx } from '../db/client.js';
import { emitNewMessage } from '../realtime/emit.js';
import { selectMessagesByIds } from './queries.js';
import { insertMessage } from './store.js';

export interface SystemNotes {
  /** Writes a notice by `actorId` in `tx`; it takes the chat's next seq like any message. */
  write(tx: Tx, chatId: string, actorId: string, text: string): Promise<{ id: string; seq: number }>;
  /** After commit: pushes the notices written, in seq order. `alsoTo`: users this change took out of the room. */
  announce(alsoTo?: readonly string[]): Promise<void>;
}

export function systemNotes(ctx: AppContext, createdAt: Date = ctx.clock.now()): SystemNotes {
  const written: string[] = [];
  return {
    async write(tx, chatId, actorId, text) {
      const note = await insertMessage(tx, { chatId, senderId: actorId, messageType: 'SYSTEM', content: text, createdAt });
      written.push(note.id);
      return note;
    },
    async announce(alsoTo = []) {
      // visibility: notices just written, pushed to the chat's room (its current members).
      const records = await selectMessagesByIds(ctx.db, written);
      for (const record of records.sort((a, b) => a.seq - b.seq)) emitNewMessage(ctx, record, alsoTo);
    },
  };
}
