import { delay, HttpResponse } from 'msw';
import type { InjectedFailure } from './fake-idp-controls.js';

/** Turns a scripted failure into the MSW answer. */
export async function answerWithFailure(failure: InjectedFailure): Promise<Response> {
  if (failure.delayMs) await delay(failure.delayMs);
  if (failure.networkError) return HttpResponse.error();
  const status = failure.status ?? 500;
  const headers = { 'content-type': 'application/json', ...failure.headers };
  const body = failure.malformed
    ? String(failure.body ?? '{"broken":')
    : JSON.stringify(failure.body ?? { error: 'server_error' });
  return new HttpResponse(body, { status, headers });
}
