// from packages/common/src/errors/ones-config-error.ts
import { OnesConfigError } from '@ones.dev/common';

const error = new OnesConfigError(
  'ERR_CONFIG_INVALID',
  '/etc/px-device-identity/device.yml: "host" is missing',
);
console.warn(error.code);
