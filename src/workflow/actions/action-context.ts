import type { JobPayloads } from '../../queue/jobs';

/** What an action handler receives: the request from the interpreter, with its letter. */
export type ActionRequest = JobPayloads['workflow.action']['actions'][number];
