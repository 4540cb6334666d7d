import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { AppShell } from '@/features/app-shell/app-shell';
import './globals.css';

export const metadata: Metadata = {
  title: 'Samvad',
  description: 'Real-time chat for the School Assessment system',
  appleWebApp: { capable: true, title: 'Samvad', statusBarStyle: 'default' },
  icons: { apple: '/icons/apple-touch-icon.png' },
};
export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#047857' },
    { media: '(prefers-color-scheme: dark)', color: '#064e3b' },
  ],
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="h-dvh antialiased">
        <AppShell>{children}</AppShell>
      </body>
    </html>
  );
}
