import { createHash } from 'node:crypto';
import { canonicalCheckpoint, canonicalEntry, canonicalJson, chainHash, GENESIS_HASH, parseCheckpoint } from './audit-canonical';

describe('audit canonical encoding', () => {
  it('writes objects as jsonb prints them: shorter keys first, then by bytes, with ": " and ", "', () => {
    expect(canonicalJson({ details: {}, at: '2026-01-02T03:04:05.006Z', actor: { type: 'person', id: 'x' }, action: 'auth.login' })).toBe(
      '{"at": "2026-01-02T03:04:05.006Z", "actor": {"id": "x", "type": "person"}, "action": "auth.login", "details": {}}',
    );
    expect(canonicalJson({ b: 1, a: [1, 'dua', null, true], aa: false })).toBe('{"a": [1, "dua", null, true], "b": 1, "aa": false}');
    // By UTF-8 bytes, as jsonb does: "é" is two bytes, after "ab".
    expect(canonicalJson({ é: 1, z: 2, ab: 3 })).toBe('{"z": 2, "ab": 3, "é": 1}');
  });

  it('gives the same text whatever the order members were written in, and leaves undefined out', () => {
    expect(canonicalJson({ x: 1, y: { q: 'a', p: 'b' }, z: undefined })).toBe(canonicalJson({ y: { p: 'b', q: 'a' }, x: 1 }));
    expect(canonicalJson({ z: undefined })).toBe('{}');
  });

  it('escapes strings as JSON does and keeps other characters as they are', () => {
    expect(canonicalJson({ s: 'Surat "Rahasia"\n\\ é' })).toBe('{"s": "Surat \\"Rahasia\\"\\n\\\\ é"}');
  });

  it('refuses numbers jsonb would print differently, and values JSON cannot hold', () => {
    expect(() => canonicalJson({ n: 1.5 })).toThrow(TypeError);
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(TypeError);
  });

  it('names the seq in the entry text, so an entry cannot be moved to another place', () => {
    expect(canonicalEntry(42n, '{}')).toBe('esurat-audit/1\n42\n{}');
  });

  it('hashes sha256(prev_hash || canonical text), starting from 32 zero bytes', () => {
    const text = canonicalEntry(1, '{"a": 1}');
    const expected = createHash('sha256').update(Buffer.concat([Buffer.alloc(32), Buffer.from(text, 'utf8')])).digest();
    expect(chainHash(GENESIS_HASH, text).equals(expected)).toBe(true);
    // A changed previous hash or a changed text gives another hash.
    expect(chainHash(expected, text).equals(expected)).toBe(false);
    expect(chainHash(GENESIS_HASH, canonicalEntry(1, '{"a": 2}')).equals(expected)).toBe(false);
  });

  it('writes and reads back a checkpoint, and rejects any other text', () => {
    const facts = { headSeq: '1000', headHash: Buffer.alloc(32, 0xab), at: '2026-12-03T08:00:00.000Z' };
    const text = canonicalCheckpoint(facts);
    expect(text).toBe(`esurat-audit-checkpoint/1\n1000\n${'ab'.repeat(32)}\n2026-12-03T08:00:00.000Z`);
    expect(parseCheckpoint(text)).toEqual(facts);
    expect(parseCheckpoint(text.replace('1000', '10x0'))).toBeNull();
    expect(parseCheckpoint(`${text}\nextra`)).toBeNull();
  });
});
