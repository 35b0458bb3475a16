import { buildLoginCode } from '@ones.dev/common';
import { isBindingMessage } from '@ones.dev/common/internal';
import { findUser, type IdpUser, loginHintOfToken } from '@ones.dev/idp-model';
import type { JWK } from 'jose';
import type { ClientMetadata, Configuration, KoaContextWithOIDC } from 'oidc-provider';
import { errors } from 'oidc-provider';
import type { DevDevice } from '../device/enrol-device.js';
import type { DevIdpStore } from './memory-adapter.js';

/** A CIBA request that reached the phone: what the approval page shows. */
export interface CibaPrompt {
  readonly authReqId: string;
  /** The login's code, shown next to it on the approval page: `buildLoginCode(authReqId)`. */
  readonly loginCode: string;
  readonly user: IdpUser;
  readonly bindingMessage: string | undefined;
  readonly scope: string;
  readonly qrSessionId: string | undefined;
  /** ms since the epoch. */
  readonly expiresAt: number;
}

/** What the CIBA hooks need from the dev-idp around them. */
export interface CibaHooks {
  readonly users: readonly IdpUser[];
  readonly intervalSeconds: number;
  /** Checks a request's QR link before it is stored (the request's `qr_session_id`). */
  checkQrLink(ctx: KoaContextWithOIDC, qrSessionId: string, user: IdpUser | undefined): Promise<void>;
  /** The request exists now: show it on the phone. */
  prompt(ctx: KoaContextWithOIDC, prompt: CibaPrompt): void;
}

const JWS_ALGS = ['RS256', 'ES256', 'ES384', 'ES512'];
const JWE_ALGS = ['ECDH-ES', 'ECDH-ES+A128KW', 'ECDH-ES+A192KW', 'ECDH-ES+A256KW', 'RSA-OAEP-256'];

/** The user a `login_hint_token` (`{"kind":…,"value":…}` as a JSON string) names. */
function userOfLoginHintToken(users: readonly IdpUser[], token: unknown): IdpUser | undefined {
  const hint = loginHintOfToken(token);
  return hint && findUser(users, hint);
}

/** The registration of an enrolled device: private_key_jwt with its public key, signed CIBA requests. */
export function deviceClient(
  device: DevDevice,
  options: {
    readonly tokenSigningAlg?: 'ES256' | 'RS256';
    readonly pingEndpoint?: string | undefined;
    readonly userInfoAsJwt?: boolean;
    readonly encryptTo?: JWK | undefined;
    readonly jwtBearer?: boolean;
  } = {},
): ClientMetadata {
  const { tokenSigningAlg = 'ES256', pingEndpoint, encryptTo } = options;
  const encryptionAlg = (encryptTo?.alg ??
    (encryptTo?.kty === 'RSA' ? 'RSA-OAEP-256' : 'ECDH-ES')) as 'ECDH-ES';
  // With an encryption key beside it, the signing key says what it is for, so neither is taken for the other.
  const keys =
    encryptTo === undefined
      ? [device.publicJwk]
      : [
          { ...device.publicJwk, use: 'sig' },
          { ...encryptTo, use: 'enc', alg: encryptionAlg },
        ];
  return {
    client_id: device.clientId,
    client_name: 'OnesID dev device',
    token_endpoint_auth_method: 'private_key_jwt',
    token_endpoint_auth_signing_alg: device.alg,
    jwks: { keys: keys as never[] },
    grant_types: [
      'client_credentials',
      'urn:openid:params:grant-type:ciba',
      'refresh_token',
      ...(options.jwtBearer ? ['urn:ietf:params:oauth:grant-type:jwt-bearer'] : []),
    ],
    response_types: [],
    redirect_uris: [],
    // Ping mode when asked for. oidc-provider takes only an https endpoint; DevOidc delivers the pings
    // itself, to the endpoint as given (plain http on loopback in development).
    ...(pingEndpoint === undefined
      ? { backchannel_token_delivery_mode: 'poll' }
      : {
          backchannel_token_delivery_mode: 'ping',
          backchannel_client_notification_endpoint: pingEndpoint.replace(/^http:/, 'https:'),
        }),
    backchannel_authentication_request_signing_alg: device.alg,
    id_token_signed_response_alg: tokenSigningAlg,
    ...(options.userInfoAsJwt ? { userinfo_signed_response_alg: tokenSigningAlg } : {}),
    ...(encryptTo === undefined
      ? {}
      : {
          id_token_encrypted_response_alg: encryptionAlg,
          id_token_encrypted_response_enc: 'A256GCM',
          ...(options.userInfoAsJwt
            ? { userinfo_encrypted_response_alg: encryptionAlg, userinfo_encrypted_response_enc: 'A256GCM' }
            : {}),
        }),
  };
}

/** What dev-idp issues for one of its resources: a JWT access token (RFC 9068), 5 minutes, `api:read`. */
export function resourceServerInfo(resource: string, alg: 'ES256' | 'RS256') {
  return {
    scope: 'api:read',
    audience: resource,
    accessTokenFormat: 'jwt',
    accessTokenTTL: 300,
    jwt: { sign: { alg } },
  } as const;
}

/**
 * The oidc-provider configuration of the local OnesID: client_credentials, introspection, refresh
 * tokens (`offline_access`), CIBA (poll and ping) with signed request objects and a binding message
 * of up to 128 printable characters, resource indicators with JWT access tokens for `resources`,
 * JSON errors, storage owned by this dev-idp.
 */
