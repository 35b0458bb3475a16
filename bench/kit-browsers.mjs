// For the login-kit scale benchmark: N simulated browsers in one process, each with its own
// address (X-Forwarded-For) and cookie jar, logging in through the session helpers of
// @ones.dev/common (`logInWithUsernameClient`), every request going to the next kit instance in
// turn (a load balancer without sticky sessions). Each tells the parent its login's auth_req_id (the
// parent has the IdP approve it later), and when its session came. Then it logs out and checks that
// its old cookie is refused by the other instance.

import { logInWithUsernameClient } from '@ones.dev/common';

const { instances, origin, count, spreadMs } = JSON.parse(process.argv[2]);
const send = (message) => process.send(message);
let turn = 0;

/** The address of a `fetch` input: a string, a URL or a Request. */
const hrefOf = (input) => (typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);

/** One browser: its cookies, its address, its requests spread over the instances. */
function browser(index) {
  const cookies = new Map();
  const timeline = []; // every request: route, instance (port), when sent, how long, status
  const address = `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`;
  const header = () => [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  const fetchVia = async (input, init = {}, to) => {
    const url = new URL(hrefOf(input));
    const base = to ?? instances[turn++ % instances.length];
    const headers = new Headers(init.headers);
    headers.set('x-forwarded-for', address);
    if (cookies.size > 0) headers.set('cookie', header());
    if ((init.method ?? 'GET') !== 'GET') headers.set('origin', origin);
    const sent = Date.now();
    const response = await fetch(`${base}${url.pathname}`, { ...init, headers });
    timeline.push(
      `${url.pathname.split('/').pop()} → ${base.split(':').pop()}: ${sent} +${Date.now() - sent} ms ${response.status}`,
    );
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair.indexOf('=');
      if (/max-age=0\b/i.test(line)) cookies.delete(pair.slice(0, at));
      else cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
    return response;
  };
  return { cookies, header, fetchVia, timeline };
}

/** Phase 1: a login through the session helper; the browser, for phase 2. */
async function oneLogin(index) {
  const { header, fetchVia, timeline } = browser(index);
  let authReqId;
  const fetch = async (input, init) => {
    const response = await fetchVia(input, init);
    if (hrefOf(input).endsWith('/oidc/bc-authorize')) {
      authReqId = (await response.clone().json()).auth_req_id;
      send({ started: authReqId });
    }
    return response;
  };
  const session = await logInWithUsernameClient(origin, `user-${index}`, { fetch, timeoutMs: 15_000 });
  const sessionAt = Date.now();
  if (session.user.sub !== `sub-user-${index}`) throw new Error(`wrong user ${session.user.sub}`);
  return { authReqId, sessionAt, header, fetchVia, timeline };
}

/** Phase 2: log out on one instance, then replay the old cookie on each until it answers for sure. */
async function logOutAndReplay({ header, fetchVia }) {
  const replay = header();
  const loggedOut = await fetchVia(`${origin}/api/auth/logout`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
  });
  let lost = false;
  for (const instance of instances) {
    for (;;) {
      const answer = await globalThis.fetch(`${instance}/api/auth/session`, {
        headers: { cookie: replay, 'x-forwarded-for': '10.255.255.255' },
      });
      if (answer.status === 200) lost = true;
      if (answer.status !== 503) break;
      await new Promise((wait) => setTimeout(wait, 250)); // the store is away: ask again
    }
  }
  return { logoutStatus: loggedOut.status, lost };
}

/** Starts `count` runs of `task`, evenly over `spreadMs`; their outcomes, and how many failed. */
async function spread(items, task) {
  const outcomes = [];
  let failures = 0;
  const runs = [];
  for (const item of items) {
    runs.push(
      task(item).then(
        (outcome) => outcomes.push(outcome),
        (error) => {
          failures += 1;
          if (failures <= 5) console.error(`a browser failed: ${error.code ?? error.name}: ${error.message}`);
        },
      ),
    );
    await new Promise((wait) => setTimeout(wait, spreadMs / items.length));
  }
  await Promise.all(runs);
  return { outcomes, failures };
}

const logins = await spread(
  Array.from({ length: count }, (_, index) => index),
  oneLogin,
);
send({
  loggedIn: {
    sessions: logins.outcomes.map(({ authReqId, sessionAt, timeline }) => ({
      authReqId,
      sessionAt,
      timeline,
    })),
    failures: logins.failures,
  },
});
await new Promise((go) => process.once('message', go));
const logouts = await spread(logins.outcomes, logOutAndReplay);
send({
  loggedOut: {
    lost: logouts.outcomes.filter(({ lost }) => lost).length,
    notEverywhere: logouts.outcomes.filter(({ logoutStatus }) => logoutStatus === 202).length,
    failures: logouts.failures,
  },
});
process.disconnect();
