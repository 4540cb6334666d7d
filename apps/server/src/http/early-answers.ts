/**
 * Answering a request before its body has been read (an upload refused for its size, type or
 * sender) so that every HTTP client can read the answer:
 *
 * - `Expect: 100-continue`: a client that asks first is told to send its body only by a handler
 *   that wants it, so a refused upload is answered before a byte of it is sent.
 * - Lingering close (RFC 9112 §9.6, nginx's `lingering_close`): closing a connection whose request
 *   is still arriving makes the kernel reset it, and the reset can wipe the answer from the
 *   client's buffers before it is read (`fetch` and browsers then report a network error instead of
 *   the 413). So the server answers with `Connection: close`, stops sending (FIN), and reads and
 *   discards what the client still sends — bounded in time and bytes — before closing.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { MAX_DOCUMENT_BYTES } from '@samvad/protocol';

export const LINGER_LIMITS = {
  /** Discarding stops this long after the answer, whatever the client does (nginx's lingering_time). */
  totalMs: 30_000,
  /** …or once the client has sent nothing for this long (Apache waits 2 s; nginx's lingering_timeout is 5 s). */
  idleMs: 2_000,
  /** …or once the client has sent more than the largest upload the server would accept. */
  bytes: MAX_DOCUMENT_BYTES + 1024 * 1024,
};

type Limits = typeof LINGER_LIMITS;

/**
 * Call before answering a request whose body has not been read in full: the answer goes out with
 * `Connection: close`, then the rest of the body is read and dropped within `limits`.
 */
export function closeAfterAnswer(req: IncomingMessage, res: ServerResponse, limits: Limits = LINGER_LIMITS): void {
  if (req.complete || res.headersSent) return;
  res.setHeader('Connection', 'close');
  const socket = req.socket as Socket & { destroySoon?: () => void };
  let discarded = 0;
  let idle: NodeJS.Timeout | undefined; // set once the answer has been written
  const close = () => {
    clearTimeout(total);
    clearTimeout(idle);
    socket.destroy();
  };
  // Once the answer has left, as Node's own destroySoon does.
  const closeWhenSent = () => (socket.writableFinished ? close() : socket.once('finish', close));
  // Counted from the refusal, so it also bounds a wait for the answer.
  const total = setTimeout(close, limits.totalMs).unref();
  socket.once('close', close);

  // From now on the body is only counted and dropped. (Reading it here also keeps Node from
  // "dumping" it after the answer, which would drop it unseen and so uncounted.)
  req.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (!idle) return;
    if (discarded > limits.bytes) close();
    else idle.refresh();
  });
  req.resume();

  // Node's HTTP server calls destroySoon() on the socket once the last answer has been written;
  // destroying it then, with the client's bytes still arriving, is what resets the connection.
  socket.destroySoon = () => {
    socket.end(); // half-close: the client has the whole answer and sees that nothing more follows
    idle = setTimeout(closeWhenSent, limits.idleMs).unref();
    if (discarded > limits.bytes) close();
    else if (req.complete)
      closeWhenSent(); // the client has sent everything: closing now resets nothing
    else req.once('end', closeWhenSent);
  };
}

/** Responses whose `100 Continue` has been sent, so that it goes at most once. */
const continued = new WeakSet<ServerResponse>();

/** Tells a client that waits for it (`Expect: 100-continue`) to send its body now. */
export function askForBody(req: IncomingMessage, res: ServerResponse): void {
  if (!/^100-continue$/i.test(req.headers.expect?.trim() ?? '') || continued.has(res) || res.headersSent) return;
  continued.add(res);
  res.writeContinue();
}

/**
 * The server's `checkContinue` listener: requests that `readsBodyLater` (uploads) wait until their
 * handler calls askForBody; every other request is asked for its body at once, as Node does when
 * nobody listens.
 */
export function checkContinue(
  handle: (req: IncomingMessage, res: ServerResponse) => void,
  readsBodyLater: (req: IncomingMessage) => boolean,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    if (!readsBodyLater(req)) askForBody(req, res);
    handle(req, res);
  };
}
