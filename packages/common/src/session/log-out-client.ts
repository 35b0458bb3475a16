import { postJson } from '../client/post-json.js';
import { routeOptions, type SessionClientOptions } from './ones-session.js';

/**
 * Logs this browser out through the login kit: `POST {basePath}/logout`. The session ends for good
 * (a copy of its cookie no longer works) and the kit's cookies are deleted.
 *
 * @param host - your backend's origin
 * @param options - `basePath`, `signal`, timeout, headers, `fetch`
 * @throws OnesHttpError, OnesTimeoutError, OnesAbortError
 * @example
 * ```ts
 * import { logOutClient } from '@ones.dev/common';
 * await logOutClient('https://shop.example');
 * ```
 */
export async function logOutClient(host: string, options: SessionClientOptions = {}): Promise<void> {
  await postJson({ host, defaultPath: '', options: routeOptions(options, '/logout') });
}
