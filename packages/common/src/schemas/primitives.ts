import * as z from 'zod/mini';

/** A string with at least one character. */
export const NonEmptyString = z.string().check(z.minLength(1));
/** An opaque identifier from the wire: 1…512 visible ASCII characters. */
export const WireId = z.string().check(z.minLength(1), z.maxLength(512), z.regex(/^[\x21-\x7E]+$/));
/** A whole number of seconds greater than zero. */
export const PositiveSeconds = z.int().check(z.positive());
/** A whole number of seconds, zero or more. */
export const NonNegativeSeconds = z.int().check(z.nonnegative());
/** Seconds since the Unix epoch. */
export const UnixTime = z.int().check(z.nonnegative());
