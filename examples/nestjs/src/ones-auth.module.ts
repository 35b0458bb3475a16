import { Module } from '@nestjs/common';
import {
  DeviceAuthentication,
  deviceIdentitySigningFunction,
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
        const device = loadSystemConfig(process.env.ONES_DEVICE_YML);
        return new DeviceAuthentication({
          name: 'nestjs-shop',
          idpBaseUrl: device.authServerUrl,
          deviceId: device.deviceId,
          deviceClientId: device.clientId,
          deviceKeyType: device.keyType,
          functions: { signingFunction: deviceIdentitySigningFunction },
          deviceIdentityUrl: process.env.ONES_SIGNER_URL ?? 'http://127.0.0.1:8000/sign',
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
