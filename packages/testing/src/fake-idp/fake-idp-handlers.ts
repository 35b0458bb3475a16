import {
  answerConsentCreate,
  answerConsentStatus,
  answerQrSessionCallback,
  answerQrSessionCreate,
  answerQrSessionStatus,
  type ExtensionAnswer,
} from '@ones.dev/idp-model';
import { type HttpHandler, HttpResponse, http } from 'msw';
import { answerBcAuthorize } from './bc-authorize-endpoint.js';
import { BearerRejected, requireDeviceAccessToken } from './bearer-token.js';
import type { FakeIdpContext } from './fake-idp-context.js';
import type { FakeIdpEndpoint, FakeIdpRequest, InjectedFailure } from './fake-idp-controls.js';
import { answerWithFailure } from './inject-failure.js';
import { answerIntrospection } from './introspection-endpoint.js';
import { cibaPollingOf } from './qr-session-endpoints.js';
import { answerTokenRequest } from './token-endpoint.js';
import { answerUserInfo } from './userinfo-endpoint.js';
import { DeviceJwtRejected, verifyDeviceJwt } from './verify-device-jwt.js';

type Recorded = { -readonly [K in keyof FakeIdpRequest]: FakeIdpRequest[K] };

/** What one handler gets: the request, its decoded body and path parameters, and its record. */
interface Call {
  readonly request: Request;
  readonly form: Record<string, string>;
  readonly body: unknown;
  readonly params: Record<string, string>;
  readonly entry: Recorded;
}

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

const json = ({ status, body }: ExtensionAnswer) =>
  HttpResponse.json(body as Record<string, unknown>, { status, headers: { 'cache-control': 'no-store' } });

/** The refusals a handler throws, as the IdP answers them. */
function answerRefusal(error: unknown): Response {
  if (error instanceof DeviceJwtRejected) {
    const status = error.oauthError === 'invalid_client' ? 401 : 400;
    return HttpResponse.json({ error: error.oauthError, error_description: error.message }, { status });
  }
  if (error instanceof BearerRejected) {
    return HttpResponse.json(
      { error: 'invalid_token', error_description: error.message },
      { status: 401, headers: { 'www-authenticate': 'Bearer error="invalid_token"' } },
    );
  }
  throw error;
}

/**
 * The fake IdP's MSW handlers: each reads its request (form or JSON), records it in `received`,
 * answers a scripted failure when one is queued for its endpoint, and otherwise answers as OnesID does:
 * the OpenID endpoints here, the QR and consent endpoints by the shared model (`@ones.dev/idp-model`).
 */
export function createFakeIdpHandlers(
  context: FakeIdpContext,
  received: FakeIdpRequest[],
  failures: Map<FakeIdpEndpoint, InjectedFailure[]>,
): HttpHandler[] {
  const { host, issuer, state } = context;
  const handle =
    (endpoint: FakeIdpEndpoint, answer: (call: Call) => Promise<Response>) =>
    async ({
      request,
      params,
    }: {
      request: Request;
      params: Record<string, string | readonly string[] | undefined>;
    }) => {
      const text = request.method === 'POST' ? await request.text() : '';
      const isJson = (request.headers.get('content-type') ?? '').includes('application/json');
      let body: unknown;
      try {
        body = isJson && text !== '' ? JSON.parse(text) : undefined;
      } catch {
        return json({
          status: 400,
          body: { error: 'invalid_request', error_description: 'body is not JSON' },
        });
      }
      const form = !isJson && text !== '' ? Object.fromEntries(new URLSearchParams(text)) : {};
      const url = new URL(request.url);
      const entry: Recorded = {
        endpoint,
        method: request.method,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        form,
        ...(body === undefined ? {} : { json: body }),
        at: Date.now(),
      };
      received.push(entry);
      const failure = failures.get(endpoint)?.shift();
      const textParams = Object.fromEntries(
        Object.entries(params).map(([key, value]) => [key, String(value)]),
      );
      const response = failure
        ? await answerWithFailure(failure)
        : await answer({ request, form, body, params: textParams, entry }).catch(answerRefusal);
      entry.status = response.status;
      return response;
    };

  const authenticated = async ({ form, entry }: Call) => {
    if (form.client_assertion_type !== ASSERTION_TYPE || form.client_assertion === undefined) {
      throw new DeviceJwtRejected('invalid_client', 'client assertion required');
    }
    entry.assertionClaims = await verifyDeviceJwt(
      form.client_assertion,
      context.device,
      issuer,
      state,
      'assertion',
    );
  };
  const bearer = (call: Call) => requireDeviceAccessToken(context, call.request);

  return [
    http.get(
      `${issuer}/.well-known/openid-configuration`,
      handle('discovery', async () =>
        json({
          status: 200,
          body: {
            issuer,
            token_endpoint: `${issuer}/token`,
            introspection_endpoint: `${issuer}/token/introspection`,
            userinfo_endpoint: `${issuer}/me`,
            backchannel_authentication_endpoint: `${issuer}/bc-authorize`,
            jwks_uri: `${issuer}/jwks`,
            backchannel_token_delivery_modes_supported: ['poll'],
            token_endpoint_auth_methods_supported: ['private_key_jwt'],
          },
        }),
      ),
    ),
    http.get(
      `${issuer}/jwks`,
      handle('jwks', async () => json({ status: 200, body: await context.keys.jwks() })),
    ),
    http.get(
      `${issuer}/me`,
      handle('userinfo', async ({ request }) => answerUserInfo(context, request)),
    ),
    http.post(
      `${issuer}/token/introspection`,
      handle('introspection', async (call) => {
        await authenticated(call);
        return json(answerIntrospection(context, call.form.token));
      }),
    ),
    http.post(
      `${issuer}/token`,
      handle('token', async (call) => {
        await authenticated(call);
        return json(await answerTokenRequest(context, call.form));
      }),
    ),
    http.post(
      `${issuer}/bc-authorize`,
      handle('bc-authorize', async (call) => {
        await authenticated(call);
        return json(
          await answerBcAuthorize(context, call.form, (claims) => (call.entry.requestObjectClaims = claims)),
        );
      }),
    ),
    http.post(
      `${host}/qr-auth/sessions`,
      handle('qr-session-create', async (call) => {
        bearer(call);
        return json(answerQrSessionCreate(state.qrSessions, host, call.body));
      }),
    ),
    http.get(
      `${host}/qr-auth/sessions/:sessionId`,
      handle('qr-session-status', async (call) => {
        bearer(call);
        return json(
          await answerQrSessionStatus(state.qrSessions, call.params.sessionId ?? '', cibaPollingOf(context)),
        );
      }),
    ),
    http.post(
      `${host}/qr-auth/sessions/:sessionId/callback`,
      handle('qr-session-callback', async ({ body, params }) =>
        json(answerQrSessionCallback(state.qrSessions, context.users, params.sessionId ?? '', body)),
      ),
    ),
    http.post(
      `${host}/consent/requests`,
      handle('consent-create', async (call) => {
        bearer(call);
        return json(answerConsentCreate(state.consentRequests, context.users, call.body));
      }),
    ),
    http.get(
      `${host}/consent/requests/:id`,
      handle('consent-status', async (call) => {
        bearer(call);
        return json(answerConsentStatus(state.consentRequests, call.params.id ?? ''));
      }),
    ),
  ];
}
