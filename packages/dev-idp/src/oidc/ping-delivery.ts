/**
 * One CIBA ping notification dev-idp sent (CIBA Core §10.2): which login, and the client's answer
 * (an HTTP status, or why there was none).
 *
 * @example
 * ```ts
 * import type { PingDelivery } from '@ones.dev/dev-idp';
 * const delivered: PingDelivery = { authReqId: 'abc', status: 204 };
 * ```
 */
export interface PingDelivery {
  readonly authReqId: string;
  readonly status?: number;
  readonly failure?: string;
}

/**
 * Announces a decided CIBA login to the client's notification endpoint: `POST` `{ auth_req_id }` with
 * `Authorization: Bearer <client_notification_token>` (what oidc-provider does, to an http endpoint
 * too). A failed delivery is recorded and does not undo the decision: the client finds out at its
 * next poll, as CIBA intends.
 */
export async function deliverPing(
  endpoint: string,
  request: { readonly jti: string; readonly params: Record<string, unknown> },
  deliveries: PingDelivery[],
): Promise<void> {
  const token = request.params.client_notification_token;
  try {
    const answer = await fetch(endpoint, {
      method: 'POST',
      redirect: 'manual',
      headers: { authorization: `Bearer ${String(token)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ auth_req_id: request.jti }),
      signal: AbortSignal.timeout(5_000),
    });
    await answer.body?.cancel();
    deliveries.push({ authReqId: request.jti, status: answer.status });
  } catch (error) {
    deliveries.push({ authReqId: request.jti, failure: error instanceof Error ? error.name : 'unknown' });
  }
}
