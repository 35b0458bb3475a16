#!/usr/bin/env node
// docs/errors.md is the reference of every error code: fails when a code in the `OnesErrorCode` union
// (with the login kit's `OnesLoginErrorCode`) is missing from it, or when it names a code that does not exist.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const union = readFileSync(join(root, 'packages/common/src/errors/error-codes.ts'), 'utf8');
const declaration = /export type OnesErrorCode =([^;]+);/.exec(union)?.[1] ?? '';
const loginCodes = readFileSync(join(root, 'packages/common/src/errors/error-codes.ts'), 'utf8');
const loginList = /export type OnesLoginErrorCode =([^;]+);/.exec(loginCodes)?.[1] ?? '';
const codes = new Set(
  [...declaration.matchAll(/'(ERR_[A-Z_]+)'/g), ...loginList.matchAll(/'(ERR_[A-Z_]+)'/g)].map(
    (match) => match[1],
  ),
);
const reference = readFileSync(join(root, 'docs/errors.md'), 'utf8');
const documented = new Set([...reference.matchAll(/`(ERR_[A-Z_]+)`/g)].map((match) => match[1]));

const missing = [...codes].filter((code) => !documented.has(code));
const unknown = [...documented].filter((code) => !codes.has(code));
if (codes.size === 0) throw new Error('no OnesErrorCode union found in error-codes.ts');
if (missing.length > 0 || unknown.length > 0) {
  console.error(
    `docs/errors.md and OnesErrorCode disagree:${missing.map((c) => `\n  not documented: ${c}`).join('')}${unknown.map((c) => `\n  not a code: ${c}`).join('')}`,
  );
  process.exitCode = 1;
} else {
  console.log(`errors reference complete: ${codes.size} codes`);
}

// and every log event of the login kit (the KitLogCode union) has its row, and no row names another
const kitLog = readFileSync(join(root, 'packages/backend-modules/src/login/settings/kit-log.ts'), 'utf8');
const events = new Set(
  [...(/type KitLogCode =([^;]+);/.exec(kitLog)?.[1] ?? '').matchAll(/'(LOGIN_[A-Z_]+)'/g)].map((m) => m[1]),
);
const rows = new Set([...reference.matchAll(/^\| `(LOGIN_[A-Z_]+)`/gm)].map((match) => match[1]));
const eventsMissing = [...events].filter((code) => !rows.has(code));
const eventsUnknown = [...rows].filter((code) => !events.has(code));
if (events.size === 0) throw new Error('no KitLogCode union found in kit-log.ts');
if (eventsMissing.length > 0 || eventsUnknown.length > 0) {
  console.error(
    `docs/errors.md and KitLogCode disagree:${eventsMissing.map((c) => `\n  not documented: ${c}`).join('')}${eventsUnknown.map((c) => `\n  not an event: ${c}`).join('')}`,
  );
  process.exitCode = 1;
} else {
  console.log(`log events reference complete: ${events.size} codes`);
}
