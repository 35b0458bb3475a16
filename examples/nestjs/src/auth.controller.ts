import { randomBytes } from 'node:crypto';
import {
  BadRequestException,
  Body,
  Controller,
  HttpCode,
  HttpException,
  Inject,
  NotFoundException,
  Post,
  Req,
  Res,
} from '@nestjs/common';
import type { DeviceAuthentication } from '@ones.dev/backend-modules';
import { OnesOAuthError } from '@ones.dev/common';
import type { Request, Response } from 'express';
import { DEVICE_AUTHENTICATION } from './device-authentication.token';

const COOKIE = 'ones_login';
const TTL_MS = 15 * 60_000;

/**
 * The vendor's four routes. Status codes as the vendor documents them: 400 with the IdP's body while
 * a login is pending (and for every other OAuth answer), 404 for unknown or expired QR sessions. Every
 * id handed to a browser is tied to it with an httpOnly cookie.
 */
@Controller('api/auth')
export class AuthController {
  private readonly owners = new Map<string, { browser: string; until: number }>();

  constructor(@Inject(DEVICE_AUTHENTICATION) private readonly auth: DeviceAuthentication) {}

  @Post('oidc/bc-authorize')
  @HttpCode(200)
  async bcAuthorize(
    @Body() body: { userIdentifier?: unknown; loginHintKind?: unknown },
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    if (typeof body?.userIdentifier !== 'string' || body.userIdentifier === '')
      throw new BadRequestException('userIdentifier is required');
    const kind =
      body.loginHintKind === 'email' || body.loginHintKind === 'phone' || body.loginHintKind === 'sub'
        ? body.loginHintKind
        : 'username';
    const login = await this.oauth(() =>
      this.auth.makeCibaRequest({ loginHint: { kind, value: body.userIdentifier as string } }),
    );
    this.own(req, res, login.auth_req_id);
    return { auth_req_id: login.auth_req_id, expires_in: login.expires_in, interval: login.interval ?? 5 };
  }

  @Post('oidc/token')
  @HttpCode(200)
  async token(@Body() body: { authRequestId?: unknown }, @Req() req: Request) {
    if (typeof body?.authRequestId !== 'string' || !this.owns(req, body.authRequestId))
      throw new NotFoundException();
    const authRequestId = body.authRequestId;
    // While pending: 400 { error: 'authorization_pending' }, exactly the vendor's contract.
    return this.oauth(() => this.auth.checkCibaStatus(authRequestId));
  }

  @Post('qr/make')
  @HttpCode(200)
  async makeQr(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const session = await this.auth.makeQrAuthSessionIdp(this.originIp(req));
    this.own(req, res, session.sessionId);
    return session;
  }

  @Post('qr/status')
  @HttpCode(200)
  async qrStatus(
    @Body() body: { sessionId?: unknown },
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    if (typeof body?.sessionId !== 'string' || !this.owns(req, body.sessionId)) throw new NotFoundException();
    const session = await this.oauth(() =>
      this.auth.verifyQrAuthSessionIdp({ sessionId: body.sessionId as string, ...this.originIp(req) }),
    );
    if (session === null) throw new NotFoundException('QR session not found or expired');
    if (session.authRequestId !== undefined) this.own(req, res, session.authRequestId);
    return {
      sessionId: session.sessionId,
      exp: session.exp,
      // the linked CIBA login, with its expiry and interval, so the browser polls at the IdP's pace
      ...(session.authRequestId
        ? { authRequestId: session.authRequestId, expires_in: session.expires_in, interval: session.interval }
        : {}),
    };
  }

  /** Passes the IdP's OAuth answers on with their status and body, as the vendor's example does. */
  private async oauth<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof OnesOAuthError)
        throw new HttpException(error.response.data as object, error.response.status);
      throw error;
    }
  }

  private originIp(req: Request): { originIp?: string } {
    const ip = req.ip?.replace(/^::ffff:/, '');
    return ip ? { originIp: ip } : {};
  }

  private browserOf(req: Request): string | undefined {
    for (const part of (req.headers.cookie ?? '').split(';')) {
      const [name, value] = part.trim().split('=');
      if (name === COOKIE && value) return value;
    }
    return undefined;
  }

  private own(req: Request, res: Response, id: string): void {
    let browser = this.browserOf(req);
    if (browser === undefined) {
      browser = randomBytes(24).toString('base64url');
      res.cookie(COOKIE, browser, {
        httpOnly: true,
        sameSite: 'strict',
        secure: req.secure,
        maxAge: TTL_MS,
        path: '/api/auth',
      });
    }
    const now = Date.now();
    for (const [key, { until }] of this.owners) if (until <= now) this.owners.delete(key);
    this.owners.set(id, { browser, until: now + TTL_MS });
  }

  private owns(req: Request, id: string): boolean {
    const entry = this.owners.get(id);
    return entry !== undefined && entry.until > Date.now() && entry.browser === this.browserOf(req);
  }
}
