/** The government's time zone: letters are dated, received and registered in WIB. */
export const WIB_TIME_ZONE = 'Asia/Jakarta';

/** The day (YYYY-MM-DD) an instant falls on in Western Indonesian Time (WIB), as a letter is dated. */
export function wibDate(at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: WIB_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}
