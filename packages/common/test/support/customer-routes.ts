import { HttpResponse, http } from 'msw';
import { type SetupServer, setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
// What postJson loads at a route's first non-2xx answer, loaded here at once: the tests that run a
// fake clock would otherwise see it run on while the file loads (a gap of 30 s between two polls).
import '../../src/client/answer-errors.js';

/** The customer backend the browser helpers talk to in unit tests. */
export const HOST = 'https://shop.example';

/** One request a route received, as the backend saw it. */
interface ReceivedRequest {
  readonly url: string;
  readonly headers: Headers;
  readonly body: unknown;
  readonly rawBody: string;
  readonly at: number;
}

/** A route handler that records what it received; `inFlight`/`maxInFlight` prove polls never overlap. */
export interface RecordedRoute {
  readonly received: ReceivedRequest[];
  maxInFlight: number;
}

type Respond = (request: ReceivedRequest, index: number) => Response | Promise<Response>;

/**
 * Starts an MSW server for the file, failing on any request no handler expects, and checks after
 * each test that every route it expected was hit at least once.
 */
export function useCustomerBackend(): {
  server: SetupServer;
  route: (path: string, respond: Respond, options?: { expectHit?: boolean }) => RecordedRoute;
} {
  const server = setupServer();
  let expected: Array<{ path: string; recorded: RecordedRoute }> = [];
  let unhandled = 0;
  beforeAll(() =>
    server.listen({
      // MSW 3's name for v2's onUnhandledRequest; counted too, so the test fails rather than only logs
      onUnhandledFrame: ({ defaults }) => {
        unhandled += 1;
        defaults.error();
      },
    }),
  );
  afterEach(() => {
    server.resetHandlers();
    const missed = expected.filter(({ recorded }) => recorded.received.length === 0).map(({ path }) => path);
    const unexpected = unhandled;
    expected = [];
    unhandled = 0;
    expect(missed, 'expected routes that were never requested').toEqual([]);
    expect(unexpected, 'requests no handler expected').toBe(0);
  });
  afterAll(() => server.close());

  const route = (path: string, respond: Respond, { expectHit = true } = {}): RecordedRoute => {
    const recorded: RecordedRoute = { received: [], maxInFlight: 0 };
    let inFlight = 0;
    server.use(
      http.post(`${HOST}${path}`, async ({ request }) => {
        inFlight += 1;
        recorded.maxInFlight = Math.max(recorded.maxInFlight, inFlight);
        try {
          const rawBody = await request.text();
          const received: ReceivedRequest = {
            url: request.url,
            headers: request.headers,
            rawBody,
            body: rawBody === '' ? undefined : JSON.parse(rawBody),
            at: Date.now(),
          };
          recorded.received.push(received);
          return await respond(received, recorded.received.length - 1);
        } finally {
          inFlight -= 1;
        }
      }),
    );
    if (expectHit) expected.push({ path, recorded });
    return recorded;
  };
  return { server, route };
}

/** A JSON answer. */
export const json = (body: unknown, status = 200, headers?: Record<string, string>) =>
  HttpResponse.json(body as Record<string, unknown>, { status, ...(headers ? { headers } : {}) });

/** A route's answers in turn, one per request; the last one again for every request after. */
export function scripted(
  first: () => Response | Promise<Response>,
  ...more: Array<() => Response | Promise<Response>>
) {
  const answers = [first, ...more];
  return (_: unknown, index: number) => (answers[index] ?? answers[answers.length - 1] ?? first)();
}

export { rejectionOf } from '../../../../test-support/rejection-of.js';
