'use client';
/** My picture, and notification settings (spec §1.5) saved on the server via PUT /api/me/settings. */
import { useState } from 'react';
import { errorMessage } from '@/lib/api';
import { useChatClient, useChatState } from '../chat-state/chat-context';
import { requestNotificationPermission } from '../notifications/notify';
import { PictureField } from '../pictures/picture-field';
import { DevicePushSetting } from './device-push-setting';

export function SettingsForm() {
  const client = useChatClient();
  const settings = useChatState((s) => s.settings);
  const me = useChatState((s) => s.me);
  const [permission, setPermission] = useState(() => (typeof Notification === 'undefined' ? 'unsupported' : Notification.permission));
  const [error, setError] = useState<string | null>(null);

  async function update(patch: Parameters<typeof client.updateSettings>[0]) {
    setError(null);
    try {
      if (patch.desktopNotifications) setPermission(await requestNotificationPermission()); // a user gesture: the click
      await client.updateSettings(patch);
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  return (
    <section className="space-y-4 rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800">
      <h1 className="text-xl font-semibold">Settings</h1>
      <div className="flex flex-col items-center gap-1 border-b border-slate-200 pb-4 dark:border-slate-800">
        <PictureField
          name={me.name}
          avatarUrl={me.avatarUrl}
          size={96}
          label="Your picture"
          canEdit
          onSave={(picture) => client.setMyPicture(picture)}
          onRemove={() => client.setMyPicture(null)}
        />
        <p className="font-medium">{me.name}</p>
      </div>
      <label className="flex items-center justify-between gap-4">
        <span>
          <span className="block font-medium">Desktop notifications</span>
          <span className="block text-sm text-slate-500 dark:text-slate-400">
            {permission === 'denied'
              ? 'Blocked in the browser settings'
              : permission === 'unsupported'
                ? 'Not supported by this browser'
                : 'Sender and a preview when the chat is not open'}
          </span>
        </span>
        <input
          type="checkbox"
          className="h-5 w-5 accent-emerald-600"
          checked={settings.desktopNotifications}
          onChange={(e) => update({ desktopNotifications: e.target.checked })}
        />
      </label>
      <label className="flex items-center justify-between gap-4">
        <span>
          <span className="block font-medium">Message sound</span>
          <span className="block text-sm text-slate-500 dark:text-slate-400">A short chime for new messages</span>
        </span>
        <input
          type="checkbox"
          className="h-5 w-5 accent-emerald-600"
          checked={settings.soundEnabled}
          onChange={(e) => update({ soundEnabled: e.target.checked })}
        />
      </label>
      <label className="flex items-center justify-between gap-4">
        <span>
          <span className="block font-medium">Show sender and text</span>
          <span className="block text-sm text-slate-500">Off: notifications only say “New message”</span>
        </span>
        <input
          type="checkbox"
          className="h-5 w-5 accent-emerald-600"
          checked={settings.notificationPreview}
          onChange={(e) => update({ notificationPreview: e.target.checked })}
        />
      </label>
      <DevicePushSetting />
      {permission === 'default' && settings.desktopNotifications && (
        <button
          type="button"
          onClick={() => requestNotificationPermission().then(setPermission)}
          className="rounded-lg bg-emerald-700 px-4 py-2 text-sm text-white"
        >
          Allow notifications in this browser
        </button>
      )}
      {error && (
        <p role="alert" className="text-sm text-red-600">
          {error}
        </p>
      )}
    </section>
  );
}
