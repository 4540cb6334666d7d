import { ChatPage } from '@/features/chat-page/chat-page';

export default function Page() {
  return <ChatPage />;
}
