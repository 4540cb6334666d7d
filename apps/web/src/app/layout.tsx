import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { AppShell } from '@/features/app-shell/app-shell';
import './globals.css';

export const metadata: Metadata = { title: 'Samvad', description: 'Real-time chat for the School Assessment system' };
export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="h-dvh antialiased">
        <AppShell>{children}</AppShell>
      </body>
    </html>
  );
}
