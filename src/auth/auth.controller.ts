import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Post, Req, Res } from '@nestjs/common';
import { ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply as Response, FastifyRequest as Request } from 'fastify';
import { clearCookie, setCookie } from '../common/http/cookies';
import { AppConfig } from '../config/app-config';
import { AuthenticatedRequest, CurrentPerson, Public } from './auth.decorators';
import { SESSION_COOKIE, BrowserSessionService } from './browser-session.service';
import { AuthService, LoginResult } from './auth.service';
import { DEVICE_COOKIE, deviceCookieOptions, readCookie } from './device-cookie';
import { ChangePasswordDto, LoginDto } from './dto/login.dto';
import { BrowserSessionView, PersonPrincipalDto } from './dto/session.dto';
import { PersonPrincipal } from '../records/principal';
import { CommonError, CommonErrorCode } from '../common/errors/app-error';
import { ApiErrors } from '../common/openapi/api-errors.decorator';
import { SECURITY_SCHEMES } from '../common/openapi/security-schemes';
import { AuthErrorCode } from './auth.errors';

@ApiTags('auth')
@Controller('api/v1')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly config: AppConfig,
    private readonly sessions: BrowserSessionService,
  ) {}

  /**
   * Logs a person in; the same error for an unknown user and a wrong password. Failed logins are
   * limited per address and per account (429 RATE_LIMITED with Retry-After); a browser that
   * logged in before (cookie `esurat_device`, set here) is limited on its own instead.
   */
  @Public()
  @Post('auth/login')
  @HttpCode(200)
  @ApiErrors(HttpStatus.UNAUTHORIZED, AuthErrorCode.INVALID_CREDENTIALS)
  @ApiErrors(HttpStatus.TOO_MANY_REQUESTS, CommonErrorCode.RATE_LIMITED)
  @ApiErrors(HttpStatus.SERVICE_UNAVAILABLE, AuthErrorCode.LOGIN_UNAVAILABLE)
  async login(@Body() dto: LoginDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<LoginResult> {
    const { result, deviceToken } = await this.auth.login({
      username: dto.username,
      password: dto.password,
      address: req.ip ?? req.socket.remoteAddress ?? '',
      deviceToken: readCookie(req.headers.cookie, DEVICE_COOKIE),
    });
    setCookie(res, DEVICE_COOKIE, deviceToken, deviceCookieOptions(this.config));
    return result;
  }

  /**
   * Logs a person in for the web UI: sets the httpOnly, SameSite=Strict session cookie
   * (`esurat_session`, Secure when the public address is https) and returns the CSRF token that
   * every later request that changes something must carry in `X-CSRF-Token`. The same limits
   * and errors as `auth/login`; no token ever reaches the browser's scripts.
   */
  @Public()
  @Post('auth/session')
  @HttpCode(200)
  @ApiErrors(HttpStatus.UNAUTHORIZED, AuthErrorCode.INVALID_CREDENTIALS)
  @ApiErrors(HttpStatus.TOO_MANY_REQUESTS, CommonErrorCode.RATE_LIMITED)
  @ApiErrors(HttpStatus.SERVICE_UNAVAILABLE, AuthErrorCode.LOGIN_UNAVAILABLE)
  async startSession(@Body() dto: LoginDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<BrowserSessionView> {
    const started = await this.auth.startSession({
      username: dto.username,
      password: dto.password,
      address: req.ip ?? req.socket.remoteAddress ?? '',
      deviceToken: readCookie(req.headers.cookie, DEVICE_COOKIE),
    });
    setCookie(res, DEVICE_COOKIE, started.deviceToken, deviceCookieOptions(this.config));
    setCookie(res, SESSION_COOKIE, started.sessionId, this.sessions.cookieOptions());
    return { user: started.user, csrfToken: started.csrfToken, idleSeconds: this.config.SESSION_IDLE_SECONDS };
  }

  /** The browser session in force (the page reloaded): the person and the CSRF token; 401 when it has ended. */
  @ApiCookieAuth(SECURITY_SCHEMES.cookie)
  @Get('auth/session')
  currentSession(@Req() req: AuthenticatedRequest, @CurrentPerson() person: PersonPrincipal): BrowserSessionView {
    if (!req.browserSession) throw CommonError.unauthenticated('No browser session: log in at POST /api/v1/auth/session');
    return { user: person, csrfToken: req.browserSession.csrfToken, idleSeconds: this.config.SESSION_IDLE_SECONDS };
  }

  /** Logs out: the session ends on the server and the cookie is cleared. */
  @Delete('auth/session')
  @HttpCode(204)
  async endSession(@Req() req: AuthenticatedRequest, @CurrentPerson() person: PersonPrincipal, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.auth.endSession(readCookie(req.headers.cookie, SESSION_COOKIE), person.personId);
    clearCookie(res, SESSION_COOKIE, this.sessions.cookieOptions());
  }

  /** The caller, their positions and their delegations in force. */
  @Get('me')
  me(@CurrentPerson() person: PersonPrincipal): PersonPrincipalDto {
    return person;
  }

  /** Changes the caller's password; tokens issued before stop working. */
  @Post('me/password')
  @HttpCode(204)
  @ApiErrors(HttpStatus.UNPROCESSABLE_ENTITY, AuthErrorCode.WRONG_PASSWORD)
  async changePassword(@CurrentPerson() person: PersonPrincipal, @Body() dto: ChangePasswordDto): Promise<void> {
    await this.auth.changePassword(person.personId, dto.currentPassword, dto.newPassword);
  }
}
