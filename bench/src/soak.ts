/**
 * `soak`: mixed traffic for BENCH_SOAK_SECONDS (default 600) — one-on-one and group messages at a
 * steady rate while a tenth of the clients disconnect and reconnect every few seconds — then checks
 * that the server's memory returns to its baseline once traffic stops. Bounded in time, 127.0.0.1 only.
 */
import { connect, connectMany, type Client } from './load.js';
import { startSamvad } from './target.js';
import { readProbe, eventLoop, round, rssOf } from './stats.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface SoakSettings {
  seconds: number;
  log(line: string): void;
}

export type SoakResult = Awaited<ReturnType<typeof soakScenario>>;

export async function soakScenario(s: SoakSettings) {
  const target = await startSamvad();
  try {
    const users = await target.users(200);
    const pairs: string[] = [];
    for (let i = 0; i < 180; i += 2) pairs.push(await target.directChat(users[i]!, users[i + 1]!));
    const group = await target.group(users[180]!, users.slice(181, 200));
    const { clients } = await connectMany(target, users, () => [], 100);
    const sends = { ok: 0, failed: 0 };
    const send = async (client: Client, chatId: string) => {
      if (!client.socket.connected) return;
      try {
        const ack = await client.socket
          .timeout(5000)
          .emitWithAck('sendMessage', { chatId, content: 'soak', clientId: crypto.randomUUID() });
        if (ack.success) sends.ok++;
        else sends.failed++;
      } catch {
        sends.failed++;
      }
    };
    // Warm up, then take the baseline with everyone connected and no traffic.
    for (let i = 0; i < 100; i++) await send(clients[(i * 2) % 180]!, pairs[i % pairs.length]!);
    await sleep(3000);
    const baseline = rssOf(target.pid);
    const baselineRooms = await target.metrics!();
    s.log(
      `soak: baseline RSS ${round(baseline / 2 ** 20, 0)} MB, ${baselineRooms.sockets} sockets, ${baselineRooms.rooms} rooms; running ${s.seconds} s`,
    );

    const started = Date.now();
    const samples: { t: number; rssMb: number; sockets: number; rooms: number }[] = [];
    let reconnects = 0;
    let tick = 0;
    while (Date.now() - started < s.seconds * 1000) {
      tick++;
      // ~50 one-on-one and 5 group messages a second
      const burst = [];
      for (let i = 0; i < 50; i++) {
        const pair = Math.floor(Math.random() * pairs.length);
        burst.push(send(clients[pair * 2 + (i % 2)]!, pairs[pair]!));
      }
      for (let i = 0; i < 5; i++) burst.push(send(clients[180 + Math.floor(Math.random() * 20)]!, group));
      await Promise.all(burst);
      if (tick % 5 === 0) {
        // churn: a tenth of the clients drop and come back
        for (let i = 0; i < 20; i++) {
          const index = Math.floor(Math.random() * clients.length);
          clients[index]!.socket.disconnect();
          clients[index] = await connect(target, users[index]!);
          reconnects++;
        }
      }
      if (tick % 10 === 0)
        samples.push({
          t: Math.round((Date.now() - started) / 1000),
          rssMb: round(rssOf(target.pid) / 2 ** 20, 0),
          ...(await target.metrics!()),
        });
      await sleep(Math.max(0, tick * 1000 - (Date.now() - started)));
    }
    const during = eventLoop(readProbe(target.probeFile, started, Date.now()));
    const peak = Math.max(...samples.map((x) => x.rssMb), 0);
    await sleep(10_000);
    const after = rssOf(target.pid);
    // Everyone is connected again (the churned clients reconnected): the same sockets and rooms.
    const afterRooms = await target.metrics!();
    const result = {
      seconds: s.seconds,
      sendsAcked: sends.ok,
      sendsFailed: sends.failed,
      reconnects,
      baselineRssMb: round(baseline / 2 ** 20, 0),
      peakRssMb: peak,
      afterRssMb: round(after / 2 ** 20, 0),
      growthMb: round((after - baseline) / 2 ** 20, 1),
      baselineSockets: baselineRooms.sockets,
      baselineRooms: baselineRooms.rooms,
      peakRooms: Math.max(...samples.map((x) => x.rooms), 0),
      afterSockets: afterRooms.sockets,
      afterRooms: afterRooms.rooms,
      eventLoopDuringMs: during,
      samples,
    };
    s.log(
      `soak: ${sends.ok} sends acked, ${sends.failed} failed, ${reconnects} reconnects; RSS ${result.baselineRssMb} → peak ${peak} → ${result.afterRssMb} MB; ` +
        `rooms ${result.baselineRooms} → peak ${result.peakRooms} → ${result.afterRooms} (sockets ${result.baselineSockets} → ${result.afterSockets})`,
    );
    for (const c of clients) c.socket.disconnect();
    return result;
  } finally {
    await target.stop();
  }
}
