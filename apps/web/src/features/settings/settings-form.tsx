'use client';
/** My picture, and notification settings (spec §1.5) saved on the server via PUT /api/me/settings. */
import { useState } from 'react';
import { errorMessage } from '@/lib/api';
import { useChatClient, useChatState } from '../chat-state/chat-context';
import { requestNotificationPermission } from '../notifications/notify';
import { PictureField } from '../pictures/picture-field';
import { DevicePushSetting } from './device-push-setting';
import { SettingSwitch } from './setting-switch';

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
      <SettingSwitch
        title="Desktop notifications"
        description={
          permission === 'denied'
            ? 'Blocked in the browser settings'
            : permission === 'unsupported'
              ? 'Not supported by this browser'
              : 'Sender and a preview when the chat is not open'
        }
        checked={settings.desktopNotifications}
        onChange={(desktopNotifications) => update({ desktopNotifications })}
      />
      <SettingSwitch
        title="Message sound"
        description="A short chime for new messages"
        checked={settings.soundEnabled}
        onChange={(soundEnabled) => update({ soundEnabled })}
      />
      <SettingSwitch
        title="Show sender and text"
        description="Off: notifications only say “New message”"
        checked={settings.notificationPreview}
        onChange={(notificationPreview) => update({ notificationPreview })}
      />
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
