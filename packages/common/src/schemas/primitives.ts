import * as z from 'zod/mini';
import { WIRE_ID_PATTERN } from '../wire/wire-id.js';

/** A string with at least one character. */
export const NonEmptyString = z.string().check(z.minLength(1));
/** An opaque identifier from the wire: 1…512 visible ASCII characters, not `.` or `..` (`WIRE_ID_PATTERN`). */
export const WireId = z.string().check(z.regex(WIRE_ID_PATTERN));
/** A whole number of seconds greater than zero. */
export const PositiveSeconds = z.int().check(z.positive());
/** A whole number of seconds, zero or more. */
export const NonNegativeSeconds = z.int().check(z.nonnegative());
/** Seconds since the Unix epoch. */
export const UnixTime = z.int().check(z.nonnegative());
