/** Where a disposition stands (the `disposition.status` column). */
export enum DispositionStatus {
  Sent = 'sent',
  Read = 'read',
  Recalled = 'recalled',
  Reported = 'reported',
  Done = 'done',
}
