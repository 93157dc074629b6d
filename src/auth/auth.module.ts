import { createSecretKey } from 'node:crypto';
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PolicyGuard } from '../authz/policy.guard';
import { AppConfig } from '../config/app-config';
import { PersonEntity } from '../records/person.entity';
import { ApiKeyEntity } from '../records/api-key.entity';
import { ApiKeysService } from './api-keys.service';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { BrowserSessionService } from './browser-session.service';
import { LoginThrottleService } from './login-throttle.service';
import { ModuleClientEntity } from '../records/module-client.entity';
import { PrincipalService } from './principal.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([PersonEntity, ModuleClientEntity, ApiKeyEntity]),
    JwtModule.registerAsync({
      inject: [AppConfig],
      // A KeyObject, not a string: given a string, the JWT library tries to parse it as a public key on every verify.
      useFactory: (config: AppConfig) => ({ secret: createSecretKey(Buffer.from(config.JWT_SECRET, 'utf8')) as never, signOptions: { algorithm: 'HS256' } }),
    }),
  ],
  controllers: [AuthController],
  providers: [
    AuthService,
    BrowserSessionService,
    ApiKeysService,
    PrincipalService,
    LoginThrottleService,
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_GUARD, useClass: PolicyGuard },
  ],
  exports: [AuthService, ApiKeysService, PrincipalService],
})
export class AuthModule {}
