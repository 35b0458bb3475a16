import type { IncomingMessage, ServerResponse } from 'node:http';
import { answerHeaders, type RouteAnswer } from '../http/answers.js';
import { nodeHeaders } from '../http/header-reader.js';
import { readNodeJsonBody } from '../http/read-json-body.js';
import type { KitServices } from '../kit-services.js';
import { answerLoginRequest, routeFor } from '../routes/route-table.js';

/**
 * A Node middleware in the Connect shape that Express, NestJS (`app.use`) and `node:http` share.
 * `next` is called for every path that is not a login route; without `next` (plain `node:http`)
 * such a path gets a 404.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import type { NodeLoginMiddleware } from '@ones.dev/backend-modules/login';
 * declare const middleware: NodeLoginMiddleware;
 * createServer((request, response) => middleware(request, response)).listen(3000);
 * ```
 */
export type NodeLoginMiddleware = (
  request: IncomingMessage,
  response: ServerResponse,
  next?: (error?: unknown) => void,
) => void;

/** A request some framework already read and parsed (e.g. NestJS's or Express's JSON parser). */
type ParsedRequest = IncomingMessage & { readonly body?: unknown; readonly originalUrl?: string };

/** Why a held request's signal aborted: the browser went away (no error object made). */
const GONE = 'the browser went away';

/**
 * Writes an answer to Node's response in one go (status, headers, body). A refusal can come before
 * the body was read (413, 403): the connection is then closed rather than left with megabytes in it
 * for the next request on a kept-alive socket.
 */
function send(
  request: IncomingMessage,
  response: ServerResponse,
  answer: RouteAnswer,
  setCookies: readonly string[],
) {
  if (response.headersSent) return void response.end();
  const headers = answerHeaders(answer, setCookies);
  if (!request.complete) headers.push(['connection', 'close']);
  response.writeHead(answer.status, headers.flat());
  response.end(answer.status === 204 ? undefined : JSON.stringify(answer.body));
}

/**
 * The kit's routes for Node, straight from `IncomingMessage` to `ServerResponse`: no web `Request`
 * or `Response` is built (they cost more than the kit's own work per request); the same route
 * table, checks and answers as `login.fetch`. Paths outside `basePath` go to `next` at the cost of
 * one string comparison. The path is the one Node received, never one made from the `Host` header.
 */
export function nodeMiddlewareFor(kit: KitServices): NodeLoginMiddleware {
  return (request, response, next) => {
    const parsed = request as ParsedRequest;
    const pathname = (parsed.originalUrl ?? request.url ?? '/').split('?', 1)[0] ?? '/';
    const pass = () => {
      if (next !== undefined) return next();
      response.statusCode = 404;
      response.setHeader('content-type', 'application/json; charset=utf-8');
      response.end(JSON.stringify({ statusCode: 404, message: 'not found' }));
    };
    const entry = routeFor(kit, request.method ?? 'GET', pathname);
    if (entry === null) return pass();
    if (!('route' in entry)) return send(request, response, entry.answer, entry.setCookies);
    const headers = nodeHeaders(request.headers);
    let gone: AbortController | undefined;
    answerLoginRequest(kit, entry, {
      method: request.method ?? 'GET',
      pathname,
      headers,
      peerAddress: request.socket.remoteAddress,
      readBody: (limits) => readNodeJsonBody(parsed, headers, limits, kit.clock),
      get signal() {
        // made for the routes that wait (a held status request ends when its browser leaves)
        if (gone === undefined) {
          const controller = new AbortController();
          gone = controller;
          response.once('close', () => {
            if (!response.writableFinished) controller.abort(GONE);
          });
        }
        return gone.signal;
      },
    }).then(
      ({ answer, setCookies }) => send(request, response, answer, setCookies),
      () => {
        const internal = {
          status: 500,
          body: { statusCode: 500, code: 'ERR_LOGIN_INTERNAL', message: 'the login could not be completed' },
        };
        send(request, response, internal, []);
      },
    );
  };
}
