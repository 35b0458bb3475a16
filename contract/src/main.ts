// `node dist/main.js`: the vendor's routes in a NestJS app, compiled as NestJS compiles by default.
// ONES_DEVICE_YML and ONES_SIGNER_URL say where dev-idp's device and signer are; it listens on a free port.
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { vendorDeviceAuthentication } from './vendor-backend';
import { useDeviceAuthentication, VendorAuthController, VendorAuthService } from './vendor-controller';

@Module({ controllers: [VendorAuthController], providers: [VendorAuthService] })
class VendorModule {}

async function bootstrap(): Promise<void> {
  useDeviceAuthentication(
    vendorDeviceAuthentication(process.env.ONES_DEVICE_YML, process.env.ONES_SIGNER_URL ?? ''),
  );
  const app = await NestFactory.create(VendorModule, { logger: ['error', 'warn'] });
  const server = await app.listen(0, '127.0.0.1');
  const address = server.address();
  process.stdout.write(
    `listening on http://127.0.0.1:${typeof address === 'object' && address ? address.port : ''}\n`,
  );
}
void bootstrap();
