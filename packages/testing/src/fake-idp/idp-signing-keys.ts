import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';

interface SigningKey {
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
}

async function createKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const kid = `idp-${crypto.randomUUID().slice(0, 8)}`;
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' } };
}

/**
 * The fake IdP's token-signing keys (ES256). A rotation makes a new key sign from then on and keeps
 * the previous one published until the next rotation, as dev-idp (and a real IdP) does.
 */
export class IdpSigningKeys {
  // Promises, so that concurrent first uses share one key.
  #active: Promise<SigningKey> | undefined;
  #previous: Promise<SigningKey> | undefined;

  #key(): Promise<SigningKey> {
    this.#active ??= createKey();
    return this.#active;
  }

  /** A new key signs from now on; the current one stays published. Returns the new `kid`. */
  async rotate(): Promise<string> {
    this.#previous = this.#key();
    this.#active = createKey();
    return (await this.#active).kid;
  }

  /** The public JWKS document: the signing key, and the previous one after a rotation. */
  async jwks(): Promise<{ keys: JWK[] }> {
    const keys = [await this.#key(), ...(this.#previous ? [await this.#previous] : [])];
    return { keys: keys.map((key) => key.publicJwk) };
  }

  /** Signs claims as the IdP. */
  async sign(claims: Record<string, unknown>, typ = 'JWT'): Promise<string> {
    const key = await this.#key();
    return new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: key.kid, typ }).sign(key.privateKey);
  }
}
