/** Engine.io write coalescing: what leaves a socket in one turn of the event loop leaves in one TCP write. */
import type { Socket } from 'node:net';

/**
 * Fewer write syscalls per socket (profiled, the per-frame `writev` was the largest single cost of a
 * busy server). Two steps:
 * - one flush per turn of the event loop: engine.io flushes a socket's write buffer on every packet,
 *   and packets made while that write is in flight wait for its callback and go in a second write.
 *   Deferring the flush to the end of the turn (setImmediate) sends a batch's pushes and the acks
 *   that follow together;
 * - one write per flush: the WebSocket layer writes each frame on its own, so the TCP socket is
 *   corked for the length of the flush.
 */
export function coalesceWrites(conn: EngineConnection): void {
  const flushNow = conn.flush.bind(conn);
  let isFlushDue = false;
  conn.flush = () => {
    if (isFlushDue) return;
    isFlushDue = true;
    setImmediate(() => {
      isFlushDue = false;
      flushNow();
    });
  };
  let corked: Socket | undefined;
  conn.on('flush', () => {
    const tcp = conn.transport?.name === 'websocket' ? conn.transport.socket?._socket : undefined;
    if (corked || !tcp || tcp.destroyed) return;
    corked = tcp;
    tcp.cork();
  });
  conn.on('drain', () => {
    corked?.uncork();
    corked = undefined;
  });
}

/** The parts of an engine.io connection that coalesceWrites uses (not in its public types). */
export interface EngineConnection {
  flush(): void;
  on(event: 'flush' | 'drain', listener: () => void): void;
  transport?: { name: string; socket?: { _socket?: Socket } };
}
