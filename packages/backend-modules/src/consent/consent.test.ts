import {
  OnesValidationError,
  PERSONAL_DATA_CONSENT_PROPERTIES,
  type PersonalDataConsentProperty,
} from '@ones.dev/common';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { underFakeClock } from '../../test/support/fake-clock.js';
import { rejectionOf, useIdpFixture } from '../../test/support/idp-fixture.js';

const fx = useIdpFixture();
const { EMAIL, FULL_NAME, DATE_OF_BIRTH } = PERSONAL_DATA_CONSENT_PROPERTIES;
const WANTED = [{ name: EMAIL }, { name: FULL_NAME }, { name: DATE_OF_BIRTH }];
const REASON = 'To create your customer account';

afterEach(() => {
  vi.useRealTimers();
});

/** The vendor's first steps: a CIBA login for alice, her validated `sub`. */
async function loggedInSub(): Promise<string> {
  const login = await fx.auth.makeCibaRequest({ loginHint: { kind: 'username', value: 'alice' } });
  await fx.idp.approveLogin({ authReqId: login.auth_req_id });
  const tokens = await fx.auth.checkCibaStatus(login.auth_req_id);
  const claims = await fx.auth.validateJwt(tokens.id_token ?? '', { tokenType: 'id_token' });
  return claims.sub ?? '';
}

describe('consent, the vendor flow end to end', () => {
  it('CIBA → validateJwt → sub → consent request → poll → approved content with the released values', async () => {
    const sub = await loggedInSub();
    const request = await fx.auth.makeConsentRequest(sub, 'https://shop.example', WANTED, REASON);
    expect(request).toEqual({ id: expect.stringMatching(/^consent-/), status: 'pending' });
    const [sent] = fx.idp.received.filter((r) => r.endpoint === 'consent-create');
    expect(sent?.json).toEqual({
      subject: 'user-alice',
      resource: 'https://shop.example',
      content: WANTED,
      reason: REASON,
    });

    const pending = await fx.auth.checkConsentStatus(request.id);
    expect(pending).toEqual({ id: request.id, status: 'pending', content: WANTED });

    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const decision = await underFakeClock(5, (wake) =>
      fx.auth.waitForConsentDecision(request.id, {
        onPoll: (event) => {
          if (event.attempt === 2) fx.idp.approveConsent({ id: request.id });
          wake(event);
        },
      }),
    );
    expect(decision).toEqual({
      id: request.id,
      status: 'approved',
      content: [
        { name: EMAIL, value: 'alice@example.com' },
        { name: FULL_NAME, value: 'Alice Example' },
        { name: DATE_OF_BIRTH, value: '1990-04-01' },
      ],
    });
    expect(fx.idp.count('consent-status')).toBe(1 + 3);
  });

  it('the denied branch resolves with the denial and no values', async () => {
    const sub = await loggedInSub();
    const request = await fx.auth.makeConsentRequest(sub, 'https://shop.example', WANTED, REASON);
    fx.idp.denyConsent({ id: request.id });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const decision = await underFakeClock(5, (onPoll) =>
      fx.auth.waitForConsentDecision(request.id, { onPoll }),
    );
    expect(decision).toEqual({ id: request.id, status: 'denied', content: WANTED });
  });

  it('releases only what the user chose, and expiry is a decision too', async () => {
    const request = await fx.auth.makeConsentRequest('user-bob', 'shop', [{ name: EMAIL }], REASON);
    fx.idp.approveConsent({ id: request.id, values: { email: 'bob+shop@example.com' } });
    expect((await fx.auth.checkConsentStatus(request.id)).content).toEqual([
      { name: EMAIL, value: 'bob+shop@example.com' },
    ]);
    const late = await fx.auth.makeConsentRequest('user-bob', 'shop', [{ name: EMAIL }], REASON);
    fx.idp.expireConsent({ id: late.id });
    await expect(fx.auth.waitForConsentDecision(late.id, { intervalSeconds: 1 })).resolves.toMatchObject({
      status: 'expired',
    });
  });
});

describe('makeConsentRequest', () => {
  it.each([
    [
      [{ name: EMAIL }, { name: 'shoeSize' as PersonalDataConsentProperty }],
      '"content[1].name" must be { name } with a name from PERSONAL_DATA_CONSENT_PROPERTIES',
    ],
    [[], '"content" must list at least one property'],
  ])('refuses invalid content before sending: %j', async (content, message) => {
    const error = await rejectionOf(fx.auth.makeConsentRequest('user-alice', 'shop', content, REASON));
    expect(error).toBeInstanceOf(OnesValidationError);
    expect(error.code).toBe('ERR_VALIDATION_ARGUMENT');
    expect(error.message).toContain(message);
    expect(fx.idp.received).toEqual([]);
  });

  it('refuses an empty subject and a reason that is empty or too long', async () => {
    expect((await rejectionOf(fx.auth.makeConsentRequest('', 'shop', WANTED, REASON))).message).toBe(
      '"subject" must be a non-empty string',
    );
    expect((await rejectionOf(fx.auth.makeConsentRequest('user-alice', 'shop', WANTED, ''))).message).toBe(
      '"reason" must be text of 1 to 500 characters',
    );
    expect(
      (await rejectionOf(fx.auth.makeConsentRequest('user-alice', 'shop', WANTED, 'x'.repeat(501)))).code,
    ).toBe('ERR_VALIDATION_ARGUMENT');
    expect(fx.idp.received).toEqual([]);
  });

  it('retries once with a fresh device token after a 401, and reports IdP errors with their status', async () => {
    await fx.auth.makeDeviceAccessToken();
    fx.idp.revokeAccessTokens();
    await expect(fx.auth.makeConsentRequest('user-alice', 'shop', WANTED, REASON)).resolves.toMatchObject({
      status: 'pending',
    });
    expect(fx.idp.count('token')).toBe(2);
    expect(fx.idp.received.filter((r) => r.endpoint === 'consent-create').map((r) => r.status)).toEqual([
      401, 200,
    ]);
    const unknownUser = await rejectionOf(fx.auth.makeConsentRequest('user-nobody', 'shop', WANTED, REASON));
    expect(unknownUser.response).toEqual({ status: 404, data: { error: 'unknown_subject' } });
  });
});

describe('checkConsentStatus', () => {
  it('an unknown id rejects with response.status 404', async () => {
    const error = await rejectionOf(fx.auth.checkConsentStatus('consent-unknown'));
    expect((error.response as { status: number }).status).toBe(404);
  });

  it('refuses an answer about another request', async () => {
    const request = await fx.auth.makeConsentRequest('user-alice', 'shop', WANTED, REASON);
    fx.idp.failNext('consent-status', {
      status: 200,
      body: { id: 'consent-other', status: 'approved', content: [] },
    });
    const error = await rejectionOf(fx.auth.checkConsentStatus(request.id));
    expect(error.code).toBe('ERR_VALIDATION_RESPONSE');
  });

  it('waitForConsentDecision stops at its deadline with ERR_TIMEOUT_POLLING', async () => {
    const request = await fx.auth.makeConsentRequest('user-alice', 'shop', WANTED, REASON);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const error = await rejectionOf(
      underFakeClock(5, (onPoll) =>
        fx.auth.waitForConsentDecision(request.id, { expiresInSeconds: 12, onPoll }),
      ),
    );
    expect(error.code).toBe('ERR_TIMEOUT_POLLING');
    expect(fx.idp.count('consent-status')).toBe(2); // at 5 s and 10 s
  });
});
