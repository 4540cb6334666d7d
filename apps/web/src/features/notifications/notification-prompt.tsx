'use client';
/** Asks for notification permission from a click (browsers ignore requests without a user gesture). */
import { useState } from 'react';
import { useChatState } from '../chat-state/chat-context';
import { requestNotificationPermission } from './notify';

export function NotificationPrompt() {
  const wantsNotifications = useChatState((s) => s.settings.desktopNotifications);
  const [permission, setPermission] = useState(() => (typeof Notification === 'undefined' ? 'unsupported' : Notification.permission));
  const [isDismissed, setIsDismissed] = useState(false);
  if (!wantsNotifications || permission !== 'default' || isDismissed) return null;
  return (
    <div className="flex items-center gap-2 bg-sky-50 px-3 py-2 text-sm text-sky-900 dark:bg-sky-950 dark:text-sky-100">
      <span className="flex-1">Get notified of new messages.</span>
      <button type="button" className="font-medium underline" onClick={() => requestNotificationPermission().then(setPermission)}>
        Turn on
      </button>
      <button type="button" className="text-sky-700 dark:text-sky-300" onClick={() => setIsDismissed(true)}>
        Not now
      </button>
    </div>
  );
}
