#!/usr/bin/env node
import { DEMO_USERS } from '@ones.dev/idp-model';
// ones-dev-idp: starts a local OnesID, its device signer and the approval page, and prints where.
// A mistake (a bad option, a taken port, an unsafe folder) prints one line on stderr and exits non-zero.
import { type CliOptions, HELP, parseCliOptions } from './cli/parse-cli-options.js';
import { type DevIdp, startDevIdp } from './dev-idp.js';

function fail(problem: string, exitCode: number, hint = ''): never {
  process.stderr.write(`ones-dev-idp: ${problem}${hint}\n`);
  process.exit(exitCode);
}

/** One line for why the IdP did not start: a taken port names the flag that changes it. */
function explainStartFailure(error: unknown, options: CliOptions): string {
  const { code, port } = error as { code?: unknown; port?: unknown };
  if (code === 'EADDRINUSE' && typeof port === 'number') {
    // the two ports differ (parseCliOptions checks), so the port says which server it was
    const [what, flag] =
      port === options.port ? ['the IdP', '--port'] : ['the device signer', '--signer-port'];
    return `port ${port} on 127.0.0.1 is taken; choose another port for ${what} with ${flag}`;
  }
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'could not start';
}

const parsed = parseCliOptions(process.argv.slice(2));
if ('problem' in parsed) fail(parsed.problem, 2, ' (see ones-dev-idp --help)');
const { options } = parsed;
if (options.help) {
  process.stdout.write(`${HELP}\n`);
  process.exit(0);
}
const wanted = options.users;
const users = wanted ? DEMO_USERS.filter((user) => wanted.includes(user.username)) : DEMO_USERS;
let idp: DevIdp;
try {
  const { port, signerPort, keyType, folder } = options;
  idp = await startDevIdp({ port, signerPort, keyType, folder, users });
} catch (error) {
  fail(explainStartFailure(error, options), 1);
}
process.stdout.write(`OnesID dev IdP   ${idp.url}  (issuer ${idp.issuer})
approval page    ${idp.approvalUrl}
app link         ${idp.approvalUrl}/app?qr={qr}  (<ones-login app-link="…">: a phone opens this page for its QR code)
device signer    ${idp.signer.url}
device.yml       ${idp.device.configPath}  (${idp.device.keyType}, client ${idp.device.clientId})
users            ${users.map((user) => user.username).join(', ')}
Ctrl+C stops it.
`);
const stop = () => {
  idp.stop().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
