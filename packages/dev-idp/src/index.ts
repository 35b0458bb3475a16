/**
 * A local OnesID for development and integration tests.
 *
 * @module @ones.dev/dev-idp
 */

export type { DevIdp, DevIdpRequest, StartDevIdpOptions } from './dev-idp.js';
export { startDevIdp } from './dev-idp.js';
export type { DevDeviceKeyType } from './device/device-key-type.js';
export type { DevDevice } from './device/enrol-device.js';
export type { DevConsentRequest } from './extensions/consent-requests.js';
export type { DevQrSession } from './extensions/qr-sessions.js';
export type { CibaPrompt } from './oidc/provider-configuration.js';
export type { DevDeviceSigner } from './signer/start-device-signer.js';
export type { DevIdpUser } from './users.js';
export { DEMO_USERS } from './users.js';
