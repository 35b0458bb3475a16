import { jsonAnswer, LoginRefusal } from '../http/answers.js';
import { secondsOf } from '../settings/clock.js';
import { currentSession, type LoginRoute, requireSessionMode } from './route-request.js';

/** How long a consent ticket stays valid in the browser. */
const TICKET_SECONDS = 15 * 60;

/**
 * `POST /consent` `{ content: ['email', …], reason }`: asks the logged-in user (by their `sub`) on
 * the phone to release personal data to your `consentResource`. Answers `{ id, status }`, where `id`
 * is a ticket that only this session can redeem at `/consent/status`; the IdP's id stays inside it.
 */
export const makeConsent: LoginRoute = async (request, kit) => {
  requireSessionMode(kit, 'the consent routes exist');
  const session = await currentSession(request, kit);
  const { content, reason } = request.body;
  if (!Array.isArray(content) || content.length === 0 || !content.every((name) => typeof name === 'string')) {
    throw new LoginRefusal(
      'ERR_LOGIN_BODY_INVALID',
      '"content" must list the names of the properties asked for',
    );
  }
  if (typeof reason !== 'string')
    throw new LoginRefusal('ERR_LOGIN_BODY_INVALID', '"reason" must be a string');
  const sub = String(session.user.sub);
  // each request prompts the user's phone: it counts against the per-user allowance
  await kit.limits.countConsentPrompt(sub);
  const created = await kit.idp((options) =>
    kit.settings.auth.makeConsentRequest(
      sub,
      kit.settings.consentResource,
      content.map((name) => ({ name: name as never })),
      reason,
      options,
    ),
  );
  const ticket = await kit.cookies.consentTickets.seal(
    { cid: created.id, sid: session.sid },
    secondsOf(kit.clock) + TICKET_SECONDS,
  );
  return jsonAnswer(200, { id: ticket, status: created.status });
};

/**
 * `POST /consent/status` `{ id }`: where this session's consent request stands: `{ status, content }`,
 * with the released values once approved. A ticket from another session gets 404, and so does one
 * whose decision was already handed out.
 */
export const checkConsent: LoginRoute = async (request, kit) => {
  requireSessionMode(kit, 'the consent routes exist');
  const session = await currentSession(request, kit);
  const { id } = request.body;
  const ticket = typeof id === 'string' ? await kit.cookies.consentTickets.open(id) : undefined;
  if (typeof ticket?.cid !== 'string' || ticket.sid !== session.sid) {
    throw new LoginRefusal('ERR_LOGIN_NOT_FOUND', 'no such consent request in this session');
  }
  const consentId = ticket.cid;
  const pace = kit.keys.consent(consentId, 'pace');
  if (!(await kit.store.orLocal((store) => store.add(pace, '1', 0.8)))) {
    throw new LoginRefusal('ERR_LOGIN_RATE_LIMITED', 'ask at most once a second', { 'retry-after': '1' });
  }
  const done = kit.keys.consent(consentId, 'done');
  if ((await kit.store.orLocal((store) => store.get(done))) !== null) {
    throw new LoginRefusal('ERR_LOGIN_NOT_FOUND', 'this consent request was already answered');
  }
  const { status, content } = await kit.idp((options) =>
    kit.settings.auth.checkConsentStatus(consentId, options),
  );
  // once decided, a ticket is spent: the released values are handed out once
  if (status !== 'pending') await kit.store.orLocal((store) => store.set(done, '1', TICKET_SECONDS));
  return jsonAnswer(200, { status, content });
};
