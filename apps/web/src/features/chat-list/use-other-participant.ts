/** The other person of a one-on-one chat, with live presence over the snapshot in the chat. */
import type { Chat, Participant } from '@samvad/protocol';
import { useChatState } from '../chat-state/chat-context';

export function useOtherParticipant(chat: Chat): Participant | null {
  const meId = useChatState((s) => s.me.id);
  const other = chat.isGroup ? undefined : chat.participants.find((p) => p.id !== meId);
  const presence = useChatState((s) => (other ? s.presence[other.id] : undefined));
  if (!other) return null;
  return presence ? { ...other, isOnline: presence.isOnline, lastSeen: presence.lastSeen ?? other.lastSeen } : other;
}
