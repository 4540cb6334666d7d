/** Status of my own messages, derived from the chat's receipt watermarks (CONTRACT §4). */
import type { MessageStatus } from '@samvad/protocol';

export type DisplayStatus = MessageStatus | 'PENDING' | 'FAILED';

const RANK: Record<MessageStatus, number> = { SENT: 0, DELIVERED: 1, READ: 2 };

export interface Watermarks {
  deliveredUpToSeq: number;
  readUpToSeq: number;
}

/** The furthest of what the message says and what the watermarks imply; statuses never go back. */
export function statusFor(seq: number, ownStatus: MessageStatus | null, marks: Watermarks): MessageStatus {
  const implied: MessageStatus = seq <= marks.readUpToSeq ? 'READ' : seq <= marks.deliveredUpToSeq ? 'DELIVERED' : 'SENT';
  const own = ownStatus ?? 'SENT';
  return RANK[implied] >= RANK[own] ? implied : own;
}

/** Applies a `messageStatusUpdated` event: READ implies DELIVERED; watermarks only move forward. */
export function advanceWatermarks(marks: Watermarks, status: Exclude<MessageStatus, 'SENT'>, upToSeq: number): Watermarks {
  const readUpToSeq = status === 'READ' ? Math.max(marks.readUpToSeq, upToSeq) : marks.readUpToSeq;
  return { readUpToSeq, deliveredUpToSeq: Math.max(marks.deliveredUpToSeq, upToSeq, readUpToSeq) };
}

export const STATUS_LABEL: Record<DisplayStatus, string> = {
  PENDING: 'Sending',
  FAILED: 'Not sent',
  SENT: 'Sent',
  DELIVERED: 'Delivered',
  READ: 'Read',
};
