/**
 * A local OnesID for development and integration tests.
 *
 * @module @ones.dev/dev-idp
 */

// The model dev-idp shares with the MSW fake (@ones.dev/testing), under the same names there.
export type { IdpConsentRequest, IdpQrSession, IdpScenarioControls, IdpUser } from '@ones.dev/idp-model';
export { DEMO_USERS } from '@ones.dev/idp-model';
export type { DevIdp, DevIdpRequest, StartDevIdpOptions } from './dev-idp.js';
export { startDevIdp } from './dev-idp.js';
export type { DevDeviceKeyType } from './device/device-key-type.js';
export type { DevDevice } from './device/enrol-device.js';
export type { PingDelivery } from './oidc/ping-delivery.js';
export type { CibaPrompt } from './oidc/provider-configuration.js';
export type { DevDeviceSigner } from './signer/start-device-signer.js';
