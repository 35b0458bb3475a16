import { unixTimeInSeconds } from '@ones.dev/common';
import { jsonAnswer, LoginRefusal } from './login-answers.js';
import { countPhonePrompt } from './rate-limits.js';
import type { LoginRoute, RouteContext } from './route-context.js';
import { currentSession } from './session-routes.js';

/** How long a consent ticket stays valid in the browser. */
const TICKET_SECONDS = 15 * 60;

async function sessionForConsent(context: RouteContext) {
  if (context.kit.settings.mode !== 'session') {
    throw new LoginRefusal('ERR_LOGIN_WRONG_MODE', 'the consent routes exist in session mode only');
  }
  return currentSession(context);
}

/**
 * `POST /consent` `{ content: ['email', …], reason }`: asks the logged-in user (by their `sub`) on
 * the phone to release personal data to your `consentResource`. Answers `{ id, status }`, where `id`
 * is a ticket that only this session can redeem at `/consent/status`; the IdP's id stays inside it.
 */
export const makeConsent: LoginRoute = async (context) => {
  const session = await sessionForConsent(context);
  const { content, reason } = context.body;
  if (!Array.isArray(content) || content.length === 0 || !content.every((name) => typeof name === 'string')) {
    throw new LoginRefusal(
      'ERR_LOGIN_BODY_INVALID',
      '"content" must list the names of the properties asked for',
    );
  }
  if (typeof reason !== 'string')
    throw new LoginRefusal('ERR_LOGIN_BODY_INVALID', '"reason" must be a string');
  const { kit } = context;
  // each request prompts the user's phone: it counts against the same allowance as a login start
  await countPhonePrompt(context, String(session.user.sub));
  const created = await kit.settings.auth.makeConsentRequest(
    String(session.user.sub),
    kit.settings.consentResource,
    content.map((name) => ({ name: name as never })),
    reason,
  );
  const ticket = await kit.consentTickets.seal(
    { cid: created.id, sid: session.sid },
    unixTimeInSeconds() + TICKET_SECONDS,
  );
  return jsonAnswer(200, { id: ticket, status: created.status });
};

/**
 * `POST /consent/status` `{ id }`: where this session's consent request stands: `{ status, content }`,
 * with the released values once approved. A ticket from another session gets 404, and so does one
 * whose decision was already handed out.
 */
export const checkConsent: LoginRoute = async (context) => {
  const session = await sessionForConsent(context);
  const { id } = context.body;
  const ticket = typeof id === 'string' ? await context.kit.consentTickets.open(id) : undefined;
  if (typeof ticket?.cid !== 'string' || ticket.sid !== session.sid) {
    throw new LoginRefusal('ERR_LOGIN_NOT_FOUND', 'no such consent request in this session');
  }
  const digest = context.kit.rateLimits.digest(`consent\n${ticket.cid}`);
  const pace = `ones:consent-poll:${digest}`;
  if (!(await context.kit.settings.store.add(pace, '1', 0.8))) {
    throw new LoginRefusal('ERR_LOGIN_RATE_LIMITED', 'ask at most once a second', { 'retry-after': '1' });
  }
  const done = `ones:consent-done:${digest}`;
  if ((await context.kit.settings.store.get(done)) !== null) {
    throw new LoginRefusal('ERR_LOGIN_NOT_FOUND', 'this consent request was already answered');
  }
  const { status, content } = await context.kit.settings.auth.checkConsentStatus(ticket.cid);
  // once decided, a ticket is spent: the released values are handed out once
  if (status !== 'pending') await context.kit.settings.store.set(done, '1', TICKET_SECONDS);
  return jsonAnswer(200, { status, content });
};
