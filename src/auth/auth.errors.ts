import { HttpStatus } from '@nestjs/common';
import { AppError } from '../common/errors/app-error';

export enum AuthErrorCode {
  INVALID_CREDENTIALS = 'INVALID_CREDENTIALS',
  TOKEN_INVALID = 'TOKEN_INVALID',
  API_KEY_INVALID = 'API_KEY_INVALID',
  INSUFFICIENT_SCOPE = 'INSUFFICIENT_SCOPE',
  MODULE_NOT_FOUND = 'MODULE_NOT_FOUND',
  API_KEY_NOT_FOUND = 'API_KEY_NOT_FOUND',
  SCOPE_NOT_ALLOWED = 'SCOPE_NOT_ALLOWED',
  WRONG_PASSWORD = 'WRONG_PASSWORD',
  LOGIN_UNAVAILABLE = 'LOGIN_UNAVAILABLE',
  SESSION_EXPIRED = 'SESSION_EXPIRED',
  CSRF_TOKEN_INVALID = 'CSRF_TOKEN_INVALID',
}

export class AuthError extends AppError {
  static moduleNotFound(id: string): AuthError {
    return new AuthError(AuthErrorCode.MODULE_NOT_FOUND, `Module ${id} not found`, HttpStatus.NOT_FOUND);
  }

  static invalidCredentials(): AuthError {
    return new AuthError(AuthErrorCode.INVALID_CREDENTIALS, 'Username or password is wrong', HttpStatus.UNAUTHORIZED);
  }

  static tokenInvalid(): AuthError {
    return new AuthError(AuthErrorCode.TOKEN_INVALID, 'The access token is invalid or expired', HttpStatus.UNAUTHORIZED);
  }

  static sessionExpired(): AuthError {
    return new AuthError(AuthErrorCode.SESSION_EXPIRED, 'The session has ended: log in again', HttpStatus.UNAUTHORIZED);
  }

  static csrfTokenInvalid(): AuthError {
    return new AuthError(AuthErrorCode.CSRF_TOKEN_INVALID, 'A request from a browser session must carry its X-CSRF-Token header', HttpStatus.FORBIDDEN);
  }

  static apiKeyInvalid(): AuthError {
    return new AuthError(AuthErrorCode.API_KEY_INVALID, 'The API key is invalid, expired or revoked', HttpStatus.UNAUTHORIZED);
  }

  static insufficientScope(scope: string): AuthError {
    return new AuthError(AuthErrorCode.INSUFFICIENT_SCOPE, `The API key lacks the scope ${scope}`, HttpStatus.FORBIDDEN, { scope });
  }
}
