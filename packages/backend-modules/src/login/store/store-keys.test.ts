import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { StoreKeys } from './store-keys.js';

const keys = new StoreKeys(new Uint8Array(32).fill(1));
const DIGEST = /^[\w-]{43}$/;

/** The heap in use after a full collection, in megabytes. */
function heapMb(): number {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

describe('StoreKeys', () => {
  it('names a logout by the session id itself, as every earlier version did', () => {
    expect(keys.logout('k3Jx-sid')).toBe('ones:logout:k3Jx-sid');
  });

  it('names every other key by its kind and a keyed digest of what the browser or the IdP chose', () => {
    const named = {
      pollPace: keys.pollPace('login-1'),
      idpPace: keys.idpPace('login-1'),
      decided: keys.decided('token', 'login-1'),
      claim: keys.claim('login-1', 'notified'),
      refreshLock: keys.refresh('sid', 'rt', 'lock'),
      refreshResult: keys.refresh('sid', 'rt', 'result'),
      refreshPace: keys.refreshPace('sid'),
      consentPace: keys.consent('cid', 'pace'),
      consentDone: keys.consent('cid', 'done'),
      cibaTiming: keys.cibaTiming(),
      epoch: keys.epoch(),
      channel: keys.channel(),
    };
    const shapes = Object.fromEntries(
      Object.entries(named).map(([name, key]) => [name, key.replace(/[\w-]{43}/, 'D')]),
    );
    expect(shapes).toEqual({
      pollPace: 'ones:poll:D',
      idpPace: 'ones:idp-poll:D',
      decided: 'ones:ping-ready:D',
      claim: 'ones:claim:D:notified',
      refreshLock: 'ones:refresh:D:lock',
      refreshResult: 'ones:refresh:D:result',
      refreshPace: 'ones:refresh-pace:D',
      consentPace: 'ones:consent-pace:D',
      consentDone: 'ones:consent-done:D',
      cibaTiming: 'ones:ciba-timing:D',
      epoch: 'ones:epoch:D',
      channel: 'ones:events:D',
    });
    // no two purposes share a digest though they name the same id (a refresh's lock and result, a
    // consent's pace and done, share theirs): 10 of them
    const digests = Object.values(named).map((key) => key.match(/[\w-]{43}/)?.[0]);
    expect(new Set(digests).size).toBe(10);
    expect(JSON.stringify(named)).not.toContain('login-1');
  });

  it('gives each login, session, refresh token and consent request names of its own', () => {
    expect(keys.pollPace('login-1')).not.toBe(keys.pollPace('login-2'));
    expect(keys.idpPace('login-1')).not.toBe(keys.idpPace('login-2'));
    expect(keys.claim('login-1', 'notified')).not.toBe(keys.claim('login-2', 'notified'));
    expect(keys.claim('login-1', 'notified')).not.toBe(keys.claim('login-1', 'fallback'));
    expect(keys.refresh('sid-1', 'rt', 'lock')).not.toBe(keys.refresh('sid-2', 'rt', 'lock'));
    expect(keys.refresh('sid-1', 'rt', 'lock')).not.toBe(keys.refresh('sid-1', 'rt-2', 'lock'));
    expect(keys.refreshPace('sid-1')).not.toBe(keys.refreshPace('sid-2'));
    expect(keys.consent('consent-1', 'pace')).not.toBe(keys.consent('consent-2', 'pace'));
    expect(keys.consent('consent-1', 'done')).not.toBe(keys.consent('consent-2', 'done'));
  });

  it('names what all instances share the same from version to version (two versions meet in one store during a rolling upgrade)', () => {
    expect([keys.epoch(), keys.channel(), keys.cibaTiming()]).toEqual([
      'ones:epoch:Mu9Yjk4fudN3KMwrCPRZhasNJoGx1ZKTKBheMdfk-hA',
      'ones:events:Up-qGmqJknn1RiUm1qfb4qKHdfvCF7QKUdoeEllUAhY',
      'ones:ciba-timing:LNmmgaKeYaYhJeKme28VuoVB3k3o-ft419kP9MpT76k',
    ]);
  });

  it('keeps counters of one kind and window in one group, a field per subject', () => {
    const a = keys.counter('start-user', 'username\nbob', 7);
    const b = keys.counter('start-user', 'username\nalice', 7);
    expect([a.group, b.group]).toEqual(['ones:rl:start-user:7', 'ones:rl:start-user:7']);
    expect(a.field).toMatch(DIGEST);
    expect(a.field).not.toBe(b.field);
    expect(a.single).toBe(`ones:rl:start-user:7:${a.field}`);
    expect(keys.counter('start-address', 'username\nbob', 7).field).not.toBe(a.field);
  });

  it('digests under the key it was given: another secret, other names; the same secret, the same names', () => {
    const other = new StoreKeys(new Uint8Array(32).fill(2));
    expect(other.epoch()).not.toBe(keys.epoch());
    expect(new StoreKeys(new Uint8Array(32).fill(1)).epoch()).toBe(keys.epoch());
    expect(keys.decided('token', 'login-1')).not.toBe(keys.decided('token', 'login-2'));
    expect(keys.decided('token-a', 'login-1')).not.toBe(keys.decided('token-b', 'login-1'));
    // the same answers after more than a thousand other names (the memo of digests is bounded)
    const before = keys.pollPace('login-1');
    for (let index = 0; index < 1500; index += 1) keys.pollPace(`other-${index}`);
    expect(keys.pollPace('login-1')).toBe(before);
  });

  it('keeps a bounded memo of digests: a flood of long login ids does not stay in memory', () => {
    const flooded = new StoreKeys(new Uint8Array(32).fill(3));
    const before = heapMb();
    for (let index = 0; index < 2_500; index += 1)
      flooded.pollPace(JSON.parse(JSON.stringify(`${index}`.padEnd(16 * 1024, '.'))));
    // at most the thousand latest (here 500, 8 MB) are kept, not all 2,500 (40 MB)
    expect(heapMb() - before).toBeLessThan(20);
    // (the keys in use all along: a collected one would free its memo however large)
    expect(flooded.pollPace('login-1')).toBe(new StoreKeys(new Uint8Array(32).fill(3)).pollPace('login-1'));
  });
});
