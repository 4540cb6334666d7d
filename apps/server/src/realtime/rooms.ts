/** Room names: one per user (all their sockets) and one per chat (its current members' sockets). */
export const userRoom = (userId: string) => `user:${userId}`;
export const chatRoom = (chatId: string) => `chat:${chatId}`;
