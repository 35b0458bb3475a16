import { Module } from '@nestjs/common';
import { DeviceAuthentication, loadSystemConfig } from '@ones.dev/backend-modules';
import { createOnesLogin } from '@ones.dev/backend-modules/login';
import { AuthJwtProperties } from '@ones.dev/common';
import { MeController } from './me.controller';
import { ONES_LOGIN } from './ones-login.token';

/**
 * Provides the login kit (one per process): the device from `device.yml`, signing through
 * px-device-identity-service, sessions in cookies encrypted with ONES_COOKIE_SECRET.
 */
@Module({
  controllers: [MeController],
  providers: [
    {
      provide: ONES_LOGIN,
      useFactory: () =>
        createOnesLogin({
          auth: DeviceAuthentication.fromSystemConfig(loadSystemConfig(process.env.ONES_DEVICE_YML), {
            name: 'nestjs-shop',
            deviceIdentityUrl: process.env.ONES_SIGNER_URL, // else device.yml's device_identity_url, else :8000
            authJwtProperties: new AuthJwtProperties({
              scope: 'openid profile email',
              bindingMessage: 'Log in to Nest Shop',
            }),
          }),
          secrets: [process.env.ONES_COOKIE_SECRET ?? ''],
          origins: [process.env.ORIGIN ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`],
        }),
    },
  ],
})
export class ShopModule {}
