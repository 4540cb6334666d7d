/**
 * What may reach the logs. Requests are logged by id, method and path only (no headers: they carry
 * tokens and cookies). Database errors drop their parameters, which can hold message text.
 */
import { stdSerializers } from 'pino';
import type { IncomingMessage } from 'node:http';

export function requestSerializer(req: IncomingMessage & { id?: unknown }) {
  return { id: req.id, method: req.method, url: req.url?.split('?')[0] };
}

const stripParams = (text: string | undefined) => text?.replace(/\nparams: [\s\S]*?(?=\n {4}at |\ncaused by|$)/g, '\nparams: [redacted]');

export function errorSerializer(error: Error) {
  const serialized = stdSerializers.err(error) as ReturnType<typeof stdSerializers.err> & Record<string, unknown>;
  delete serialized.params;
  serialized.message = stripParams(serialized.message) ?? '';
  serialized.stack = stripParams(serialized.stack) ?? '';
  return serialized;
}
