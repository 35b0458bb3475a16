#!/usr/bin/env node
// ones-dev-idp: starts a local OnesID, its device signer and the approval page, and prints where.
import { parseArgs } from 'node:util';
import { startDevIdp } from './dev-idp.js';
import { isDevDeviceKeyType } from './device/device-key-type.js';
import { DEMO_USERS } from './users.js';

const HELP = `Usage: ones-dev-idp [--port 4000] [--signer-port 8000] [--key-type ECC:p256] [--folder .ones-dev] [--users alice,bob]

Starts a local OnesID on 127.0.0.1: an OpenID provider at http://127.0.0.1:<port>/oidc, the OnesID
extensions (QR sessions, consent), a device enrolled with a fresh key (device.yml in --folder), a
px-device-identity-style signer on --signer-port, and an approval page that plays the phone app.
Key types: RSA:2048, ECC:p256, ECC:p384, ECC:p521.`;

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4000' },
    'signer-port': { type: 'string', default: '8000' },
    'key-type': { type: 'string', default: 'ECC:p256' },
    folder: { type: 'string', default: '.ones-dev' },
    users: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  process.stdout.write(`${HELP}\n`);
  process.exit(0);
}
const port = Number(values.port);
const signerPort = Number(values['signer-port']);
const keyType = values['key-type'];
if (!Number.isInteger(port) || !Number.isInteger(signerPort) || !isDevDeviceKeyType(keyType)) {
  process.stderr.write(`ones-dev-idp: bad option\n\n${HELP}\n`);
  process.exit(2);
}
const wanted = values.users?.split(',').map((name) => name.trim());
const users = wanted ? DEMO_USERS.filter((user) => wanted.includes(user.username)) : DEMO_USERS;
const idp = await startDevIdp({ port, signerPort, keyType, folder: values.folder, users });
process.stdout.write(`OnesID dev IdP   ${idp.url}  (issuer ${idp.issuer})
approval page    ${idp.approvalUrl}
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
