/**
 * Every action name a workflow file may request, with what the server must do. The
 * interpreter only returns these names. notify, requestSignature and emitWebhook only write
 * records of the transition, so the transition's own statement writes them
 * (actions/transition-records.ts); the server runs the others after the transition commits.
 * It refuses to start if an action has no handler (the in-transition ones keep theirs for
 * jobs an earlier version queued).
 */
export const WORKFLOW_ACTIONS = {
  assignNumber: 'Assign the letter number (nomor surat) and date from the configured format and counter.',
  renderDocument: 'Render the letter to PDF: template, number, QR code and signature blocks.',
  requestSignature: 'Ask the signer of the current step to sign (TTE); never retried automatically.',
  notify: 'Notify the people who can act now (and the drafter of decisions on their letter).',
  dispatch: 'Deliver the signed letter to its recipients and tembusan: inboxes, other bodies, external addresses.',
  deliverInternal: 'Deliver the letter to internal recipients\u2019 inboxes only (no external dispatch).',
  emitWebhook: 'Send the requesting module a webhook with the new state (approval requests).',
  markOverdue: 'Mark the letter overdue (lewat batas waktu) in lists and reports.',
  notifySuperior: 'Notify the superior of the position that should have acted.',
  archive: 'File the letter in the archive under its classification code (diarsipkan).',
  destroyContents: 'Disposal list (usul musnah): delete the contents of every letter in its berkas from storage, keeping metadata and hashes.',
} as const satisfies Record<string, string>;

export type WorkflowActionName = keyof typeof WORKFLOW_ACTIONS;

export const WORKFLOW_ACTION_NAMES = Object.keys(WORKFLOW_ACTIONS) as readonly WorkflowActionName[];
