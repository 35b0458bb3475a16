import {
  CONSENT_STATUS,
  PERSONAL_DATA_CONSENT_PROPERTIES,
  type PersonalDataConsentProperty,
} from '@ones.dev/common';
import type { FakeIdpContext } from './fake-idp-context.js';
import type { FakeConsentRequest } from './fake-idp-state.js';

type Answer = { readonly status: number; readonly body: Record<string, unknown> };

const PROPERTY_NAMES = new Set<string>(Object.values(PERSONAL_DATA_CONSENT_PROPERTIES));
const invalid = (description: string): Answer => ({
  status: 400,
  body: { error: 'invalid_request', error_description: description },
});

/** `POST {host}/consent/requests` `{ subject, resource, content: [{ name }], reason }` → `{ id, status }`. */
export function createConsentRequest(context: FakeIdpContext, body: unknown): Answer {
  const { subject, resource, content, reason } = (body ?? {}) as Record<string, unknown>;
  if (typeof subject !== 'string' || subject === '') return invalid('subject required');
  if (typeof resource !== 'string' || resource === '') return invalid('resource required');
  if (typeof reason !== 'string' || reason === '') return invalid('reason required');
  if (!Array.isArray(content) || content.length === 0)
    return invalid('content must list at least one property');
  const names = content.map((item) => (item as { name?: unknown } | null)?.name);
  const unknown = names.find((name) => typeof name !== 'string' || !PROPERTY_NAMES.has(name));
  if (unknown !== undefined) return invalid(`unknown property ${JSON.stringify(unknown)}`);
  if (!context.users.some((user) => user.sub === subject))
    return { status: 404, body: { error: 'unknown_subject' } };
  const id = `consent-${crypto.randomUUID()}`;
  context.state.consentRequests.set(id, {
    id,
    subject,
    resource,
    reason,
    names: names as PersonalDataConsentProperty[],
    status: CONSENT_STATUS.PENDING,
    released: {},
  });
  return { status: 200, body: { id, status: CONSENT_STATUS.PENDING } };
}

/** `GET {host}/consent/requests/{id}` → `{ id, status, content: [{ name, value? }] }`; values once approved. */
export function consentStatus(context: FakeIdpContext, id: string): Answer {
  const request = context.state.consentRequests.get(id);
  if (request === undefined)
    return { status: 404, body: { error: 'not_found', error_description: 'unknown consent request' } };
  const approved = request.status === CONSENT_STATUS.APPROVED;
  const content = request.names.map((name) => {
    const value = approved ? request.released[name] : undefined;
    return value === undefined ? { name } : { name, value };
  });
  return { status: 200, body: { id, status: request.status, content } };
}

/** The user approves on the phone: releases `values`, or else what their profile holds. */
export function approveConsent(
  context: FakeIdpContext,
  request: FakeConsentRequest,
  values: Readonly<Partial<Record<PersonalDataConsentProperty, string>>> | undefined,
): void {
  const profile = context.users.find((user) => user.sub === request.subject)?.profile ?? {};
  const source = values ?? profile;
  request.released = Object.fromEntries(
    request.names.flatMap((name) => (source[name] === undefined ? [] : [[name, source[name]]])),
  );
  request.status = CONSENT_STATUS.APPROVED;
}
