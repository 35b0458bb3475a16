// `node dist/main.js`: a NestJS backend in CommonJS (NestJS's default) using the SDK's CommonJS build.
// ONES_DEVICE_YML, ONES_SIGNER_URL (default http://127.0.0.1:8000/sign), PORT (default 3000; 0 = any).
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { OnesAuthModule } from './ones-auth.module';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create(OnesAuthModule, { logger: ['error', 'warn'] });
  const server = await app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1');
  const address = server.address();
  process.stdout.write(
    `listening on http://127.0.0.1:${typeof address === 'object' && address ? address.port : ''}\n`,
  );
}
void bootstrap();
