// The vendor's NestJS route handlers (sections 3.1.1, 3.2.1, 4.1.1 and 4.4.1), each with the
// signature the documentation gives it. Like the documentation they use a module-level `auth`, and
// they tie no id to the browser that asked for it: this reproduces the vendor's contract; the routes
// to copy are in examples/nestjs.
import {
  BadRequestException,
  Body,
  Controller,
  HttpCode,
  Injectable,
  Logger,
  NotFoundException,
  Post,
  SetMetadata,
} from '@nestjs/common';
import type { DeviceAuthentication } from '@ones.dev/backend-modules';
import type {
  CibaAuthRequestFrontendDto,
  CibaAuthRequestResponseDto,
  CibaAuthStatusRequestFrontendDto,
  CibaAuthStatusResponseDto,
  QrAuthSessionIdp,
} from '@ones.dev/common';
import type { AxiosError } from 'axios';

let auth: DeviceAuthentication;

/** Sets the `auth` the handlers use, as the vendor's snippets have it in scope. */
export function useDeviceAuthentication(instance: DeviceAuthentication): void {
  auth = instance;
}

/** The customer's own decorator the vendor's handlers carry: marks a route as open to anyone. */
const Public = () => SetMetadata('isPublic', true);

/** The service §3.2.1's handler delegates to. */
@Injectable()
export class VendorAuthService {
  async cibaStatus(authRequestId: string): Promise<CibaAuthStatusResponseDto> {
    return auth.checkCibaStatus(authRequestId);
  }
}

@Controller()
export class VendorAuthController {
  private readonly logger = new Logger('VendorAuthController');

  constructor(private readonly service: VendorAuthService) {}

  /** §3.1.1 */
  @Public()
  @Post('/api/auth/oidc/bc-authorize')
  @HttpCode(200)
  async cibaLoginRequest(@Body() body: CibaAuthRequestFrontendDto): Promise<CibaAuthRequestResponseDto> {
    return auth.makeCibaRequest({ loginHint: { kind: body.loginHintKind, value: body.userIdentifier } });
  }

  /** §3.2.1, logging the error as the vendor does: what it logs must hold no token. */
  @Public()
  @Post('/api/auth/oidc/token')
  @HttpCode(200)
  async tokenEndpoint(@Body() body: CibaAuthStatusRequestFrontendDto): Promise<CibaAuthStatusResponseDto> {
    try {
      const result = await this.service.cibaStatus(body.authRequestId);
      return result;
    } catch (err) {
      const axiosErr = err as AxiosError;
      this.logger.error(axiosErr);
      if (axiosErr?.response?.status === 400) {
        throw new BadRequestException(axiosErr.response.data);
      } else {
        this.logger.error(axiosErr?.response);
        throw new NotFoundException();
      }
    }
  }

  /** §4.1.1 */
  @Public()
  @Post('/api/auth/qr/make')
  @HttpCode(200)
  async makeQrAuthSession(): Promise<QrAuthSessionIdp> {
    return auth.makeQrAuthSessionIdp();
  }

  /** §4.4.1 */
  @Public()
  @Post('/api/auth/qr/status')
  @HttpCode(200)
  async verifyQrAuthSession(
    @Body()
    body: { sessionId: string },
  ): Promise<QrAuthSessionIdp> {
    const qrSession = await auth.verifyQrAuthSessionIdp({
      sessionId: body.sessionId,
      originIp: '127.0.0.1',
    });
    if (!qrSession) {
      throw new NotFoundException('Session not found');
    }
    return qrSession;
  }
}
