import { ValidationError, ValidationPipe } from '@nestjs/common';
import { CommonError } from './errors/app-error';

function flatten(errors: ValidationError[], parent = ''): { field: string; errors: string[] }[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, errors: Object.values(e.constraints) }] : [];
    return own.concat(flatten(e.children ?? [], field));
  });
}

/** The one ValidationPipe of the app: unknown fields refused, values transformed to their DTO types. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => {
      const details = flatten(errors);
      return CommonError.validation(details.map((d) => `${d.field}: ${d.errors.join(', ')}`).join('; '), details);
    },
  });
}
