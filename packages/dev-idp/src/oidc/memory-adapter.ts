import type { Adapter, AdapterPayload } from 'oidc-provider';

interface Entry {
  payload: AdapterPayload;
  expiresAt: number | undefined;
}

/**
 * oidc-provider storage in memory, owned by one dev-idp (not shared by every provider in the
 * process), and kept when the provider is rebuilt to rotate its keys. Expired entries stay a minute
 * longer so that late CIBA polls answer `expired_token` rather than "unknown".
 */
export class DevIdpStore {
  readonly #entries = new Map<string, Entry>();
  readonly #byGrant = new Map<string, Set<string>>();
  readonly #byUid = new Map<string, string>();
  readonly #byUserCode = new Map<string, string>();

  /** The adapter factory to pass as `adapter` in the provider configuration. */
  readonly adapter = (model: string): Adapter => {
    const key = (id: string) => `${model}:${id}`;
    const find = (id: string) => {
      const entry = this.#entries.get(key(id));
      if (entry === undefined) return undefined;
      if (entry.expiresAt !== undefined && entry.expiresAt <= Date.now()) {
        this.#entries.delete(key(id));
        return undefined;
      }
      return entry.payload;
    };
    return {
      upsert: async (id, payload, expiresIn) => {
        const grace = model === 'BackchannelAuthenticationRequest' ? 60 : 0;
        this.#entries.set(key(id), {
          payload,
          expiresAt: expiresIn ? Date.now() + (expiresIn + grace) * 1000 : undefined,
        });
        if (payload.grantId) {
          const keys = this.#byGrant.get(payload.grantId) ?? new Set<string>();
          keys.add(key(id));
          this.#byGrant.set(payload.grantId, keys);
        }
        if (payload.uid) this.#byUid.set(`${model}:${payload.uid}`, id);
        if (payload.userCode) this.#byUserCode.set(`${model}:${payload.userCode}`, id);
      },
      find: async (id) => find(id),
      findByUid: async (uid) => {
        const id = this.#byUid.get(`${model}:${uid}`);
        return id === undefined ? undefined : find(id);
      },
      findByUserCode: async (userCode) => {
        const id = this.#byUserCode.get(`${model}:${userCode}`);
        return id === undefined ? undefined : find(id);
      },
      consume: async (id) => {
        const entry = this.#entries.get(key(id));
        if (entry) entry.payload = { ...entry.payload, consumed: Math.floor(Date.now() / 1000) };
      },
      destroy: async (id) => {
        this.#entries.delete(key(id));
      },
      revokeByGrantId: async (grantId) => {
        for (const stored of this.#byGrant.get(grantId) ?? []) this.#entries.delete(stored);
        this.#byGrant.delete(grantId);
      },
    };
  };
}
