import { assertContentType, assertPurpose, contentDisposition, objectKey, sanitizeOriginalName } from './object-naming';

describe('object naming', () => {
  it('builds the key from purpose, UTC year and month, and id', () => {
    const at = new Date('2025-12-31T20:00:00Z');
    expect(objectKey('letter-signed', '0b7c3a9e-2d7f-4c61-9a57-3f0e8d6b1c24', at)).toBe('letter-signed/2025/12/0b7c3a9e-2d7f-4c61-9a57-3f0e8d6b1c24');
  });

  it.each(['letter-draft', 'attachment', 'incoming-scan', 'a1', `a${'b'.repeat(40)}`])('accepts the purpose %s', (purpose) => {
    expect(() => assertPurpose(purpose)).not.toThrow();
  });

  it.each(['', 'a', 'Letter', '1letter', '-x', 'letter_draft', 'letter/draft', '../x', `a${'b'.repeat(41)}`])('refuses the purpose %j', (purpose) => {
    expect(() => assertPurpose(purpose)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', status: 400 }));
  });

  it.each(['application/pdf', 'image/svg+xml', 'text/plain; charset=utf-8', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'])(
    'accepts the content type %s',
    (contentType) => expect(() => assertContentType(contentType)).not.toThrow(),
  );

  it.each(['', 'pdf', '/pdf', 'text/', 'text/plain\r\nX-Evil: 1', 'text/plain; a=\u00e9', `text/${'x'.repeat(260)}`])('refuses the content type %j', (contentType) => {
    expect(() => assertContentType(contentType)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });

  it.each([
    ['../../etc/passwd', 'passwd'],
    ['C:\\Users\\staf\\Nota Dinas.pdf', 'Nota Dinas.pdf'],
    ['  surat\u0000\u0007.pdf  ', 'surat.pdf'],
    ['laporan\u202Efdp.exe', 'laporanfdp.exe'],
    ['Undangan – Rapat.pdf', 'Undangan – Rapat.pdf'],
    ['..', null],
    ['dir/', null],
    ['', null],
    [null, null],
    [undefined, null],
  ])('sanitizes the client file name %j to %j', (name, expected) => {
    expect(sanitizeOriginalName(name)).toBe(expected);
  });

  it('keeps at most 255 characters of a file name', () => {
    expect(sanitizeOriginalName('é'.repeat(300))).toBe('é'.repeat(255));
  });

  it('builds an attachment disposition with an ASCII name and the exact UTF-8 name', () => {
    expect(contentDisposition('Surat "Penting" – 100%.pdf')).toBe(
      `attachment; filename="Surat _Penting_ _ 100_.pdf"; filename*=UTF-8''Surat%20%22Penting%22%20%E2%80%93%20100%25.pdf`,
    );
    expect(contentDisposition("it's (final).pdf")).toBe(`attachment; filename="it's (final).pdf"; filename*=UTF-8''it%27s%20%28final%29.pdf`);
    expect(contentDisposition(null)).toBe('attachment');
  });
});
