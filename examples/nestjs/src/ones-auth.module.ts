import { Module } from '@nestjs/common';
import {
  DEFAULT_DEVICE_IDENTITY_URL,
  DeviceAuthentication,
  loadSystemConfig,
} from '@ones.dev/backend-modules';
import { AuthJwtProperties } from '@ones.dev/common';
import { AuthController } from './auth.controller';
import { DEVICE_AUTHENTICATION } from './device-authentication.token';

/** Provides the `DeviceAuthentication` (one per process, from the device's `device.yml`) and the routes. */
@Module({
  controllers: [AuthController],
  providers: [
    {
      provide: DEVICE_AUTHENTICATION,
      useFactory: () => {
        // The device's ids, IdP and key type from device.yml; signing through px-device-identity-service.
        return DeviceAuthentication.fromSystemConfig(loadSystemConfig(process.env.ONES_DEVICE_YML), {
          name: 'nestjs-shop',
          deviceIdentityUrl: process.env.ONES_SIGNER_URL ?? DEFAULT_DEVICE_IDENTITY_URL,
          authJwtProperties: new AuthJwtProperties({
            scope: 'openid profile email',
            bindingMessage: 'Log in to Nest Shop',
          }),
        });
      },
    },
  ],
})
export class OnesAuthModule {}
