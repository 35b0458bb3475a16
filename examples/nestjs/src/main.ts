// `node dist/main.js`: a NestJS shop in CommonJS (NestJS's default) using the SDK's CommonJS build.
// ONES_DEVICE_YML, ONES_SIGNER_URL (default: device.yml's device_identity_url, else
// http://127.0.0.1:8000/sign), ONES_COOKIE_SECRET (32 bytes or more), ORIGIN (where your pages are
// served; default http://127.0.0.1:PORT), PORT (default 3000).
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { OnesLogin } from '@ones.dev/backend-modules/login';
import { ONES_LOGIN } from './ones-login.token';
import { ShopModule } from './shop.module';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create(ShopModule, { logger: ['error', 'warn'] });
  // The login kit's routes (/api/auth/*), ahead of Nest's body parser: the kit caps and reads its own.
  app.use(app.get<OnesLogin>(ONES_LOGIN).node);
  const server = await app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1');
  const address = server.address();
  process.stdout.write(
    `listening on http://127.0.0.1:${typeof address === 'object' && address ? address.port : ''}\n`,
  );
}
void bootstrap();
