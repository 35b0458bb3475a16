import { exportJWK, generateKeyPair, type JWK } from 'jose';

/**
 * The IdP's token-signing keys: one ES256 and one RS256 private JWK per generation. Rotation adds a
 * new generation in front (the first key of an alg signs) and keeps the previous generation
 * (only that one) published, as a real IdP does while old tokens are still in use.
 */
export class IdpSigningKeys {
  #generations: JWK[][] = [];

  /** Creates a new generation; returns its ES256 `kid`. */
  async rotate(): Promise<string> {
    const stamp = `${Date.now().toString(36)}-${crypto.randomUUID().slice(0, 6)}`;
    const make = async (alg: 'ES256' | 'RS256') => {
      const { privateKey } = await generateKeyPair(alg, { extractable: true });
      return { ...(await exportJWK(privateKey)), kid: `${alg.toLowerCase()}-${stamp}`, alg, use: 'sig' };
    };
    const generation = [await make('ES256'), await make('RS256')];
    this.#generations = [generation, ...this.#generations].slice(0, 2);
    return generation[0]?.kid ?? '';
  }

  /** The private JWKS for oidc-provider: newest generation first. */
  jwks(): { keys: JWK[] } {
    return { keys: this.#generations.flat() };
  }
}
