import { Controller, Get, Inject, Req, UnauthorizedException } from '@nestjs/common';
import type { OnesLogin } from '@ones.dev/backend-modules/login';
import type { Request } from 'express';
import { ONES_LOGIN } from './ones-login.token';

/** A route of the shop's own that needs a logged-in user: the kit says who it is. */
@Controller('api')
export class MeController {
  constructor(@Inject(ONES_LOGIN) private readonly login: OnesLogin) {}

  @Get('me')
  async me(@Req() request: Request) {
    const session = await this.login.session(request);
    if (session === null) throw new UnauthorizedException('log in first');
    return { greeting: `Hello ${String(session.user.name ?? session.user.sub)}`, user: session.user };
  }
}
