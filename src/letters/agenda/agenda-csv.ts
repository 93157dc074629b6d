/** One CSV field (RFC 4180), with spreadsheet formulas neutralised: a cell never starts with = + - @. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = value instanceof Date ? value.toISOString() : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A CSV document with a header row and CRLF line ends; the BOM lets spreadsheet programs read UTF-8. */
export function toCsv(columns: { key: string; header: string }[], rows: Record<string, unknown>[]): string {
  const lines = [columns.map((c) => csvField(c.header)).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvField(row[c.key])).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
