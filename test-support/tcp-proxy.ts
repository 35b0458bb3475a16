// A TCP proxy on 127.0.0.1 in front of a server (Redis, the IdP), for the fault suite: it adds
// latency to what flows either way, cuts every connection, or refuses new ones.

import { createConnection, createServer, type Server, type Socket } from 'node:net';

export interface TcpProxy {
  readonly port: number;
  /** Milliseconds added to every chunk, each way (0: none). */
  latencyMs: number;
  /** Cuts every open connection at once (RST), as a crashed load balancer or a network partition would. */
  cut(): void;
  /** While true, new connections are closed at once. */
  refusing: boolean;
  close(): Promise<void>;
}

/** Copies `from` to `to`, each chunk after the proxy's current latency, keeping their order. */
function pipeWithLatency(from: Socket, to: Socket, proxy: { latencyMs: number }) {
  let last = 0;
  from.on('data', (chunk) => {
    const at = Math.max(Date.now() + proxy.latencyMs, last);
    last = at;
    const send = () => {
      if (!to.destroyed) to.write(chunk);
    };
    if (at <= Date.now()) send();
    else setTimeout(send, at - Date.now());
  });
  from.on('end', () => setTimeout(() => to.end(), Math.max(0, last - Date.now())));
}

/** A proxy from a free loopback port to `targetPort`. */
export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  const state = { latencyMs: 0, refusing: false };
  const server: Server = createServer((client) => {
    if (state.refusing) return void client.destroy();
    const upstream = createConnection({ host: '127.0.0.1', port: targetPort });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    pipeWithLatency(client, upstream, state);
    pipeWithLatency(upstream, client, state);
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const { port } = server.address() as { port: number };
  return {
    port,
    get latencyMs() {
      return state.latencyMs;
    },
    set latencyMs(ms: number) {
      state.latencyMs = ms;
    },
    get refusing() {
      return state.refusing;
    },
    set refusing(refuse: boolean) {
      state.refusing = refuse;
    },
    cut: () => {
      for (const socket of sockets) socket.resetAndDestroy();
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
