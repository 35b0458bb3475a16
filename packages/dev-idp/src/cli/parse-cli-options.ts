import { type ParseArgsOptionsConfig, parseArgs } from 'node:util';
import {
  DEV_DEVICE_KEY_TYPES,
  type DevDeviceKeyType,
  isDevDeviceKeyType,
} from '../device/device-key-type.js';

/** The `--help` text of `ones-dev-idp`. */
export const HELP = `Usage: ones-dev-idp [--port 4000] [--signer-port 8000] [--key-type ECC:p256] [--folder .ones-dev] [--users alice,bob]

Starts a local OnesID on 127.0.0.1: an OpenID provider at http://127.0.0.1:<port>/oidc, the OnesID
extensions (QR sessions, consent), a device enrolled with a fresh key (device.yml in --folder), a
px-device-identity-style signer on --signer-port, and an approval page that plays the phone app.
Key types: ${DEV_DEVICE_KEY_TYPES.join(', ')}.`;

const OPTIONS = {
  port: { type: 'string', default: '4000' },
  'signer-port': { type: 'string', default: '8000' },
  'key-type': { type: 'string', default: 'ECC:p256' },
  folder: { type: 'string', default: '.ones-dev' },
  users: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsOptionsConfig;

const FLAGS = Object.keys(OPTIONS).map((name) => `--${name}`);

/** What `ones-dev-idp` was asked to do. */
export interface CliOptions {
  readonly help: boolean;
  readonly port: number;
  readonly signerPort: number;
  readonly keyType: DevDeviceKeyType;
  readonly folder: string;
  /** The usernames of `--users`; undefined for every demo user. */
  readonly users: readonly string[] | undefined;
}

/** The options, or one line that says what is wrong with the command line. */
export type ParsedCli = { readonly options: CliOptions } | { readonly problem: string };

/** The first option that `ones-dev-idp` does not know, as it was typed (`--prot`, `-x`). */
function unknownFlag(args: readonly string[]): string | undefined {
  const { tokens } = parseArgs({ args: [...args], options: OPTIONS, strict: false, tokens: true });
  const unknown = tokens.find((token) => token.kind === 'option' && !Object.hasOwn(OPTIONS, token.name));
  return unknown?.kind === 'option' ? unknown.rawName : undefined;
}

/** The values of a command line with no unknown option, or the first line of what parseArgs says. */
function strictValues(args: readonly string[]) {
  try {
    return parseArgs({ args: [...args], options: OPTIONS }).values;
  } catch (error) {
    return (error as Error).message.split('\n')[0] ?? 'bad arguments';
  }
}

function readPort(flag: string, value: string): number | string {
  const port = Number(value);
  return /^\d+$/.test(value) && port <= 65_535 ? port : `${flag} "${value}" is not a port (0 to 65535)`;
}

/**
 * Reads the command line of `ones-dev-idp`. A mistake comes back as one line naming the flag and
 * what it accepts, never as a stack.
 *
 * @param args - the arguments after the script (`process.argv.slice(2)`)
 * @returns the options, or the problem
 */
export function parseCliOptions(args: readonly string[]): ParsedCli {
  const flag = unknownFlag(args);
  if (flag !== undefined) return { problem: `unknown option ${flag}; the options are ${FLAGS.join(', ')}` };
  const values = strictValues(args);
  if (typeof values === 'string') return { problem: values };
  const port = readPort('--port', values.port);
  const signerPort = readPort('--signer-port', values['signer-port']);
  const keyType = values['key-type'];
  if (typeof port === 'string') return { problem: port };
  if (typeof signerPort === 'string') return { problem: signerPort };
  if (port === signerPort && port !== 0)
    return { problem: `--port and --signer-port must differ (both are ${port})` };
  if (!isDevDeviceKeyType(keyType))
    return {
      problem: `--key-type "${keyType}" is not a key type; use one of ${DEV_DEVICE_KEY_TYPES.join(', ')}`,
    };
  const users = values.users?.split(',').map((name) => name.trim());
  return { options: { help: values.help ?? false, port, signerPort, keyType, folder: values.folder, users } };
}
