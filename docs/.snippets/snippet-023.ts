// from packages/common/src/errors/ones-signer-error.ts
import { OnesSignerError } from '@ones.dev/common';

const error = new OnesSignerError('ERR_SIGNER_UNAVAILABLE', 'is px-device-identity-service running?');
console.warn(error.code);
