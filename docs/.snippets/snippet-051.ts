// from packages/common/src/schemas/routes/qr-route-dtos.ts
import { QrSessionStatusResponseDtoSchema } from '@ones.dev/common/schemas';

const status = QrSessionStatusResponseDtoSchema.parse({ sessionId: 's1', exp: 1_900_000_000 });
