import { Suspense } from 'react';
import { ChatPage } from '@/features/chat-page/chat-page';

export default function Page() {
  // The page reads its URL (useSearchParams), which a static export only knows in the browser.
  return (
    <Suspense>
      <ChatPage />
    </Suspense>
  );
}
