import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';

interface SigningKey {
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
}

/** The fake IdP's token-signing keys (ES256): one active key, rotatable. */
export class IdpSigningKeys {
  // A promise, so that concurrent first uses share one key.
  #active: Promise<SigningKey> | undefined;

  async #create(): Promise<SigningKey> {
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    const kid = `idp-${crypto.randomUUID().slice(0, 8)}`;
    return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' } };
  }

  #key(): Promise<SigningKey> {
    this.#active ??= this.#create();
    return this.#active;
  }

  /** Replaces the active key; tokens signed by the old one stop verifying. */
  async rotate(): Promise<string> {
    const next = this.#create();
    this.#active = next;
    return (await next).kid;
  }

  /** The public JWKS document. */
  async jwks(): Promise<{ keys: JWK[] }> {
    return { keys: [(await this.#key()).publicJwk] };
  }

  /** Signs claims as the IdP. */
  async sign(claims: Record<string, unknown>, typ = 'JWT'): Promise<string> {
    const key = await this.#key();
    return new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: key.kid, typ }).sign(key.privateKey);
  }
}
