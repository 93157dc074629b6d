export interface WrappedLine {
  words: string[];
  /** Natural width with single spaces. */
  width: number;
  /** Last line of its paragraph: never justified. */
  last: boolean;
}

export type Measure = (text: string) => number;

/**
 * Greedy word wrap. The first line may be narrower (first-line indent); a word
 * wider than a whole line is broken between characters rather than overflowing.
 */
export function wrapText(text: string, firstWidth: number, width: number, measure: Measure): WrappedLine[] {
  const words = text.split(/ +/).filter((w) => w !== '');
  if (words.length === 0) return [{ words: [], width: 0, last: true }];
  const space = measure(' ');
  const lines: WrappedLine[] = [];
  let current: string[] = [];
  let currentWidth = 0;
  const limit = () => (lines.length === 0 ? firstWidth : width);
  const flush = () => {
    lines.push({ words: current, width: currentWidth, last: false });
    current = [];
    currentWidth = 0;
  };
  for (const word of words) {
    for (const piece of breakLongWord(word, width, measure)) {
      const w = measure(piece);
      const needed = current.length === 0 ? w : currentWidth + space + w;
      if (current.length > 0 && needed > limit()) flush();
      currentWidth = current.length === 0 ? w : currentWidth + space + w;
      current.push(piece);
    }
  }
  flush();
  lines[lines.length - 1].last = true;
  return lines;
}

function breakLongWord(word: string, width: number, measure: Measure): string[] {
  if (measure(word) <= width) return [word];
  const pieces: string[] = [];
  let piece = '';
  for (const ch of word) {
    if (piece !== '' && measure(piece + ch) > width) {
      pieces.push(piece);
      piece = '';
    }
    piece += ch;
  }
  if (piece !== '') pieces.push(piece);
  return pieces;
}
