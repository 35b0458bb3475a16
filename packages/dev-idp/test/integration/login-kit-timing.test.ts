import type { DeviceAuthentication } from '@ones.dev/backend-modules';
import { createOnesLogin, type OnesLogin } from '@ones.dev/backend-modules/login';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevIdp } from '../../src/index.js';
import { backendFor, startTestIdp } from './dev-idp-fixture.js';

// Whether a user exists must not show in how long the kit takes to answer. A simple classifier
// (the best threshold on half the samples, tried on the other half) must score no better than
// chance, within a stated margin: at most 60 % right, over 200 samples of each kind.
const HOST = 'http://127.0.0.1:3000';
const SAMPLES = 200;
const MARGIN = 0.1;
let idp: DevIdp;
let auth: DeviceAuthentication;
let login: OnesLogin;

beforeAll(async () => {
  idp = await startTestIdp();
  auth = await backendFor(idp);
  login = createOnesLogin({
    auth,
    secrets: ['a-secret-for-the-timing-test-0123456789abc'],
    origins: [HOST],
    logger: () => {},
    // thousands of starts for two names: the limits are not what this measures
    rateLimits: {
      loginStartsPerAddress: { max: 1_000_000, windowSeconds: 60 },
      loginStartsPerUserAndAddress: { max: 1_000_000, windowSeconds: 60 },
      loginStartsPerUser: { max: 1_000_000, windowSeconds: 60 },
      requestsPerAddress: { max: 1_000_000, windowSeconds: 60 },
    },
  });
}, 30_000);
afterAll(() => idp.stop());

/** One request to the kit, timed; its answer and the cookie it set. */
async function timed(path: string, body: unknown, cookie = '') {
  const request = new Request(`${HOST}/api/auth${path}`, {
    method: 'POST',
    headers: { origin: HOST, 'content-type': 'application/json', cookie },
    body: JSON.stringify(body),
  });
  const started = performance.now();
  const answer = (await login.fetch(request, { clientAddress: '203.0.113.90' })) as Response;
  const json = (await answer.json()) as Record<string, unknown>;
  const ms = performance.now() - started;
  const setCookie = answer.headers.getSetCookie()[0]?.split(';')[0] ?? '';
  return { ms, status: answer.status, json, cookie: setCookie };
}

/**
 * The accuracy of the best single threshold learned on the even samples, on the odd ones: what a
 * simple attacker would reach telling `known` from `unknown` by time alone.
 */
function thresholdAccuracy(known: readonly number[], unknown: readonly number[]): number {
  const half = (list: readonly number[], parity: number) => list.filter((_, index) => index % 2 === parity);
  const train = [
    ...half(known, 0).map((ms) => ({ ms, known: true })),
    ...half(unknown, 0).map((ms) => ({ ms, known: false })),
  ];
  let best = { threshold: 0, knownAbove: true, accuracy: 0 };
  for (const { ms: threshold } of train) {
    for (const knownAbove of [true, false]) {
      const right = train.filter(({ ms, known }) => ms > threshold === (knownAbove === known)).length;
      if (right / train.length > best.accuracy)
        best = { threshold, knownAbove, accuracy: right / train.length };
    }
  }
  const test = [
    ...half(known, 1).map((ms) => ({ ms, known: true })),
    ...half(unknown, 1).map((ms) => ({ ms, known: false })),
  ];
  const right = test.filter(({ ms, known }) => ms > best.threshold === (best.knownAbove === known)).length;
  return right / test.length;
}

describe('timing does not tell a known user from an unknown one', () => {
  const starts = { known: [] as number[], unknown: [] as number[] };
  const logins = {
    known: [] as { id: string; cookie: string }[],
    unknown: [] as { id: string; cookie: string }[],
  };

  it(`login starts: a threshold classifier is right at most ${(0.5 + MARGIN) * 100} % of the time`, async () => {
    for (let round = 0; round < 20; round += 1)
      await timed('/oidc/bc-authorize', { userIdentifier: 'alice' }); // warm up
    for (let index = 0; index < SAMPLES; index += 1) {
      for (const kind of index % 2 === 0
        ? (['known', 'unknown'] as const)
        : (['unknown', 'known'] as const)) {
        const start = await timed('/oidc/bc-authorize', {
          userIdentifier: kind === 'known' ? 'alice' : `nobody-${index}`,
        });
        expect(start.status).toBe(200);
        starts[kind].push(start.ms);
        logins[kind].push({ id: String(start.json.auth_req_id), cookie: start.cookie });
      }
    }
    const accuracy = thresholdAccuracy(starts.known, starts.unknown);
    const q = (list: number[], share: number) =>
      (list.toSorted((x, y) => x - y)[Math.floor(list.length * share)] ?? 0).toFixed(2);
    console.info(
      `starts: known ${q(starts.known, 0.1)}/${q(starts.known, 0.5)}/${q(starts.known, 0.9)} ms, unknown ${q(starts.unknown, 0.1)}/${q(starts.unknown, 0.5)}/${q(starts.unknown, 0.9)} ms (10/50/90 %); classifier ${(accuracy * 100).toFixed(1)} %`,
    );
    expect(accuracy).toBeLessThanOrEqual(0.5 + MARGIN);
  }, 120_000);

  it(`polls: a threshold classifier is right at most ${(0.5 + MARGIN) * 100} % of the time, and no made-up poll reaches the IdP`, async () => {
    await new Promise((wait) => setTimeout(wait, 2_000)); // the interval, before the first poll
    const before = idp.requestCounts().token ?? 0;
    const polls = { known: [] as number[], unknown: [] as number[] };
    for (let index = 0; index < SAMPLES; index += 1) {
      for (const kind of index % 2 === 0
        ? (['known', 'unknown'] as const)
        : (['unknown', 'known'] as const)) {
        const { id, cookie } = logins[kind][index] as { id: string; cookie: string };
        const poll = await timed('/oidc/token', { authRequestId: id }, cookie);
        expect([poll.status, poll.json]).toEqual([202, { status: 'pending' }]);
        polls[kind].push(poll.ms);
      }
    }
    const accuracy = thresholdAccuracy(polls.known, polls.unknown);
    const q = (list: number[], share: number) =>
      (list.toSorted((x, y) => x - y)[Math.floor(list.length * share)] ?? 0).toFixed(2);
    console.info(
      `polls: known ${q(polls.known, 0.1)}/${q(polls.known, 0.5)}/${q(polls.known, 0.9)} ms, unknown ${q(polls.unknown, 0.1)}/${q(polls.unknown, 0.5)}/${q(polls.unknown, 0.9)} ms (10/50/90 %); classifier ${(accuracy * 100).toFixed(1)} %`,
    );
    expect(accuracy).toBeLessThanOrEqual(0.5 + MARGIN);
    expect((idp.requestCounts().token ?? 0) - before).toBe(SAMPLES);
  }, 120_000);
});
