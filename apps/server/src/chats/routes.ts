/** /api/chats: list, create, details, settings, delete; participants; history and sending; receipts. */
import { Router } from 'express';
import { z } from 'zod';
import {
  addParticipantsSchema,
  chatListQuerySchema,
  createChatSchema,
  idSchema,
  userIdSchema,
  messagePageQuerySchema,
  sendMessageSchema,
  updateChatSchema,
  updateParticipantSchema,
} from '@samvad/protocol';
import type { AppContext } from '../context.js';
import { currentUser, ok, parse } from '../http/middleware.js';
import { createGroup, deleteChat, openDirectChat, updateChat } from './service.js';
import { getChat, listChats } from './read-model.js';
import { requireReader } from './access.js';
import { addParticipants, listParticipants, removeParticipant, setParticipantRole } from '../members/service.js';
import { listMessages, sendMessage } from '../messages/service.js';
import { markUpTo } from '../receipts/service.js';

const chatIdParam = z.object({ id: idSchema });
const participantParams = z.object({ id: idSchema, userId: userIdSchema });

export function chatRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    ok<'GET /api/chats'>(res, { chats: await listChats(ctx, currentUser(req).id, parse(chatListQuerySchema, req.query)) });
  });

  router.post('/', async (req, res) => {
    const user = currentUser(req);
    const input = parse(createChatSchema, req.body);
    if (input.type === 'ONE_ON_ONE') {
      const { chat, created } = await openDirectChat(ctx, user, input.participantId);
      return ok<'POST /api/chats'>(res, { chat }, created ? 201 : 200);
    }
    ok<'POST /api/chats'>(res, { chat: await createGroup(ctx, user, input) }, 201);
  });

  router.get('/:id', async (req, res) => {
    const { id } = parse(chatIdParam, req.params);
    const user = currentUser(req);
    await requireReader(ctx.db, id, user.id);
    ok<'GET /api/chats/:id'>(res, { chat: await getChat(ctx, user.id, id) });
  });

  router.put('/:id', async (req, res) => {
    const { id } = parse(chatIdParam, req.params);
    ok<'PUT /api/chats/:id'>(res, { chat: await updateChat(ctx, currentUser(req), id, parse(updateChatSchema, req.body)) });
  });

  router.delete('/:id', async (req, res) => {
    const { id } = parse(chatIdParam, req.params);
    await deleteChat(ctx, currentUser(req), id);
    ok<'DELETE /api/chats/:id'>(res, {});
  });

  router.get('/:id/participants', async (req, res) => {
    const { id } = parse(chatIdParam, req.params);
    ok<'GET /api/chats/:id/participants'>(res, { participants: await listParticipants(ctx, currentUser(req), id) });
  });

  router.post('/:id/participants', async (req, res) => {
    const { id } = parse(chatIdParam, req.params);
    const { userIds } = parse(addParticipantsSchema, req.body);
    ok<'POST /api/chats/:id/participants'>(res, { participants: await addParticipants(ctx, currentUser(req), id, userIds) }, 201);
  });

  router.put('/:id/participants/:userId', async (req, res) => {
    const { id, userId } = parse(participantParams, req.params);
    const { chatRole } = parse(updateParticipantSchema, req.body);
    ok<'PUT /api/chats/:id/participants/:userId'>(res, {
      participants: await setParticipantRole(ctx, currentUser(req), id, userId, chatRole),
    });
  });

  router.delete('/:id/participants/:userId', async (req, res) => {
    const { id, userId } = parse(participantParams, req.params);
    await removeParticipant(ctx, currentUser(req), id, userId);
    ok<'DELETE /api/chats/:id/participants/:userId'>(res, {});
  });

  router.get('/:id/messages', async (req, res) => {
    const { id } = parse(chatIdParam, req.params);
    ok<'GET /api/chats/:id/messages'>(res, await listMessages(ctx, currentUser(req), id, parse(messagePageQuerySchema, req.query)));
  });

  router.post('/:id/messages', async (req, res) => {
    const { id } = parse(chatIdParam, req.params);
    const body = typeof req.body === 'object' && req.body !== null ? req.body : {};
    const input = parse(sendMessageSchema, { ...body, chatId: id });
    const { message, created } = await sendMessage(ctx, currentUser(req), input);
    ok<'POST /api/chats/:id/messages'>(res, { message }, created ? 201 : 200);
  });

  router.put('/:id/read', async (req, res) => {
    const { id } = parse(chatIdParam, req.params);
    const user = currentUser(req);
    await markUpTo(ctx, user, { chatId: id }, 'READ');
    ok<'PUT /api/chats/:id/read'>(res, { unreadCount: (await getChat(ctx, user.id, id)).unreadCount });
  });

  router.get('/:id/unread', async (req, res) => {
    const { id } = parse(chatIdParam, req.params);
    const user = currentUser(req);
    await requireReader(ctx.db, id, user.id);
    ok<'GET /api/chats/:id/unread'>(res, { unreadCount: (await getChat(ctx, user.id, id)).unreadCount });
  });

  return router;
}
