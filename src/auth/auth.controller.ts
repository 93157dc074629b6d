import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AppConfig } from '../config/app-config';
import { CurrentPerson, Public } from './auth.decorators';
import { AuthService, LoginResult } from './auth.service';
import { DEVICE_COOKIE, deviceCookieOptions, readCookie } from './device-cookie';
import { ChangePasswordDto, LoginDto } from './dto/login.dto';
import { PersonPrincipal } from './principal';

@ApiTags('auth')
@Controller('api/v1')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly config: AppConfig,
  ) {}

  /**
   * Logs a person in; the same error for an unknown user and a wrong password. Failed logins are
   * limited per address and per account (429 RATE_LIMITED with Retry-After); a browser that
   * logged in before (cookie `esurat_device`, set here) is limited on its own instead.
   */
  @Public()
  @Post('auth/login')
  @HttpCode(200)
  async login(@Body() dto: LoginDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<LoginResult> {
    const { result, deviceToken } = await this.auth.login({
      username: dto.username,
      password: dto.password,
      address: req.ip ?? req.socket.remoteAddress ?? '',
      deviceToken: readCookie(req.headers.cookie, DEVICE_COOKIE),
    });
    res.cookie(DEVICE_COOKIE, deviceToken, deviceCookieOptions(this.config));
    return result;
  }

  /** The caller, their positions and their delegations in force. */
  @ApiBearerAuth()
  @Get('me')
  me(@CurrentPerson() person: PersonPrincipal): PersonPrincipal {
    return person;
  }

  /** Changes the caller's password; tokens issued before stop working. */
  @ApiBearerAuth()
  @Post('me/password')
  @HttpCode(204)
  async changePassword(@CurrentPerson() person: PersonPrincipal, @Body() dto: ChangePasswordDto): Promise<void> {
    await this.auth.changePassword(person.personId, dto.currentPassword, dto.newPassword);
  }
}
