import { assertCleanInput, jsonNestingExceeds, MAX_INPUT_DEPTH, parseNestedJson } from './input-limits';

const nested = (depth: number, inner = '1') => '['.repeat(depth) + inner + ']'.repeat(depth);
const bytes = (text: string) => Buffer.from(text, 'utf8');
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return (err as { code?: string }).code;
  }
  return undefined;
};

describe('jsonNestingExceeds', () => {
  it('accepts nesting up to the limit and refuses one level more', () => {
    expect(jsonNestingExceeds(bytes(nested(MAX_INPUT_DEPTH)))).toBe(false);
    expect(jsonNestingExceeds(bytes(nested(MAX_INPUT_DEPTH + 1)))).toBe(true);
    expect(jsonNestingExceeds(bytes(`{"a":${nested(MAX_INPUT_DEPTH)}}`))).toBe(true);
  });

  it('counts siblings as one level, not as nesting', () => {
    expect(jsonNestingExceeds(bytes(`[${Array(10_000).fill('[{}]').join(',')}]`))).toBe(false);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(jsonNestingExceeds(bytes(JSON.stringify({ s: '['.repeat(1000) })))).toBe(false);
    expect(jsonNestingExceeds(bytes(JSON.stringify({ s: '\\"' + '['.repeat(1000) + '"\\' })))).toBe(false);
    expect(jsonNestingExceeds(bytes(`["\\\\", ${nested(MAX_INPUT_DEPTH)}]`))).toBe(true);
  });

  it('ignores brackets in non-ASCII text', () => {
    expect(jsonNestingExceeds(bytes(JSON.stringify({ perihal: 'Ñ€ 日本 ' + '{'.repeat(100) })))).toBe(false);
  });

  it('scans a whole 1 MB body in milliseconds, and stops early on a deep one', () => {
    const flat = bytes(JSON.stringify({ items: Array(100_000).fill('a[b]{c}'), deep: nested(MAX_INPUT_DEPTH) }));
    const deep = bytes(nested(512 * 1024));
    expect(flat.length).toBeGreaterThan(1_000_000);
    const started = process.hrtime.bigint();
    expect(jsonNestingExceeds(flat)).toBe(false);
    expect(jsonNestingExceeds(deep)).toBe(true);
    // Not a speed test (the scan takes about a millisecond a megabyte; speed belongs in the
    // bench): a bound that only a scan gone quadratic, minutes for a megabyte, could break,
    // however loaded the machine.
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(2_000);
  });
});

describe('parseNestedJson', () => {
  it('parses shallow JSON and refuses deep JSON before parsing it', () => {
    expect(parseNestedJson('{"a":[1]}', 'field')).toEqual({ a: [1] });
    expect(codeOf(() => parseNestedJson(nested(100_000), 'field'))).toBe('BODY_TOO_DEEP');
    expect(() => parseNestedJson('{"a":', 'field')).toThrow(SyntaxError);
  });
});

describe('assertCleanInput', () => {
  it('lets ordinary values through', () => {
    expect(() => assertCleanInput({ title: 'Surat edaran', list: [1, 'dua', { tiga: true }], emoji: '😀', n: null }, 'body')).not.toThrow();
  });

  it('refuses NUL and lone surrogates in values and keys, naming the field', () => {
    expect(codeOf(() => assertCleanInput({ username: 'a\u0000b' }, 'body'))).toBe('INVALID_CHARACTER');
    expect(codeOf(() => assertCleanInput({ email: 'x\ud800@dinas.go.id' }, 'body'))).toBe('INVALID_CHARACTER');
    expect(codeOf(() => assertCleanInput({ email: 'x\udc00@dinas.go.id' }, 'body'))).toBe('INVALID_CHARACTER');
    expect(codeOf(() => assertCleanInput({ metadata: { 'k\u0000': 1 } }, 'body'))).toBe('INVALID_CHARACTER');
    expect(codeOf(() => assertCleanInput('abc\u0000', 'param'))).toBe('INVALID_CHARACTER');
    try {
      assertCleanInput({ a: { b: ['ok', 'x\u0000'] } }, 'body');
    } catch (err) {
      expect((err as { details: unknown }).details).toEqual([{ field: 'a.b.1', errors: ['a.b.1 contains a NUL character'] }]);
    }
    expect.assertions(6);
  });

  it('refuses infinite numbers', () => {
    expect(codeOf(() => assertCleanInput(JSON.parse('{"version":1e400}'), 'body'))).toBe('NUMBER_OUT_OF_RANGE');
  });

  it('refuses values nested deeper than the limit without exhausting the stack', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    expect(codeOf(() => assertCleanInput(deep, 'body'))).toBe('BODY_TOO_DEEP');
    let ok: unknown = 1;
    for (let i = 0; i < MAX_INPUT_DEPTH; i++) ok = [ok];
    expect(() => assertCleanInput(ok, 'body')).not.toThrow();
    expect(codeOf(() => assertCleanInput([ok], 'body'))).toBe('BODY_TOO_DEEP');
  });
});
