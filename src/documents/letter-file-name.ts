/** Characters no file system or browser keeps in a file name, and control characters. */
const UNSAFE = /[\\/:*?"<>|\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]+/g;
const SUBJECT_MAX = 120;

/**
 * The name a letter's PDF downloads under: its number (slashes, which no file name may hold,
 * as dashes) and its subject, e.g. `000.8.3.3-12-Diskominfo-2026 Permohonan Data.pdf`; a
 * letter not numbered yet is a `KONSEP`. A long subject is cut at a word.
 */
export function letterFileName(letter: { number: string | null; subject: string }): string {
  const clean = (text: string) => text.replace(UNSAFE, ' ').replace(/\s+/g, ' ').trim();
  let subject = clean(letter.subject);
  if (subject.length > SUBJECT_MAX) {
    const cut = subject.slice(0, SUBJECT_MAX + 1);
    const lastSpace = cut.lastIndexOf(' ');
    subject = (lastSpace > SUBJECT_MAX / 2 ? cut.slice(0, lastSpace) : cut.slice(0, SUBJECT_MAX)).trim();
  }
  const prefix = letter.number ? clean(letter.number.replace(/\//g, '-')) : 'KONSEP';
  return `${[prefix, subject].filter(Boolean).join(' ')}.pdf`;
}
