import { AppError } from '../common/errors/app-error';
import { ArchiveError, ArchiveErrorCode } from './archive.errors';

describe('ArchiveError', () => {
  it.each(Object.values(ArchiveErrorCode))('%s is an AppError with a 4xx status', (code) => {
    const error = new ArchiveError(code, 'x');
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe(code);
    expect(error.status).toBeGreaterThanOrEqual(400);
    expect(error.status).toBeLessThan(500);
  });

  it('answers 404 for a letter one may not see, 409 for one already filed and for a legal hold', () => {
    expect(new ArchiveError(ArchiveErrorCode.LETTER_NOT_FOUND, 'x').status).toBe(404);
    expect(new ArchiveError(ArchiveErrorCode.LETTER_ALREADY_FILED, 'x').status).toBe(409);
    expect(new ArchiveError(ArchiveErrorCode.LEGAL_HOLD, 'x').status).toBe(409);
  });
});
