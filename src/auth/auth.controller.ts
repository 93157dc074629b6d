import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { LoginThrottlerGuard } from './login-throttler.guard';
import { CurrentPerson, Public } from './auth.decorators';
import { AuthService, LoginResult } from './auth.service';
import { ChangePasswordDto, LoginDto } from './dto/login.dto';
import { PersonPrincipal } from './principal';

@ApiTags('auth')
@Controller('api/v1')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /** Logs a person in; the same error for an unknown user and a wrong password. */
  @Public()
  @UseGuards(LoginThrottlerGuard)
  @Post('auth/login')
  @HttpCode(200)
  login(@Body() dto: LoginDto): Promise<LoginResult> {
    return this.auth.login(dto.username, dto.password);
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
