import { describe, expect, it } from 'vitest';
import { parseCibaAuthStatusResponse } from '../client/check-ciba-status-client.js';
import { parseCibaAuthRequestResponse } from '../client/make-ciba-request-client.js';
import { parseQrSessionMakeResponse } from '../client/make-qr-session-client-v2.js';
import { parseQrSessionStatusResponse } from '../client/qr-session-status-client-v2.js';
import { OnesValidationError } from '../errors/errors.js';
import {
  CibaAuthRequestResponseDtoSchema,
  CibaAuthStatusResponseDtoSchema,
} from '../schemas/routes/ciba-route-dtos.js';
import {
  QrSessionMakeResponseDtoSchema,
  QrSessionStatusResponseDtoSchema,
} from '../schemas/routes/qr-route-dtos.js';

// The browser helpers read their answers by hand (bundle budget); the backend uses the zod schemas.
// Both must accept and reject the same bytes and produce the same values.

const CASES = [
  {
    name: 'CIBA start answer',
    parse: parseCibaAuthRequestResponse,
    schema: CibaAuthRequestResponseDtoSchema,
    valid: [
      { auth_req_id: 'r', expires_in: 1 },
      { auth_req_id: 'r-1', expires_in: 120, interval: 0, extra: { nested: true } },
    ],
    invalid: [
      null,
      [],
      'text',
      {},
      { auth_req_id: '', expires_in: 120 },
      { auth_req_id: 'has space', expires_in: 120 },
      { auth_req_id: 'x'.repeat(513), expires_in: 120 },
      { auth_req_id: '..', expires_in: 120 },
      { auth_req_id: '.', expires_in: 120 },
      { auth_req_id: 'r', expires_in: 0 },
      { auth_req_id: 'r', expires_in: 1.5 },
      { auth_req_id: 'r', expires_in: '5' },
      { auth_req_id: 'r', expires_in: 5, interval: -1 },
      { auth_req_id: 'r', expires_in: 5, interval: null },
      { auth_req_id: 'r', expires_in: 1e20 },
      { auth_req_id: 'r', expires_in: 120, interval: Number.MAX_SAFE_INTEGER + 1 },
    ],
  },
  {
    name: 'CIBA status answer',
    parse: parseCibaAuthStatusResponse,
    schema: CibaAuthStatusResponseDtoSchema,
    valid: [
      { access_token: 'a', token_type: 'Bearer' },
      {
        access_token: 'a',
        token_type: 'Bearer',
        expires_in: 60,
        refresh_token: 'r',
        id_token: 'i',
        scope: '',
      },
    ],
    invalid: [
      {},
      { access_token: '', token_type: 'Bearer' },
      { access_token: 'a' },
      { access_token: 'a', token_type: 'Bearer', expires_in: 0 },
      { access_token: 'a', token_type: 'Bearer', refresh_token: '' },
      { access_token: 'a', token_type: 'Bearer', id_token: 5 },
      { access_token: 'a', token_type: 'Bearer', scope: 5 },
    ],
  },
  {
    name: 'QR session answer',
    parse: parseQrSessionMakeResponse,
    schema: QrSessionMakeResponseDtoSchema,
    valid: [
      { sessionId: 's', cbUrl: 'https://id.example/cb', expIn: 60, exp: 0, interval: 0 },
      { sessionId: 's', cbUrl: 'https://id.example/cb', expIn: 60, exp: 0, interval: 0, status: 'pending' },
    ],
    invalid: [
      { sessionId: 's', cbUrl: 'https://id.example/cb', expIn: 60, exp: 1, interval: 2, status: 'scanned' },
      { sessionId: 's', cbUrl: 'ftp://id.example/cb', expIn: 60, exp: 1, interval: 2 },
      { sessionId: 's', cbUrl: 'not a url', expIn: 60, exp: 1, interval: 2 },
      { sessionId: 's', cbUrl: 'https:id.example/cb', expIn: 60, exp: 1, interval: 2 },
      { sessionId: 's', cbUrl: ' https://id.example/cb', expIn: 60, exp: 1, interval: 2 },
      { sessionId: 's', cbUrl: 'https://id.example/cb', expIn: 0, exp: 1, interval: 2 },
      { sessionId: 's', cbUrl: 'https://id.example/cb', expIn: 60, exp: -1, interval: 2 },
      { sessionId: 's', cbUrl: 'https://id.example/cb', expIn: 60, exp: 1 },
    ],
  },
  {
    name: 'QR status answer',
    parse: parseQrSessionStatusResponse,
    schema: QrSessionStatusResponseDtoSchema,
    valid: [
      { sessionId: 's', exp: 5 },
      { sessionId: 's', exp: 5, authRequestId: 'r' },
      { sessionId: 's', exp: 5, authRequestId: 'r', expires_in: 90, interval: 2 },
      { sessionId: 's', exp: 5, authRequestId: 'r', expires_in: 1, interval: 0 },
    ],
    invalid: [
      { exp: 5 },
      { sessionId: 's', exp: 5, authRequestId: '' },
      { sessionId: 's', exp: '5' },
      { sessionId: 's', exp: 5, authRequestId: 'r', expires_in: 0 },
      { sessionId: 's', exp: 5, authRequestId: 'r', expires_in: '90' },
      { sessionId: 's', exp: 5, authRequestId: 'r', interval: -1 },
      { sessionId: 's', exp: 5, authRequestId: 'r', interval: 1.5 },
    ],
  },
] as const;

describe.each(CASES)(
  '$name: hand-written reader and zod schema agree',
  ({ parse, schema, valid, invalid }) => {
    it.each(valid as readonly unknown[])('both accept %j with the same result', (data) => {
      expect(parse(data)).toEqual(schema.parse(data));
    });

    it.each(invalid as readonly unknown[])('both reject %j', (data) => {
      expect(schema.safeParse(data).success).toBe(false);
      let thrown: unknown;
      try {
        parse(data);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(OnesValidationError);
      expect((thrown as OnesValidationError).code).toBe('ERR_VALIDATION_RESPONSE');
    });
  },
);
