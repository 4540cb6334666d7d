/**
 * The lingering close's time bound on a bare HTTP server with small limits (the upload tests cover
 * the idle and byte bounds through the real route): a client that keeps trickling bytes after its
 * refusal is cut off when the total time is up.
 */
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { closeAfterAnswer } from './early-answers.js';

const limits = { totalMs: 800, idleMs: 300, bytes: 1024 * 1024 };
let server: http.Server;
let port: number;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    closeAfterAnswer(req, res, limits);
    res.writeHead(413, { 'content-type': 'application/json' }).end('{"success":false}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as net.AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

it('cuts off a client that trickles bytes after its refusal once the total time is up', async () => {
  const serverSide = new Promise<net.Socket>((resolve) => server.once('connection', resolve));
  const client = net.connect({ port, host: '127.0.0.1', allowHalfOpen: true });
  client.on('error', () => undefined);
  client.write('POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n');
  const socket = await serverSide;
  const answeredAt = await new Promise<number>((resolve) => client.once('data', () => resolve(Date.now())));
  const trickle = setInterval(() => client.write('1\r\nx\r\n'), 100); // always within the idle bound
  const closedAt = await new Promise<number>((resolve) => socket.once('close', () => resolve(Date.now())));
  clearInterval(trickle);
  client.destroy();
  expect(closedAt - answeredAt).toBeGreaterThanOrEqual(limits.totalMs - 50);
  expect(closedAt - answeredAt).toBeLessThan(limits.totalMs + 500);
});
