import { describe, expect, it } from 'vitest';
import { type KitHarness, kitHarness, ORIGIN, type TestBrowser } from '../../../test/support/kit-harness.js';
import { settle } from '../../../test/support/manual-clock.js';

/** The IdP's notification for `id` with `token`, sent to `login`. */
async function notify(login: KitHarness['login'], token: string, id: string) {
  const answer = await login.fetch(
    new Request(`${ORIGIN}/api/auth/ciba/notify`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ auth_req_id: id }),
    }),
    { clientAddress: '10.0.0.5' },
  );
  return answer?.status;
}

/** Starts a login and sends its first status request at once (held), without awaiting it. */
async function startHeld(harness: KitHarness, browser: TestBrowser, user = 'alice', to = harness.login) {
  const id = String((await browser.start(user)).json.auth_req_id);
  let answer: { status: number; json: Record<string, unknown> } | undefined;
  void browser.poll(id, { to }).then((settled) => (answer = settled));
  await settle();
  return { id, answer: () => answer };
}

describe('ping mode', () => {
  it('says in the start answer that status requests are held (held: true), for made-up logins too; poll mode does not', async () => {
    const ping = kitHarness({ cibaPing: true });
    expect((await ping.browser().start('alice')).json.held).toBe(true);
    expect((await ping.browser('203.0.113.2').start('nobody-known')).json.held).toBe(true);
    expect((await kitHarness().browser().start('alice')).json).not.toHaveProperty('held');
  });

  it('a notification on one instance wakes the request held on another at once; the IdP is asked once', async () => {
    const harness = kitHarness({ cibaPing: true });
    const other = harness.instance();
    const browser = harness.browser();
    const held = await startHeld(harness, browser, 'alice', other.login);
    const token = harness.idp.latest().clientNotificationToken ?? '';
    await harness.clock.advance(1_000);
    expect(held.answer()).toBeUndefined();
    harness.idp.approve(held.id);
    expect(await notify(harness.login, token, held.id)).toBe(204);
    await settle();
    expect(held.answer()?.status).toBe(200);
    expect(held.answer()?.json).toMatchObject({ user: { sub: 'user-alice' } });
    expect(harness.idp.count('checkCibaStatus')).toBe(1);
    // the notification again, or a second status request: nothing more is asked
    expect(await notify(harness.login, token, held.id)).toBe(204);
    expect(harness.idp.count('checkCibaStatus')).toBe(1);
  });

  it('a held request ends after the hold, pending, without asking the IdP', async () => {
    const harness = kitHarness({ cibaPing: { holdSeconds: 3 } });
    const held = await startHeld(harness, harness.browser());
    await harness.clock.advance(2_999);
    expect(held.answer()).toBeUndefined();
    await harness.clock.advance(1);
    await settle();
    expect(held.answer()?.json).toEqual({ error: 'authorization_pending' });
    expect(harness.idp.count('checkCibaStatus')).toBe(0);
  });

  it("a forged token, another secret's, or a login's token used for another login decides nothing", async () => {
    const harness = kitHarness({ cibaPing: true });
    const browser = harness.browser();
    const first = await startHeld(harness, browser);
    const firstToken = harness.idp.latest().clientNotificationToken ?? '';
    const second = await startHeld(harness, harness.browser('203.0.113.30'), 'bob');
    const foreign = kitHarness({ cibaPing: true, secrets: ['another-secret-of-sufficient-length-0123456'] });
    await foreign.browser().start('alice');
    const foreignToken = foreign.idp.latest().clientNotificationToken ?? '';
    harness.idp.approve(second.id);
    expect(await notify(harness.login, 'forged-token-forged-token-forged-token-0000', second.id)).toBe(404);
    expect(await notify(harness.login, foreignToken, second.id)).toBe(404);
    expect(await notify(harness.login, firstToken, second.id)).toBe(204); // a token of ours, for the wrong login
    await harness.clock.advance(8_000);
    await settle();
    expect(second.answer()?.json).toEqual({ error: 'authorization_pending' });
    expect(first.answer()?.json).toEqual({ error: 'authorization_pending' });
    expect(harness.idp.count('checkCibaStatus')).toBe(0);
  });

  it('a notification while the store is away is written when it answers; the login then completes', async () => {
    const harness = kitHarness({ cibaPing: { holdSeconds: 1 } });
    const other = harness.instance();
    const browser = harness.browser();
    const id = String((await browser.start('alice')).json.auth_req_id);
    const token = harness.idp.latest().clientNotificationToken ?? '';
    harness.idp.approve(id);
    harness.store.mode = 'down';
    expect(await notify(harness.login, token, id)).toBe(204); // never lost for the IdP
    const during = browser.poll(id, { to: other.login }); // the other instance cannot know yet
    await harness.clock.advance(1_000);
    expect((await during).json).toEqual({ error: 'authorization_pending' });
    harness.store.thaw();
    await harness.clock.advance(300);
    const after = await browser.poll(id, { to: other.login });
    expect([after.status, after.json.user]).toEqual([200, { sub: 'user-alice', name: 'user-alice Example' }]);
  });

  it('without a notification, the kit asks the IdP itself 30 s after the start, once across instances', async () => {
    const harness = kitHarness({ cibaPing: { holdSeconds: 1 } });
    const other = harness.instance();
    const browser = harness.browser();
    const id = String((await browser.start('alice')).json.auth_req_id);
    harness.idp.approve(id);
    await harness.clock.advance(30_000);
    const both = Promise.all([browser.poll(id), browser.poll(id, { to: other.login })]);
    await harness.clock.advance(1_000);
    const [here, there] = await both;
    expect([here.status, there.status].sort()).toEqual([200, 400]);
    expect(harness.idp.count('checkCibaStatus')).toBe(1);
  });
});
