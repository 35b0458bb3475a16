/**
 * MSW handlers emulating the OnesID IdP and the px-device-identity signer.
 *
 * @module @ones.dev/testing
 */

// The model the fake shares with dev-idp: what its QR sessions, consent requests and controls are.
export type { IdpConsentRequest, IdpQrSession, IdpScenarioControls, IdpUser } from '@ones.dev/idp-model';
export type { FakeDeviceSigner } from './fake-device-signer.js';
export { createFakeDeviceSigner } from './fake-device-signer.js';
export type { FakeIdpEndpoint, FakeIdpRequest, InjectedFailure } from './fake-idp/fake-idp-controls.js';
export type { FakeCibaRequest } from './fake-idp/fake-idp-state.js';
export type { FakeOnesIdp, FakeOnesIdpOptions } from './fake-idp/fake-ones-idp.js';
export { createFakeOnesIdp } from './fake-idp/fake-ones-idp.js';
export type { TestDevice, TestDeviceKeyType } from './test-device.js';
export { createTestDevice } from './test-device.js';
