/** SEED_DEMO=1: demo users and chats in an empty database, so a newcomer can try Samvad at once. */
import { sql } from 'drizzle-orm';
import type { AppContext, AuthUser } from '../context.js';
import { queryOne } from '../db/client.js';
import { AppError } from '../http/errors.js';
import { createUser } from '../users/service.js';
import { hashPassword } from '../auth/passwords.js';
import { createGroup, openDirectChat } from '../chats/service.js';
import { sendMessage } from '../messages/service.js';
import { markUpTo } from '../receipts/service.js';

export const DEMO_PASSWORD = 'samvad-demo';

const PEOPLE = [
  { name: 'Asha Admin', email: 'admin@samvad.local', role: 'ADMIN' },
  { name: 'Priya Sharma', email: 'priya@samvad.local', role: 'EMPLOYEE' },
  { name: 'Ravi Kumar', email: 'ravi@samvad.local', role: 'EMPLOYEE' },
  { name: 'Meera Iyer', email: 'meera@samvad.local', role: 'EMPLOYEE' },
  { name: 'Arjun Singh', email: 'arjun@samvad.local', role: 'EMPLOYEE' },
] as const;

export async function seedDemo(ctx: AppContext): Promise<{ password: string; users: AuthUser[] } | null> {
  const count = await queryOne<{ n: number }>(ctx.db, sql`select count(*)::int as n from users`);
  if (count!.n > 0) return null;
  const users: AuthUser[] = [];
  try {
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    for (const p of PEOPLE) users.push(await createUser(ctx, { ...p, password: DEMO_PASSWORD }, passwordHash));
  } catch (error) {
    // Several processes started together on one empty database: the first one seeds.
    if (error instanceof AppError && error.code === 'CONFLICT') return null;
    throw error;
  }
  const [admin, priya, ravi, meera, arjun] = users as [AuthUser, AuthUser, AuthUser, AuthUser, AuthUser];
  // The seed is not a user: it is not rate limited.
  const unlimited: AppContext = {
    ...ctx,
    rateLimits: { consume: async () => {}, tryConsume: async () => true, reset: async () => {}, requireNotExhausted: async () => {} },
  };

  const group = await createGroup(unlimited, admin, {
    type: 'GROUP',
    name: 'Field Team - Mumbai',
    description: 'School visits and CSR drives across Mumbai',
    participantIds: [priya.id, ravi.id, meera.id, arjun.id],
  });
  const say = (from: AuthUser, chatId: string, content: string) => sendMessage(unlimited, from, { chatId, content });
  await say(admin, group.id, 'Good morning team! This week we cover the schools in Andheri and Bandra.');
  await say(priya, group.id, "I'll visit ABC School tomorrow at 10 AM.");
  await say(ravi, group.id, 'I have the Bandra Municipal School on Thursday. Any checklist changes?');
  await say(admin, group.id, 'Same checklist as last month. Please take photos of the classrooms and the library.');
  const last = await say(meera, group.id, 'Noted 👍');
  for (const u of [admin, priya, ravi]) await markUpTo(unlimited, u, { messageId: last.message.id }, 'READ');

  const { chat: direct } = await openDirectChat(unlimited, admin, priya.id);
  await say(priya, direct.id, 'Hi! The principal at ABC School asked about the CSR library grant.');
  const reply = await say(admin, direct.id, 'Great, tell them the application opens next week. See https://example.org/csr-grants');
  await markUpTo(unlimited, priya, { messageId: reply.message.id }, 'DELIVERED');

  const { chat: other } = await openDirectChat(unlimited, ravi, meera.id);
  await say(ravi, other.id, 'Can you share the visit report template?');
  return { password: DEMO_PASSWORD, users };
}
