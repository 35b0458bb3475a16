import { OnesValidationError } from '@ones.dev/common';
import * as z from 'zod/mini';
import type { IdpHttpClient } from '../http/idp-http-client.js';

const httpUrl = z.string().check(
  z.regex(/^https?:\/\//i),
  z.refine((value) => URL.canParse(value)),
);

/** The fields of an OpenID Provider's discovery document the SDK uses. */
const DiscoveryDocumentSchema = z.looseObject({
  issuer: httpUrl,
  token_endpoint: httpUrl,
  jwks_uri: httpUrl,
  introspection_endpoint: z.optional(httpUrl),
  revocation_endpoint: z.optional(httpUrl),
  userinfo_endpoint: z.optional(httpUrl),
  backchannel_authentication_endpoint: z.optional(httpUrl),
  /** An OnesID extension: where a client withdraws a CIBA request it made (CIBA Core has no such endpoint). */
  ones_ciba_cancel_endpoint: z.optional(httpUrl),
});

/**
 * The IdP endpoints the SDK calls. Each comes from discovery unless overridden.
 *
 * @example
 * ```ts
 * import type { IdpEndpoints } from '@ones.dev/backend-modules';
 * const overrides: Partial<IdpEndpoints> = { token: 'https://id.example/oidc/token' };
 * ```
 */
export interface IdpEndpoints {
  readonly issuer: string;
  readonly token: string;
  readonly introspection: string;
  readonly backchannelAuthentication: string;
  readonly jwks: string;
  /** RFC 7009 token revocation; only when the IdP advertises it (or you set it). */
  readonly revocation?: string | undefined;
  /** OpenID Connect UserInfo; only when the IdP advertises it (or you set it). */
  readonly userinfo?: string | undefined;
  /**
   * Where a CIBA request is withdrawn from the phone (an OnesID extension, `ones_ciba_cancel_endpoint`);
   * only when the IdP advertises it (or you set it).
   */
  readonly cibaCancel?: string | undefined;
}

/**
 * Fetches `{host}/oidc/.well-known/openid-configuration`, checks that `issuer` is `{host}/oidc` (OpenID
 * Connect Discovery §4.3), and merges the endpoints with the conventional defaults and overrides.
 */
export async function discoverEndpoints(
  http: IdpHttpClient,
  host: string,
  overrides: Partial<IdpEndpoints>,
): Promise<IdpEndpoints> {
  const expectedIssuer = overrides.issuer ?? `${host}/oidc`;
  const { data } = await http.send({
    method: 'GET',
    url: `${expectedIssuer}/.well-known/openid-configuration`,
    schema: DiscoveryDocumentSchema,
  });
  if (data.issuer !== expectedIssuer) {
    throw new OnesValidationError(
      'ERR_VALIDATION_RESPONSE',
      `discovery: "issuer" is ${JSON.stringify(data.issuer)} but the IdP is ${JSON.stringify(expectedIssuer)}`,
    );
  }
  return {
    issuer: expectedIssuer,
    token: overrides.token ?? data.token_endpoint,
    introspection:
      overrides.introspection ?? data.introspection_endpoint ?? `${expectedIssuer}/token/introspection`,
    backchannelAuthentication:
      overrides.backchannelAuthentication ??
      data.backchannel_authentication_endpoint ??
      `${expectedIssuer}/bc-authorize`,
    jwks: overrides.jwks ?? data.jwks_uri,
    revocation: overrides.revocation ?? data.revocation_endpoint,
    userinfo: overrides.userinfo ?? data.userinfo_endpoint,
    cibaCancel: overrides.cibaCancel ?? data.ones_ciba_cancel_endpoint,
  };
}
