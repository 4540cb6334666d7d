/** Desktop notifications and the message sound (spec §1.5). */
import type { Chat, Message, Settings, User } from '@samvad/protocol';
import { previewText } from '@/lib/messages';
import { CHAT_LIST_AVATAR_SIZE } from '../ui/avatar';
import { loadedPicture } from '../ui/use-picture';

interface NotifyOptions {
  me: User;
  isActive: boolean;
  settings: Settings;
  open(chatId: string): void;
}

/** Only when the user would otherwise miss it: tab hidden or another chat open; muted chats only when I am mentioned. */
export function notifyIncoming(message: Message, chat: Chat, { me, isActive, settings, open }: NotifyOptions): void {
  if (message.messageType === 'SYSTEM') return;
  const isVisible = document.visibilityState === 'visible' && isActive;
  if (isVisible) return;
  if (chat.isMuted && !message.mentions.includes(me.id)) return;
  if (settings.soundEnabled) playChime();
  if (!settings.desktopNotifications || !('Notification' in window) || Notification.permission !== 'granted') return;
  const title = chat.isGroup ? `${message.sender.name} @ ${chat.name ?? 'Group'}` : message.sender.name;
  // The sender's picture, else the chat's, as the chat list has them loaded (at its avatar size).
  const icon = loadedPicture(message.sender.avatarUrl, CHAT_LIST_AVATAR_SIZE) ?? loadedPicture(chat.avatarUrl, CHAT_LIST_AVATAR_SIZE);
  const notification = new Notification(title, { body: previewText(message).slice(0, 120), tag: `chat-${chat.id}`, icon });
  notification.onclick = () => {
    window.focus();
    open(chat.id);
    notification.close();
  };
}

/** Must run from a user gesture (browsers ignore requests made without one). */
export async function requestNotificationPermission(): Promise<NotificationPermission | 'unsupported'> {
  if (!('Notification' in window)) return 'unsupported';
  if (Notification.permission !== 'default') return Notification.permission;
  return Notification.requestPermission();
}

let audio: AudioContext | null = null;

/** A short two-tone chime synthesised with Web Audio, so no sound file is needed. */
function playChime(): void {
  try {
    audio ??= new AudioContext();
    const now = audio.currentTime;
    for (const [i, freq] of [880, 1320].entries()) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.08, now + i * 0.12);
      gain.gain.exponentialRampToValueAtTime(0.0001, now + i * 0.12 + 0.25);
      osc.connect(gain).connect(audio.destination);
      osc.start(now + i * 0.12);
      osc.stop(now + i * 0.12 + 0.3);
    }
  } catch {
    // Audio may be blocked before the first user gesture; the notification still shows.
  }
}
