// An HTTP proxy on 127.0.0.1 in front of a real server (dev-idp, its signer), for the fault suite:
// it passes requests on, or answers them itself as a failing server would.

import { createServer, request as forward, type Server } from 'node:http';

/** What the proxy does with the next requests: pass them on, answer with a status, or never answer. */
type FaultMode =
  | { readonly kind: 'pass' }
  | { readonly kind: 'status'; readonly status: number }
  | { readonly kind: 'hang' };

export interface HttpFaultProxy {
  readonly url: string;
  mode: FaultMode;
  /** Requests the proxy received, by path. */
  readonly received: string[];
  close(): Promise<void>;
}

/** A proxy to `target` (an origin such as `http://127.0.0.1:4000`). */
export async function startHttpFaultProxy(target: string): Promise<HttpFaultProxy> {
  const state: { mode: FaultMode } = { mode: { kind: 'pass' } };
  const received: string[] = [];
  const server: Server = createServer((request, response) => {
    received.push(request.url ?? '/');
    const { mode } = state;
    if (mode.kind === 'hang') return; // held open until the client gives up
    if (mode.kind === 'status') {
      response.writeHead(mode.status, { 'content-type': 'text/html' });
      return void response.end(`<html><body>${mode.status} from the fault proxy</body></html>`);
    }
    const upstream = forward(
      new URL(request.url ?? '/', target),
      { method: request.method, headers: { ...request.headers, host: new URL(target).host } },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on('error', () => response.destroy());
    request.pipe(upstream);
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    get mode() {
      return state.mode;
    },
    set mode(mode: FaultMode) {
      state.mode = mode;
    },
    received,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
