import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake backend received over real loopback HTTP. */
interface BackendRequest {
  readonly path: string;
  readonly contentType: string | undefined;
  readonly body: unknown;
  readonly startedAt: number;
  finishedAt: number;
}

/** How a route answers: status, JSON body (or raw text), optional delay. */
interface Answer {
  readonly status?: number;
  readonly json?: unknown;
  readonly text?: string;
  readonly contentType?: string;
  readonly delayMs?: number;
}

type Route = (request: BackendRequest, index: number) => Answer;

/**
 * A customer backend on 127.0.0.1 for the browser tests: serves the test page and bundle, and answers
 * the helper routes as each test scripts them, recording every request with its timing.
 */
export async function startFakeCustomerBackend(bundle: string) {
  const routes = new Map<string, Route>();
  const received: BackendRequest[] = [];
  const unscripted: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;

  const answerRoute = async (req: IncomingMessage, res: ServerResponse, path: string, route: Route) => {
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const request: BackendRequest = {
      path,
      contentType: req.headers['content-type'],
      body: raw === '' ? undefined : JSON.parse(raw),
      startedAt: Date.now(),
      finishedAt: 0,
    };
    received.push(request);
    const answer = route(request, received.filter((r) => r.path === path).length - 1);
    if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
    const body = answer.json === undefined ? (answer.text ?? '') : JSON.stringify(answer.json);
    res.writeHead(answer.status ?? 200, { 'content-type': answer.contentType ?? 'application/json' });
    res.end(body, () => {
      request.finishedAt = Date.now();
      inFlight -= 1;
    });
  };

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (req.method === 'GET' && path === '/') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(
        '<!doctype html><html><head><meta charset="utf-8"><title>ones test</title></head><body><script src="/ones.js"></script></body></html>',
      );
      return;
    }
    if (req.method === 'GET' && path === '/favicon.ico') {
      res.writeHead(204);
      res.end();
      return;
    }
    if (req.method === 'GET' && path === '/ones.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(bundle);
      return;
    }
    const route = req.method === 'POST' ? routes.get(path) : undefined;
    if (route === undefined) {
      unscripted.push(`${req.method} ${path}`);
      res.writeHead(599, { 'content-type': 'text/plain' });
      res.end(`no route scripted for ${req.method} ${path}`);
      return;
    }
    answerRoute(req, res, path, route).catch((error: unknown) => {
      res.writeHead(500);
      res.end(String(error));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  return {
    origin: `http://127.0.0.1:${port}`,
    received,
    /** Requests no test scripted a route for; the tests expect none. */
    unscripted,
    get maxInFlight() {
      return maxInFlight;
    },
    route(path: string, answer: Route) {
      routes.set(path, answer);
    },
    reset() {
      routes.clear();
      received.length = 0;
      unscripted.length = 0;
      maxInFlight = 0;
    },
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
