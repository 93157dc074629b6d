/** An 18-digit NIP grouped as printed on letters: "19800101 200501 1 001". */
export function formatNip(nip: string): string {
  const digits = nip.replace(/\s+/g, '');
  if (!/^\d{18}$/.test(digits)) return nip;
  return `${digits.slice(0, 8)} ${digits.slice(8, 14)} ${digits.slice(14, 15)} ${digits.slice(15)}`;
}
