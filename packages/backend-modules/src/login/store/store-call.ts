import type { LoginStore } from './login-store.js';

/** What a store call came to: its value, or that the store did not answer in time (or failed). */
export type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false };

/** A call to the store with its deadline, whatever the store's state (for checks and recovery). */
export type StoreCall = <T>(operation: (store: LoginStore) => Promise<T>) => Promise<Outcome<T>>;
