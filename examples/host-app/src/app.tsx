/**
 * The host app's React page: navbar with the Samvad chat icon, a visit with "Chat with admin",
 * and the recent-messages widget — all from @samvad/embed, over one connection.
 */
import { useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { QuickChatButton, SamvadChatIcon, SamvadProvider, SamvadRecentMessages, useUnreadCount, type VisitContext } from '@samvad/embed';
import { createTokenProvider } from './token.js';

interface HostConfig {
  samvadUrl: string;
  userId: string;
  user: { name: string; role: string };
  adminId: string;
  visit: VisitContext;
}

declare global {
  interface Window {
    HOST_CONFIG: HostConfig;
  }
}

const config = window.HOST_CONFIG;
const getToken = createTokenProvider(config.userId);

/** The unread count in the tab title, through the hook. */
function UnreadTitle() {
  const unread = useUnreadCount();
  useEffect(() => {
    document.title = unread > 0 ? `(${unread}) School Assessment` : 'School Assessment';
  }, [unread]);
  return null;
}

function App() {
  const { visit } = config;
  return (
    <SamvadProvider url={config.samvadUrl} getToken={getToken}>
      <UnreadTitle />
      <header className="navbar">
        <span className="brand">School Assessment</span>
        <nav className="links" aria-label="Main">
          <a href="/">Dashboard</a>
          <a href="/">Visits</a>
          <a href="/">Reports</a>
        </nav>
        <SamvadChatIcon />
        <span className="user">{config.user.name}</span>
      </header>
      <main>
        <section className="panel">
          <h2>Visit {visit.visitId}</h2>
          <dl>
            <dt>School</dt>
            <dd>{visit.schoolName}</dd>
            <dt>Date</dt>
            <dd>24 Nov 2026</dd>
            <dt>Status</dt>
            <dd>Submitted for review</dd>
          </dl>
          <QuickChatButton recipientId={config.adminId} context={visit} />
        </section>
        <SamvadRecentMessages limit={5} />
      </main>
    </SamvadProvider>
  );
}

createRoot(document.getElementById('root')!).render(<App />);
