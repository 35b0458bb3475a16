import { OnesValidationError } from '../errors/errors.js';
import { isWireId } from '../wire/wire-id.js';

// The browser helpers check the few fields of their route answers by hand instead of with the zod
// schemas in `schemas/`: zod/mini alone would take the 3 kB budget of one helper. Both are held to the
// same verdicts by `read-fields.test.ts`, which runs the same fixtures through each.

/** A JSON object read from the network, still unchecked beyond being an object. */
export type JsonObject = Readonly<Record<string, unknown>>;

function fail(what: string, field: string, requirement: string): never {
  throw new OnesValidationError('ERR_VALIDATION_RESPONSE', `${what}: "${field}" ${requirement}`);
}

/** Returns `data` when it is a plain JSON object, else throws `ERR_VALIDATION_RESPONSE`. */
export function requireObject(data: unknown, what: string): JsonObject {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new OnesValidationError('ERR_VALIDATION_RESPONSE', `${what}: the body must be a JSON object`);
  }
  return data as JsonObject;
}

/** Reads an opaque identifier: 1…512 visible ASCII characters. */
export function readWireId(body: JsonObject, field: string, what: string): string {
  const value = body[field];
  return isWireId(value) ? value : fail(what, field, 'must be an identifier');
}

/** Reads a string, possibly empty. */
export function readText(body: JsonObject, field: string, what: string): string {
  const value = body[field];
  return typeof value === 'string' ? value : fail(what, field, 'must be a string');
}

/** Reads a non-empty string. */
export function readString(body: JsonObject, field: string, what: string): string {
  const value = body[field];
  return typeof value === 'string' && value !== '' ? value : fail(what, field, 'must be a non-empty string');
}

/** Reads a whole number (a safe integer, as zod's `z.int()`) that is at least `min`. */
export function readInteger(body: JsonObject, field: string, what: string, min: number): number {
  const value = body[field];
  return Number.isSafeInteger(value) && (value as number) >= min
    ? (value as number)
    : fail(what, field, `must be a whole number of at least ${min}`);
}

/** Reads an absolute http(s) URL. */
export function readHttpUrl(body: JsonObject, field: string, what: string): string {
  const value = body[field];
  return typeof value === 'string' && /^https?:\/\//i.test(value) && URL.canParse(value)
    ? value
    : fail(what, field, 'must be an absolute http(s) URL');
}

/** Reads the `status` of a new QR session: `'pending'`, or absent (then `'pending'`). */
export function readNewSessionStatus(body: JsonObject, what: string): 'pending' {
  const value = body.status;
  return value === undefined || value === 'pending' ? 'pending' : fail(what, 'status', 'must be "pending"');
}

/** Applies `read` to `field` only when the field is present (not `undefined`). */
export function readOptional<T>(
  body: JsonObject,
  field: string,
  read: (body: JsonObject, field: string) => T,
): { [key: string]: T } {
  return body[field] === undefined ? {} : { [field]: read(body, field) };
}
