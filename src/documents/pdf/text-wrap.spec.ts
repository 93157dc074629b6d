import { wrapText } from './text-wrap';

/** Every character 1 unit wide: easy to reason about. */
const measure = (s: string) => s.length;

describe('wrapText', () => {
  it('fills lines greedily and marks only the last as last', () => {
    const lines = wrapText('aaa bbb ccc ddd', 7, 7, measure);
    expect(lines.map((l) => l.words.join(' '))).toEqual(['aaa bbb', 'ccc ddd']);
    expect(lines.map((l) => l.last)).toEqual([false, true]);
    expect(lines[0].width).toBe(7);
  });

  it('honours a narrower first line (first-line indent)', () => {
    const lines = wrapText('aaa bbb ccc', 4, 11, measure);
    expect(lines.map((l) => l.words.join(' '))).toEqual(['aaa', 'bbb ccc']);
  });

  it('breaks a word longer than a line instead of overflowing', () => {
    const lines = wrapText('https://example.go.id/a/very/long/path', 10, 10, measure);
    expect(lines.every((l) => l.width <= 10)).toBe(true);
    expect(lines.map((l) => l.words.join('')).join('')).toBe('https://example.go.id/a/very/long/path');
  });

  it('returns one empty line for empty text', () => {
    expect(wrapText('   ', 10, 10, measure)).toEqual([{ words: [], width: 0, last: true }]);
  });
});
