import { readFileSync } from 'node:fs';
import { causeWithoutSecrets, OnesConfigError } from '@ones.dev/common';
import { parseDocument } from 'yaml';
import * as z from 'zod/mini';

/** Where px-device-identity writes the device's configuration. */
export const DEFAULT_DEVICE_CONFIG_PATH = '/etc/px-device-identity/device.yml';

const KEY_TYPE = /^(RSA:(2048|3072|4096)|ECC:(p256|p384|p521))$/;
const text = z.string().check(z.minLength(1));

const DeviceYmlSchema = z.looseObject({
  id: text,
  client_id: text,
  host: z.string().check(
    z.regex(/^https?:\/\//i),
    z.refine((value) => URL.canParse(value)),
  ),
  key_type: z.string().check(z.regex(KEY_TYPE)),
  key_security: z.optional(z.string()),
  role: z.optional(z.string()),
  domain: z.optional(z.string()),
  title: z.optional(z.string()),
  location: z.optional(z.string()),
  is_managed: z.optional(z.boolean()),
  config_version: z.optional(z.union([z.string(), z.number()])),
  initiated_on: z.optional(z.string()),
  // not px-device-identity's: where its signing service listens, when not on the default address
  device_identity_url: z.optional(
    z.string().check(
      z.regex(/^https?:\/\//i),
      z.refine((value) => URL.canParse(value)),
    ),
  ),
});

/**
 * A device's configuration as px-device-identity registered it, in the SDK's names.
 *
 * @example
 * ```ts
 * import type { SystemConfig } from '@ones.dev/backend-modules';
 * const describe = (config: SystemConfig) => `${config.deviceId} at ${config.authServerUrl}`;
 * ```
 */
export interface SystemConfig {
  /** `id`: the device id, sent to the signer. */
  readonly deviceId: string;
  /** `client_id`: the device's OAuth client id at the IdP. */
  readonly clientId: string;
  /** `host`: the IdP base URL (`idpBaseUrl`), without a trailing slash. */
  readonly authServerUrl: string;
  /** `key_type`, e.g. `ECC:p256` or `RSA:2048`: decides the JWS algorithm. */
  readonly keyType: string;
  readonly keySecurity: string | undefined;
  readonly role: string | undefined;
  readonly domain: string | undefined;
  readonly title: string | undefined;
  readonly location: string | undefined;
  readonly isManaged: boolean | undefined;
  readonly configVersion: string | undefined;
  readonly initiatedOn: string | undefined;
  /**
   * `device_identity_url`: where px-device-identity-service signs, when the file says (dev-idp writes
   * it); `fromSystemConfig` uses it unless you pass `deviceIdentityUrl`.
   */
  readonly deviceIdentityUrl: string | undefined;
}

function configError(path: string, detail: string, cause?: unknown): OnesConfigError {
  return new OnesConfigError(
    'ERR_CONFIG_INVALID',
    `${path}: ${detail}`,
    cause === undefined ? {} : { cause: causeWithoutSecrets(cause) },
  );
}

/** The YAML problem's kind, e.g. `BAD_INDENT` (yaml's messages quote the file's lines: not for logs). */
function yamlProblemCode(problem: unknown): Error {
  const code = (problem as { code?: unknown }).code;
  return Object.assign(new Error(`YAML ${typeof code === 'string' ? code : 'error'}`), { code });
}

function readYaml(path: string): unknown {
  let source: string;
  try {
    source = readFileSync(path, 'utf8');
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'the file does not exist'
        : 'the file cannot be read';
    throw configError(path, `${reason} (is this device registered with px-device-identity?)`, error);
  }
  try {
    // Unknown tags are only warnings to the yaml library; for a security-relevant file they are errors.
    const document = parseDocument(source, { schema: 'core', uniqueKeys: true });
    const problem = document.errors[0] ?? document.warnings[0];
    if (problem) {
      const line = problem.linePos?.[0].line;
      throw configError(
        path,
        `the file is not valid YAML${line === undefined ? '' : ` (line ${line})`}`,
        yamlProblemCode(problem),
      );
    }
    return document.toJS({ maxAliasCount: 0 });
  } catch (error) {
    if (error instanceof OnesConfigError) throw error;
    throw configError(path, 'the file is not valid YAML', yamlProblemCode(error));
  }
}

/**
 * Reads px-device-identity's `device.yml` and returns the device's identity: which device, which
 * OAuth client, which IdP, which key type. YAML core schema only (no custom tags, no aliases).
 * Synchronous, as the vendor's SDK is: call it once at start-up, before building
 * `DeviceAuthentication`.
 *
 * @param path - the file to read; default `/etc/px-device-identity/device.yml`
 * @returns the configuration, with `authServerUrl` free of a trailing slash
 * @throws OnesConfigError `ERR_CONFIG_INVALID` naming the file and, for a bad field, the field
 * @example
 * ```ts
 * import { loadSystemConfig } from '@ones.dev/backend-modules';
 * const { deviceId, clientId, authServerUrl, keyType } = loadSystemConfig();
 * console.log(deviceId, clientId, authServerUrl, keyType);
 * ```
 */
export function loadSystemConfig(path: string = DEFAULT_DEVICE_CONFIG_PATH): SystemConfig {
  const document = readYaml(path);
  const result = DeviceYmlSchema.safeParse(document);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue?.path.join('.') ?? '';
    throw configError(
      path,
      field === '' ? 'the file must be a YAML mapping' : `"${field}" is missing or malformed`,
    );
  }
  const yml = result.data;
  const configVersion = yml.config_version === undefined ? undefined : String(yml.config_version);
  return {
    deviceId: yml.id,
    clientId: yml.client_id,
    authServerUrl: yml.host.replace(/\/+$/, ''),
    keyType: yml.key_type,
    keySecurity: yml.key_security,
    role: yml.role,
    domain: yml.domain,
    title: yml.title,
    location: yml.location,
    isManaged: yml.is_managed,
    configVersion,
    initiatedOn: yml.initiated_on,
    deviceIdentityUrl: yml.device_identity_url,
  };
}