export function providerConfiguration(options: {
  readonly clients: readonly ClientMetadata[];
  readonly jwks: { keys: object[] };
  readonly store: DevIdpStore;
  readonly resources: readonly string[];
  readonly hooks: CibaHooks;
  readonly tokenSigningAlg?: 'ES256' | 'RS256';
  /** Where a client withdraws its CIBA request (an OnesID extension), advertised in discovery. */
  readonly cibaCancelEndpoint?: string;
}): Configuration {
  const { hooks } = options;
  const userBySub = (sub: string) => hooks.users.find((user) => user.sub === sub);
  return {
    adapter: options.store.adapter as never,
    clients: [...options.clients],
    jwks: options.jwks as never,
    routes: { backchannel_authentication: '/bc-authorize' },
    ...(options.cibaCancelEndpoint === undefined
      ? {}
      : { discovery: { ones_ciba_cancel_endpoint: options.cibaCancelEndpoint } }),
    renderError: async (ctx, out) => {
      ctx.type = 'json';
      ctx.body = out;
    },
    claims: {
      openid: ['sub'],
      profile: ['name', 'given_name', 'family_name', 'birthdate'],
      email: ['email', 'email_verified'],
      phone: ['phone_number'],
    },
    scopes: ['openid', 'offline_access', 'profile', 'email', 'phone'],
    conformIdTokenClaims: false,
    extraParams: ['qr_session_id'],
    enabledJWA: {
      requestObjectSigningAlgValues: JWS_ALGS as never,
      clientAuthSigningAlgValues: JWS_ALGS as never,
      idTokenSigningAlgValues: ['ES256', 'RS256'] as never,
      userinfoSigningAlgValues: ['ES256', 'RS256'] as never,
      idTokenEncryptionAlgValues: JWE_ALGS as never,
      idTokenEncryptionEncValues: ['A256GCM'] as never,
      userinfoEncryptionAlgValues: JWE_ALGS as never,
      userinfoEncryptionEncValues: ['A256GCM'] as never,
    },
    findAccount: async (_ctx, sub) => {
      const user = userBySub(sub);
      if (user === undefined) return undefined;
      return {
        accountId: sub,
        claims: async () => ({
          sub,
          ...(user.profile?.fullName ? { name: user.profile.fullName } : {}),
          ...(user.profile?.firstName ? { given_name: user.profile.firstName } : {}),
          ...(user.profile?.lastName ? { family_name: user.profile.lastName } : {}),
          ...(user.profile?.dateOfBirth ? { birthdate: user.profile.dateOfBirth } : {}),
          ...(user.email ? { email: user.email, email_verified: true } : {}),
          ...(user.phone ? { phone_number: user.phone } : {}),
        }),
      };
    },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      // a device may introspect the tokens issued to it
      introspection: {
        enabled: true,
        allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId,
      },
      requestObjects: { enabled: true },
      // RFC 7009: the login kit revokes a session's tokens at logout
      revocation: { enabled: true },
      // OpenID Connect UserInfo (on by default) may answer a signed JWT to a client registered for it
      jwtUserinfo: { enabled: true },
      // Nested JWTs (ID tokens and UserInfo) for a client registered with an encryption key
      encryption: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: async (_ctx, _client, oneOf) => oneOf ?? (undefined as never),
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx, resource) => {
          if (!options.resources.includes(resource)) throw new errors.InvalidTarget();
          return resourceServerInfo(resource, options.tokenSigningAlg ?? 'ES256');
        },
      },
      ciba: {
        enabled: true,
        deliveryModes: ['poll', 'ping'],
        // A plain login_hint (what generic OpenID clients send): a username, an email or a sub.
        processLoginHint: async (_ctx, hint) => {
          const value = String(hint ?? '');
          const user =
            findUser(hooks.users, { kind: 'username', value }) ??
            findUser(hooks.users, { kind: 'email', value }) ??
            userBySub(value);
          return user?.sub as string;
        },
        processLoginHintToken: async (_ctx, token) => userOfLoginHintToken(hooks.users, token)?.sub as string,
        validateBindingMessage: async (_ctx, message) => {
          if (message !== undefined && !isBindingMessage(message)) {
            throw new errors.InvalidBindingMessage('binding_message must be 1 to 128 printable characters');
          }
        },
        validateRequestContext: async (ctx) => {
          const qrSessionId = ctx.oidc.params?.qr_session_id;
          if (typeof qrSessionId === 'string') {
            await hooks.checkQrLink(
              ctx,
              qrSessionId,
              userOfLoginHintToken(hooks.users, ctx.oidc.params?.login_hint_token),
            );
          }
        },
        verifyUserCode: async () => {},
        triggerAuthenticationDevice: async (ctx, request, account) => {
          const user = userBySub(account.accountId);
          if (user === undefined) throw new errors.UnknownUserId();
          const params = request.params as Record<string, unknown> | undefined;
          hooks.prompt(ctx, {
            authReqId: request.jti,
            loginCode: buildLoginCode(request.jti),
            user,
            bindingMessage: typeof params?.binding_message === 'string' ? params.binding_message : undefined,
            scope: request.scope ?? '',
            qrSessionId: typeof params?.qr_session_id === 'string' ? params.qr_session_id : undefined,
            // the acknowledgement is already in ctx.body: its expires_in is the request's lifetime
            expiresAt: Date.now() + Number((ctx.body as { expires_in?: number }).expires_in ?? 0) * 1000,
          });
          (ctx.body as Record<string, unknown>).interval = hooks.intervalSeconds;
        },
      },
    },
    ttl: {
      BackchannelAuthenticationRequest: (ctx) => {
        const requested = Number(ctx?.oidc?.params?.requested_expiry);
        return Number.isInteger(requested) && requested > 0 ? Math.min(600, requested) : 120;
      },
      AccessToken: 300,
      ClientCredentials: 300,
      IdToken: 3600,
      RefreshToken: 14 * 86_400,
      Grant: 14 * 86_400,
    },
  } as Configuration;
}
