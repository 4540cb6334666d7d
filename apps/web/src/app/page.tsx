'use client';
import { useEffect } from 'react';
import { useRouter } from 'next/navigation';

/** The app lives at /chat; the root only forwards there. */
export default function Home() {
  const router = useRouter();
  useEffect(() => router.replace('/chat'), [router]);
  return null;
}
