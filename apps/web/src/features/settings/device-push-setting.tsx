'use client';
/** "Notifications when Samvad is closed" on this device (Web Push, issue 14). */
import { useEffect, useState } from 'react';
import { errorMessage } from '@/lib/api';
import { useChatClient } from '../chat-state/chat-context';
import type { DevicePushState } from '../chat-state/device-push';
import { SettingSwitch } from './setting-switch';

const EXPLAIN: Record<DevicePushState, string> = {
  on: 'On for this device: new messages reach it while Samvad is closed',
  off: 'New messages reach this device while Samvad is closed',
  denied: 'Blocked in the browser settings for this site',
  unsupported: 'Not supported by this browser',
  unavailable: 'Not available here (this server or browser has no push set up)',
};

export function DevicePushSetting() {
  const client = useChatClient();
  const [state, setState] = useState<DevicePushState | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    client.push.state().then(setState, () => setState('unsupported'));
  }, [client]);

  async function toggle(on: boolean) {
    setBusy(true);
    setError(null);
    try {
      if (on) setState(await client.push.enable());
      else {
        await client.push.disable();
        setState('off');
      }
    } catch (err) {
      setError(`Could not turn on notifications for this device: ${errorMessage(err)}`);
      setState(await client.push.state().catch(() => 'unsupported' as const));
    } finally {
      setBusy(false);
    }
  }

  const canToggle = state === 'on' || state === 'off';
  return (
    <div className="space-y-1">
      <SettingSwitch
        title="Notifications when Samvad is closed"
        description={state ? EXPLAIN[state] : 'Checking this device…'}
        checked={state === 'on'}
        disabled={!canToggle || busy}
        busy={busy}
        onChange={(on) => void toggle(on)}
      />
      {error && (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          {error}
        </p>
      )}
    </div>
  );
}
