/** The disposition tree and form of an incoming letter, shown on its letter page (issue 14 item 7). */
export function DispositionSection(_props: { letterId: string }) {
  return null;
}
