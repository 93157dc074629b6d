/**
 * Where an action's work happens:
 * - `signing`: the signing plugin does it inside the `sign` transition, before the transition
 *   is written (a wrong passphrase leaves no number and no render behind);
 * - `records`: the transition's own statement writes it, as records of the transition
 *   (actions/transition-records.ts), so it commits with it or not at all;
 * - `afterCommit`: a worker runs it from the outbox once the transition has committed.
 */
export type WorkflowActionRuns = 'signing' | 'records' | 'afterCommit';

/** The event the signing plugin hears; the only place a workflow file may list the `signing` actions. */
export const SIGNING_EVENT = 'sign';

/**
 * Every action name a workflow file may request: where it runs, and what the server does. The
 * interpreter only returns these names. The server refuses to start if an action that a worker
 * runs has no job handler: the `afterCommit` ones, and those an earlier version queued as jobs
 * (`earlierJobs`). Definitions stored with letters still on their way list `assignNumber` on
 * entering `signed`: nothing is queued for it now, the signature already numbered the letter.
 */
export const WORKFLOW_ACTIONS = {
  assignNumber: {
    runs: 'signing',
    earlierJobs: true,
    does: 'At the first signature of an outgoing letter, before its final render: the letter number (nomor surat) and date (WIB) from the configured format and counter, or the number the drafter reserved.',
  },
  signDocument: {
    runs: 'signing',
    does: 'Sign the letter\u2019s document with the signer\u2019s TTE. At the first signature of an outgoing letter it first renders the final PDF (template, number, QR code, signature blocks); an attached PDF is signed as it is.',
  },
  renderDocument: {
    runs: 'afterCommit',
    does: 'Render the draft PDF with its KONSEP watermark, unless the current draft already shows the same content; nothing once the letter is signed.',
  },
  requestSignature: { runs: 'records', earlierJobs: true, does: 'Ask the signer of the current step to sign (TTE), with an in-app notification.' },
  notify: { runs: 'records', earlierJobs: true, does: 'Notify the people who can act now (and the drafter of decisions on their letter), in the app.' },
  dispatch: { runs: 'afterCommit', does: 'Deliver the signed letter to its recipients and tembusan: inboxes, other bodies, external addresses.' },
  deliverInternal: { runs: 'afterCommit', does: 'Deliver the letter to internal recipients\u2019 inboxes only (no external dispatch).' },
  emitWebhook: { runs: 'records', earlierJobs: true, does: 'Record the webhook event that tells the requesting module the new state (approval requests); a worker delivers it.' },
  markOverdue: { runs: 'afterCommit', does: 'Mark the letter overdue (lewat batas waktu) in lists and reports.' },
  notifySuperior: { runs: 'afterCommit', does: 'Notify the superior of the position that should have acted.' },
  archive: { runs: 'afterCommit', does: 'File the letter in the archive under its classification code (diarsipkan).' },
  destroyContents: {
    runs: 'afterCommit',
    does: 'Disposal list (usul musnah): delete the contents of every letter in its berkas from storage, keeping metadata and hashes.',
  },
} as const satisfies Record<string, { runs: WorkflowActionRuns; earlierJobs?: true; does: string }>;

export type WorkflowActionName = keyof typeof WORKFLOW_ACTIONS;

export const WORKFLOW_ACTION_NAMES = Object.keys(WORKFLOW_ACTIONS) as readonly WorkflowActionName[];

/** The actions a worker may be asked to run as a job, each of which must have exactly one handler. */
export const JOB_ACTION_NAMES: readonly WorkflowActionName[] = WORKFLOW_ACTION_NAMES.filter(
  (name) => WORKFLOW_ACTIONS[name].runs === 'afterCommit' || ('earlierJobs' in WORKFLOW_ACTIONS[name] && WORKFLOW_ACTIONS[name].earlierJobs),
);

/** The action names whose work happens at `runs`. */
export function actionsThatRun(runs: WorkflowActionRuns): ReadonlySet<string> {
  return new Set(WORKFLOW_ACTION_NAMES.filter((name) => WORKFLOW_ACTIONS[name].runs === runs));
}
