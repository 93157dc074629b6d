/**
 * Which events this page offers as buttons, in this order, and which open a dialog with a
 * note. Events of an incoming letter's disposition are the DispositionSection's, not the bar's.
 */
export const ACTION_ORDER = ['approve', 'sign', 'send', 'file', 'submit', 'resubmit', 'return', 'reject', 'complete', 'reopen', 'cancel'];
export const DISPOSITION_EVENTS = new Set(['dispose', 'dispose_further', 'report']);
/** Events that end a letter's route for good: their button says so in red. */
export const DANGER_EVENTS = new Set(['reject', 'cancel']);

/** The order of buttons: the known ones first (the forward step leads), then whatever else the workflow allows. */
export function byActionOrder(a: string, b: string): number {
  const ia = ACTION_ORDER.indexOf(a);
  const ib = ACTION_ORDER.indexOf(b);
  return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib);
}
