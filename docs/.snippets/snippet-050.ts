// from packages/common/src/schemas/routes/qr-route-dtos.ts
import { QrSessionStatusRequestDtoSchema } from '@ones.dev/common/schemas';

const dto = QrSessionStatusRequestDtoSchema.parse({ sessionId: 's1' });
