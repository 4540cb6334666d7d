'use client';
import { useState, type FormEvent } from 'react';
import { ApiRequestError, errorMessage } from '@/lib/api';
import { ChatIcon } from '../ui/icons';
import { useSession } from './session';

export function SignInForm() {
  const { signIn, signedOutReason } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setIsBusy(true);
    setError(null);
    try {
      await signIn(email, password);
    } catch (err) {
      setError(err instanceof ApiRequestError && err.status === 401 ? 'Wrong email or password' : errorMessage(err));
      setIsBusy(false);
    }
  }

  const field =
    'w-full rounded-lg border border-slate-300 bg-white px-3 py-2 outline-none focus:border-emerald-600 focus:ring-2 focus:ring-emerald-600/30 dark:border-slate-700 dark:bg-slate-900';
  return (
    <main className="flex min-h-dvh items-center justify-center bg-slate-100 p-4 dark:bg-slate-950">
      <form onSubmit={onSubmit} className="w-full max-w-sm space-y-4 rounded-2xl bg-white p-6 shadow dark:bg-slate-900">
        <div className="flex items-center gap-2 text-emerald-700 dark:text-emerald-400">
          <ChatIcon width={28} height={28} />
          <h1 className="text-xl font-semibold">Samvad</h1>
        </div>
        <p className="text-sm text-slate-600 dark:text-slate-400">Sign in with your School Assessment account.</p>
        {signedOutReason && !error && (
          <p role="alert" className="rounded-lg bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-900/30 dark:text-amber-100">
            {signedOutReason}
          </p>
        )}
        <label className="block space-y-1 text-sm">
          <span>Email</span>
          <input className={field} type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label className="block space-y-1 text-sm">
          <span>Password</span>
          <input
            className={field}
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {error && (
          <p role="alert" className="text-sm text-red-600 dark:text-red-400">
            {error}
          </p>
        )}
        <button
          type="submit"
          disabled={isBusy}
          className="w-full rounded-lg bg-emerald-700 py-2 font-medium text-white hover:bg-emerald-800 disabled:opacity-60"
        >
          {isBusy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
