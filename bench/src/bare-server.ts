/**
 * The ceiling: a bare Socket.IO server with no database and no checks, speaking just enough of
 * the Samvad protocol for the load generator (sendMessage → ack + newMessage to the chat's room,
 * messageDelivered → messageStatusUpdated to the sender). Our server's figures are read as a
 * fraction of what this machine does at all with the same load.
 * Run as a child process: PORT=… tsx bare-server.ts
 */
import http from 'node:http';
import crypto from 'node:crypto';
import { Server } from 'socket.io';

const server = http.createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end('{"success":true,"data":{"status":"ok"}}');
});
const io = new Server(server, { maxHttpBufferSize: 64 * 1024, pingInterval: 20000, pingTimeout: 20000 });
const seqs = new Map<string, number>();
const senders = new Map<string, { senderId: string; chatId: string; seq: number }>();

io.on('connection', (socket) => {
  const token = String(socket.handshake.auth?.token ?? '');
  const userId =
    (JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString() || '{}') as { userId?: string }).userId ?? socket.id;
  const chats = (socket.handshake.auth?.chats as string[] | undefined) ?? [];
  void socket.join([`user:${userId}`, ...chats.map((c) => `chat:${c}`)]);
  socket.on('sendMessage', (input: { chatId: string; content: string; clientId?: string }, ack?: (a: unknown) => void) => {
    const seq = (seqs.get(input.chatId) ?? 0) + 1;
    seqs.set(input.chatId, seq);
    const id = crypto.randomUUID();
    senders.set(id, { senderId: userId, chatId: input.chatId, seq });
    if (senders.size > 200_000) senders.delete(senders.keys().next().value!);
    const message = {
      id,
      chatId: input.chatId,
      seq,
      clientId: input.clientId ?? null,
      sender: { id: userId, name: 'x', avatarUrl: null },
      content: input.content,
      messageType: 'TEXT',
      status: null,
      createdAt: new Date().toISOString(),
    };
    io.to(`chat:${input.chatId}`).except(`user:${userId}`).emit('newMessage', message);
    ack?.({ success: true, messageId: id, message: { ...message, status: 'SENT' } });
  });
  socket.on('messageDelivered', ({ messageId }: { messageId: string }, ack?: (a: unknown) => void) => {
    const m = senders.get(messageId);
    if (m)
      io.to(`user:${m.senderId}`).emit('messageStatusUpdated', {
        chatId: m.chatId,
        messageId,
        status: 'DELIVERED',
        upToSeq: m.seq,
        userId,
        at: new Date().toISOString(),
      });
    ack?.({ success: true, upToSeq: m?.seq ?? 0 });
  });
  socket.emit('authenticated', { user: { id: userId } });
});

server.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
