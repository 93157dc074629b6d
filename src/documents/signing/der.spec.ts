import { execFileSync } from 'node:child_process';
import { DerError, OID, TAG, der, integerOf, oidOf, readDer, timeOf } from './der';

describe('DER', () => {
  it('round-trips object identifiers, including large arcs', () => {
    for (const oid of [OID.sha256, OID.signingCertificateV2, '2.999.1', '1.2.840.113549.1.1.11']) expect(oidOf(readDer(der.oid(oid)))).toBe(oid);
  });

  it('writes minimal, positive INTEGERs', () => {
    expect(der.integer(0).toString('hex')).toBe('020100');
    expect(der.integer(128).toString('hex')).toBe('02020080');
    expect(der.integer(Buffer.from('00007f', 'hex')).toString('hex')).toBe('02017f');
    expect(integerOf(readDer(der.integer(65537)))).toBe(65537);
  });

  it('writes what OpenSSL reads back', () => {
    const encoded = der.sequence(der.oid(OID.sha256), der.utf8String('Pekalongan'), der.time(new Date(Date.UTC(2026, 10, 22, 8, 30))), der.boolean(true));
    const parsed = execFileSync('openssl', ['asn1parse', '-inform', 'DER'], { input: encoded, encoding: 'utf8' });
    expect(parsed).toContain('sha256');
    expect(parsed).toContain('UTF8STRING        :Pekalongan');
    expect(parsed).toContain('UTCTIME           :261122083000Z');
    expect(parsed).toContain('BOOLEAN           :255');
  });

  it('uses GeneralizedTime from 2050 and reads both forms', () => {
    const late = new Date(Date.UTC(2051, 0, 2, 3, 4, 5));
    expect(der.time(late)[0]).toBe(TAG.generalizedTime);
    expect(timeOf(readDer(der.time(late)))).toEqual(late);
    expect(timeOf(readDer(der.time(new Date(Date.UTC(1999, 11, 31)))))).toEqual(new Date(Date.UTC(1999, 11, 31)));
  });

  it('reads BER indefinite lengths and keeps exact element bytes', () => {
    const ber = Buffer.from('3080020101040141' + '0000', 'hex');
    const node = readDer(ber);
    expect(node.children.map((c) => c.tag)).toEqual([TAG.integer, TAG.octetString]);
    expect(node.raw.equals(ber)).toBe(true);
  });

  it('sorts SET OF members by their encoding', () => {
    expect(der.setOf([der.integer(2), der.integer(1)]).toString('hex')).toBe('3106020101020102');
  });

  it('rejects truncated input', () => {
    expect(() => readDer(Buffer.from('300a0201', 'hex'))).toThrow(DerError);
  });
});
