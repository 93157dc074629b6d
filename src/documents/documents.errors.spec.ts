import { AppError } from '../common/errors/app-error';
import { DocumentError, DocumentErrorCode } from './documents.errors';

describe('DocumentError', () => {
  it.each(Object.values(DocumentErrorCode))('%s is an AppError with a 4xx status', (code) => {
    const error = new DocumentError(code, 'x');
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe(code);
    expect(error.status).toBeGreaterThanOrEqual(400);
    expect(error.status).toBeLessThan(500);
  });

  it('uses 413 for an oversized PDF and 423 for a locked signer', () => {
    expect(new DocumentError(DocumentErrorCode.PDF_TOO_LARGE, 'x').status).toBe(413);
    expect(new DocumentError(DocumentErrorCode.SIGNER_LOCKED, 'x').status).toBe(423);
  });
});
