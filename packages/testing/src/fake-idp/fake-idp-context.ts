import type { IdpUser } from '@ones.dev/idp-model';
import type { JWK } from 'jose';
import type { FakeIdpState } from './fake-idp-state.js';
import type { IdpSigningKeys } from './idp-signing-keys.js';

/** What the fake IdP's handlers share. */
export interface FakeIdpContext {
  /** The IdP base URL (`{host}`); the issuer is `{host}/oidc`. */
  readonly host: string;
  readonly issuer: string;
  readonly device: { readonly clientId: string; readonly publicJwk: JWK; readonly alg: string };
  readonly users: readonly IdpUser[];
  readonly state: FakeIdpState;
  readonly keys: IdpSigningKeys;
  readonly tokenLifetimeSeconds: number;
  readonly cibaExpiresInSeconds: number;
  readonly cibaIntervalSeconds: number;
  /** UserInfo answers as a signed JWT (`application/jwt`) instead of JSON. */
  readonly userInfoAsJwt: boolean;
  /** The client's public encryption key: ID tokens (and JWT UserInfo answers) are encrypted to it. */
  readonly encryptTo: JWK | undefined;
  /** The users the device may assert with the JWT-bearer grant; none: the grant is refused. */
  readonly jwtBearerSubjects: readonly string[];
}
