// Benchmark 6: N CIBA logins pending at once (default 1,000, started over 10 s, each approved 10 to
// 12 s after it started — uniformly, so that approvals do not line up with the 2 s CIBA interval), three ways, each client in its own child process against its
// own dev-idp (also a child process): the SDK polling, openid-client v6 polling, and the SDK in ping
// mode (a notification endpoint, one token request when notified). Reports CPU per login, peak RSS,
// event-loop delay p99, IdP requests per login and approval → tokens latency, and checks the targets
// of issue 15 as ratios in this one run. `LOAD_N=300 node ciba-load.bench.mjs` for a quicker run.
import { fork } from 'node:child_process';
import { report } from './fake-ones.mjs';
import { startLoadIdp } from './load-idp-process.mjs';

const N = Number(process.env.LOAD_N ?? 1000);
const SPREAD_MS = 10_000;
const APPROVE_AFTER_MS = 10_000;
/** Approvals spread over one interval: a poll then finds one on average half an interval late. */
const APPROVE_JITTER_MS = 2_000;

const percentile = (values, p) =>
  values.toSorted((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))];

/** One client implementation under load; its measurements and the IdP's view of the run. */
async function run(impl) {
  const child = fork(new URL('./load-client.mjs', import.meta.url), [impl, String(N), String(SPREAD_MS)], {
    // LOAD_PROFILE=<folder>: a CPU profile of each client process (node --cpu-prof), to see where it goes
    execArgv: process.env.LOAD_PROFILE
      ? ['--cpu-prof', '--cpu-prof-dir', `${process.env.LOAD_PROFILE}/${impl}`]
      : [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const messages = [];
  let deliver;
  child.on('message', (message) => {
    if (message.started !== undefined)
      return idp?.approveAfter(
        message.started,
        message.delayMs ?? APPROVE_AFTER_MS + Math.random() * APPROVE_JITTER_MS,
      );
    if (deliver) deliver(message);
    else messages.push(message);
  });
  /** The client's next message (its notification endpoint, then its result). */
  const next = () => {
    if (messages.length > 0) return Promise.resolve(messages.shift());
    return new Promise((resolve) => {
      deliver = (message) => {
        deliver = undefined;
        resolve(message);
      };
    });
  };
  let idp;
  let endpoint;
  if (impl === 'sdk-ping') ({ endpoint } = await next());
  idp = await startLoadIdp(endpoint);
  child.send({ idp: { configPath: idp.configPath, privateKeyPem: idp.privateKeyPem, issuer: idp.issuer } });
  const { result } = await next();
  const { approvedAt, counts } = await idp.report();
  idp.stop();
  const latencies = Object.entries(result.tokensAt)
    .filter(([id]) => approvedAt[id] !== undefined)
    .map(([id, at]) => at - approvedAt[id]);
  // the warm-up login made one bc-authorize and its token requests too: counted per login of N + 1
  const idpRequests = ((counts['bc-authorize'] ?? 0) + (counts.token ?? 0)) / (N + 1);
  const line = {
    cpu: result.cpuMsPerLogin,
    rss: result.maxRssMb,
    eld: result.eventLoopP99Ms,
    idpRequests,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    failures: result.failures,
    user: result.userMsPerLogin,
    system: result.systemMsPerLogin,
    mainThread: result.mainThreadMsPerLogin,
  };
  console.log(
    `      ${impl.padEnd(19)} CPU ${line.cpu.toFixed(2)} ms/login (user ${line.user.toFixed(2)}, system ${line.system.toFixed(2)}, main thread ${line.mainThread.toFixed(2)}), peak RSS ${line.rss.toFixed(0)} MB, event-loop delay p99 ${line.eld.toFixed(1)} ms, IdP requests ${line.idpRequests.toFixed(2)}/login, approval → tokens p50 ${line.p50} ms p95 ${line.p95} ms, ${line.failures} failed`,
  );
  return line;
}

console.log(
  `${N} CIBA logins pending at once (started over ${SPREAD_MS / 1000} s, approved ${APPROVE_AFTER_MS / 1000}–${(APPROVE_AFTER_MS + APPROVE_JITTER_MS) / 1000} s later, interval 2 s):`,
);
const sdkPoll = await run('sdk-poll');
const peerPoll = await run('openid-client-poll');
const sdkPing = await run('sdk-ping');

const cpuPoll = sdkPoll.cpu / peerPoll.cpu;
const rssPoll = sdkPoll.rss / peerPoll.rss;
const cpuPing = sdkPing.cpu / peerPoll.cpu;
report(
  'poll mode: CPU per login vs openid-client',
  cpuPoll <= 0.9,
  `${cpuPoll.toFixed(2)}× (target ≤ 0.90×)`,
);
report('poll mode: peak RSS vs openid-client', rssPoll <= 1.0, `${rssPoll.toFixed(2)}× (target ≤ 1.00×)`);
report(
  'ping mode: CPU per login vs openid-client polling',
  cpuPing <= 0.5,
  `${cpuPing.toFixed(2)}× (target ≤ 0.50×)`,
);
report(
  'ping mode: IdP requests per login',
  Math.abs(sdkPing.idpRequests - 2) < 0.01,
  `${sdkPing.idpRequests.toFixed(2)} (target 2: bc-authorize and one token request)`,
);
report(
  'ping mode: approval → tokens p50',
  sdkPing.p50 <= 300,
  `${sdkPing.p50} ms (target ≤ 300 ms; polling: ${sdkPoll.p50} ms)`,
);
for (const [name, line] of [
  ['SDK poll', sdkPoll],
  ['openid-client poll', peerPoll],
  ['SDK ping', sdkPing],
]) {
  report(
    `${name}: event-loop delay p99 and failures`,
    line.eld < 50 && line.failures === 0,
    `${line.eld.toFixed(1)} ms (target < 50 ms), ${line.failures} failed logins (target 0)`,
  );
}
