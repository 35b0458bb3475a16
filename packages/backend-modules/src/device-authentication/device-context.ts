import type * as z from 'zod/mini';
import { discoverEndpoints, type IdpEndpoints } from '../discovery/discovery.js';
import { IdpHttpClient, type IdpRefusal, type IdpRequest } from '../http/idp-http-client.js';
import { abortable } from '../internal/abortable.js';
import { DeviceJwsSigner } from '../signing/device-jws-signer.js';
import type { CallOptions } from './call-options.js';
import type { DeviceSettings, OnesLogEvent } from './device-authentication-options.js';

/** A request to the IdP as a flow describes it; the context adds the caller's signal and timeout. */
export type IdpCall<S extends z.ZodMiniType> = Omit<IdpRequest<S>, 'signal' | 'timeoutMs'>;

/**
 * What every flow of a `DeviceAuthentication` shares, frozen at construction: the checked settings,
 * the IdP's endpoints (discovered once), signing with the device key, sending to the IdP, and the
 * logger. Each flow module (device tokens, CIBA, QR, consent, JWT) gets this and nothing else.
 */
export interface DeviceContext {
  readonly settings: DeviceSettings;
  /** The IdP endpoints, discovered once and shared; a caller's `signal` stops only its own wait. */
  endpoints(options: CallOptions): Promise<IdpEndpoints>;
  /** Signs claims as a compact JWT with the device key. */
  sign(claims: Readonly<Record<string, unknown>>, signal: AbortSignal | undefined): Promise<string>;
  /** Sends one request with the caller's `signal` and `timeoutMs`; resolves with the parsed answer. */
  send<S extends z.ZodMiniType>(call: IdpCall<S>, options: CallOptions): Promise<z.infer<S>>;
  /** Like `send` for an endpoint that may answer a JWT (`application/jwt`), returned unread. */
  sendForJsonOrJwt<S extends z.ZodMiniType>(
    call: IdpCall<S>,
    options: CallOptions,
  ): Promise<{ readonly data: z.infer<S> } | { readonly jwt: string }>;
  /** Like `send`, but an OAuth refusal named in `refusals` resolves instead of rejecting. */
  sendOrRefusal<S extends z.ZodMiniType>(
    call: IdpCall<S>,
    refusals: ReadonlySet<string>,
    options: CallOptions,
  ): Promise<{ readonly data: z.infer<S> } | IdpRefusal>;
  /** A plain `fetch` through the instance's ky, for jose's JWKS. */
  fetchRaw(url: string, init: RequestInit): Promise<Response>;
  log(level: OnesLogEvent['level'], message: string): void;
}

/** Builds the context of one `DeviceAuthentication` from its checked settings. */
export function createDeviceContext(settings: DeviceSettings): DeviceContext {
  const log = (level: OnesLogEvent['level'], message: string) =>
    settings.logger?.({ level, message: `${settings.name}: ${message}` });
  const http = new IdpHttpClient({ timeoutMs: settings.timeoutMs, fetch: settings.fetch, ky: settings.ky });
  const signer = new DeviceJwsSigner({ ...settings, log });
  let discovered: Promise<IdpEndpoints> | undefined;
  return Object.freeze({
    settings,
    endpoints: (options: CallOptions) => {
      discovered ??= discoverEndpoints(http, settings.host, settings.endpointOverrides).catch(
        (error: unknown) => {
          discovered = undefined; // a failed discovery is tried again next time
          throw error;
        },
      );
      return abortable(discovered, options.signal, 'discovering the IdP endpoints');
    },
    sign: (claims: Readonly<Record<string, unknown>>, signal: AbortSignal | undefined) =>
      signer.sign(claims, signal),
    send: async <S extends z.ZodMiniType>(call: IdpCall<S>, options: CallOptions) =>
      (await http.send({ ...call, signal: options.signal, timeoutMs: options.timeoutMs })).data,
    sendForJsonOrJwt: <S extends z.ZodMiniType>(call: IdpCall<S>, options: CallOptions) =>
      http.sendForJsonOrJwt({ ...call, signal: options.signal, timeoutMs: options.timeoutMs }),
    sendOrRefusal: <S extends z.ZodMiniType>(
      call: IdpCall<S>,
      refusals: ReadonlySet<string>,
      options: CallOptions,
    ) => http.sendOrRefusal({ ...call, signal: options.signal, timeoutMs: options.timeoutMs }, refusals),
    fetchRaw: (url: string, init: RequestInit) => http.fetchRaw(url, init),
    log,
  });
}
