import { postJson } from '../client/post-json.js';
import { OnesHttpError } from '../errors/errors.js';
import {
  type OnesSession,
  parseOnesSession,
  routeOptions,
  type SessionClientOptions,
} from './ones-session.js';

/**
 * Who is logged in on this browser, as the login kit (session mode) says: `GET {basePath}/session`.
 * Resolves with `null` when nobody is (HTTP 401).
 *
 * @param host - your backend's origin
 * @param options - `basePath`, `signal`, timeout, headers, `fetch`
 * @returns `{ user, expiresAt }`, or `null`
 * @throws OnesHttpError for other failures, OnesValidationError for an answer that is not a session
 * @example
 * ```ts
 * import { getSessionClient } from '@ones.dev/common';
 * const session = await getSessionClient('https://shop.example');
 * console.info(session === null ? 'logged out' : `logged in as ${session.user.sub}`);
 * ```
 */
export async function getSessionClient(
  host: string,
  options: SessionClientOptions = {},
): Promise<OnesSession | null> {
  try {
    return parseOnesSession(
      await postJson({ host, defaultPath: '', method: 'GET', options: routeOptions(options, '/session') }),
    );
  } catch (error) {
    if (error instanceof OnesHttpError && error.response?.status === 401) return null;
    throw error;
  }
}
