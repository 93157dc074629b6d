import { api, unwrap } from '../../api/client';

/** Sent on `window` when the caller's desk changed here (a letter opened, notices read): the Beranda and the bell re-read. */
export const DESK_CHANGED = 'esurat:desk-changed';

export function announceDeskChanged(): void {
  window.dispatchEvent(new Event(DESK_CHANGED));
}

/**
 * Tells the server the caller opened the letter: their inbox items on it (a tembusan, a delivered
 * letter, a disposition) and its notifications count as read, so the counters drop. Call it when
 * the letter page loads; a failure only leaves the item unread, so it is not reported.
 */
export async function markOpened(letterId: string): Promise<void> {
  try {
    const marked = await unwrap(api.POST('/api/v1/inbox/letters/{id}/read', { params: { path: { id: letterId } } }));
    if (marked.items > 0 || marked.notifications > 0) announceDeskChanged();
  } catch {
    // Unread stays unread; the next opening tries again.
  }
}
