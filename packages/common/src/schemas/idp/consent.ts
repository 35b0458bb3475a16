import * as z from 'zod/mini';
import { CONSENT_STATUS } from '../../enums/consent-status.js';
import { PERSONAL_DATA_CONSENT_PROPERTIES } from '../../enums/personal-data-consent-properties.js';
import { NonEmptyString, WireId } from '../primitives.js';

const ConsentPropertyName = z.enum(PERSONAL_DATA_CONSENT_PROPERTIES);

/**
 * The body of `POST {host}/consent/requests`: whose data, for which resource, which properties, why.
 *
 * @example
 * ```ts
 * import { ConsentRequestBodySchema } from '@ones.dev/common/schemas';
 * const body = ConsentRequestBodySchema.parse({
 *   subject: 'user-sub', resource: 'https://shop.example', content: [{ name: 'email' }], reason: 'Account sign-up',
 * });
 * ```
 */
export const ConsentRequestBodySchema = z.object({
  subject: NonEmptyString,
  resource: NonEmptyString,
  content: z.array(z.object({ name: ConsentPropertyName })).check(z.minLength(1)),
  reason: z.string().check(z.minLength(1), z.maxLength(500)),
});
/** The body of a consent request; see {@link ConsentRequestBodySchema}. */
export type ConsentRequestBody = z.infer<typeof ConsentRequestBodySchema>;

/**
 * The IdP's answer to a new consent request.
 *
 * @example
 * ```ts
 * import { ConsentRequestCreatedSchema } from '@ones.dev/common/schemas';
 * const { id } = ConsentRequestCreatedSchema.parse({ id: 'c1', status: 'pending' });
 * ```
 */
export const ConsentRequestCreatedSchema = z.looseObject({ id: WireId, status: z.enum(CONSENT_STATUS) });
/** The IdP's answer to a new consent request; see {@link ConsentRequestCreatedSchema}. */
export type ConsentRequestCreated = z.infer<typeof ConsentRequestCreatedSchema>;

/**
 * A consent request's state: `GET {host}/consent/requests/{id}`. Approved content carries the values.
 *
 * @example
 * ```ts
 * import { ConsentStatusResponseSchema } from '@ones.dev/common/schemas';
 * const consent = ConsentStatusResponseSchema.parse({
 *   id: 'c1', status: 'approved', content: [{ name: 'email', value: 'alice@example.com' }],
 * });
 * ```
 */
export const ConsentStatusResponseSchema = z.looseObject({
  id: WireId,
  status: z.enum(CONSENT_STATUS),
  content: z.array(z.looseObject({ name: ConsentPropertyName, value: z.optional(z.string()) })),
});
/** A consent request's state; see {@link ConsentStatusResponseSchema}. */
export type ConsentStatusResponse = z.infer<typeof ConsentStatusResponseSchema>;
