// Benchmark 3: two full CIBA logins in a row against the fake OnesID, counting every request.
// Expected: the first makes 1 discovery, 1 bc-authorize, its polls and 1 JWKS fetch (for validateJwt);
// the second only its bc-authorize and polls. The user approves after the second poll of each login.
import { performance } from 'node:perf_hooks';
import { countByEndpoint, report, startFakeOnes } from './fake-ones.mjs';

const { idp, auth, stop } = await startFakeOnes({ cibaIntervalSeconds: 1 });

async function login(username) {
  const before = idp.received.length;
  const start = performance.now();
  const request = await auth.makeCibaRequest({ loginHint: { kind: 'username', value: username } });
  const tokens = await auth.waitForCibaTokens(request, {
    onPoll: ({ attempt }) => {
      if (attempt === 2) void idp.approveLogin({ authReqId: request.auth_req_id });
    },
  });
  const claims = await auth.validateJwt(tokens.id_token, { tokenType: 'id_token' });
  return {
    sub: claims.sub,
    ms: performance.now() - start,
    counts: countByEndpoint(idp.received.slice(before)),
  };
}

const first = await login('alice');
const second = await login('bob');
stop();
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
const polls = 3; // pending, pending, tokens
report(
  'first CIBA login: requests to the IdP',
  first.sub === 'user-alice' &&
    same(first.counts, { discovery: 1, 'bc-authorize': 1, token: polls, jwks: 1 }),
  `${JSON.stringify(first.counts)} in ${first.ms.toFixed(0)} ms (${polls} polls at 1 s)`,
);
report(
  'second CIBA login: requests to the IdP',
  second.sub === 'user-bob' && same(second.counts, { 'bc-authorize': 1, token: polls }),
  `${JSON.stringify(second.counts)} in ${second.ms.toFixed(0)} ms`,
);
