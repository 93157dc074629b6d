/**
 * Every queue, job name and payload of the system, in one place. A handler is a service
 * method marked @JobHandler(name); start-up refuses a name with no handler or two.
 */
export enum QueueName {
  Workflow = 'workflow',
  /** Webhook deliveries apart, so a slow module's callback never delays workflow jobs. */
  Webhooks = 'webhooks',
}

export interface JobPayloads {
  /**
   * Runs the actions one transition requested (notify, assignNumber...), after it committed,
   * in the order the workflow lists them: one job per transition, one outbox event per action.
   */
  'workflow.action': {
    letterId: string;
    seq: number;
    actions: {
      outboxId: string;
      letterId: string;
      seq: number;
      name: string;
      trigger: 'entry' | 'step' | 'transition';
      event: string;
      state: string;
      step?: { route: string; index: number; positionIds: string[] };
    }[];
  };
  /** Fires a letter's deadline event when it is still due (delayed until the deadline). */
  'workflow.deadline': { deadlineId: string };
  /** Periodic: fires deadlines whose delayed job was lost while Redis or the workers were down. */
  'workflow.deadline-sweep': Record<string, never>;
  /** Periodic: marks dispositions past their own deadline and tells the recipient's superior and the sender (eskalasi). */
  'disposition.overdue-sweep': Record<string, never>;
  /** POSTs one webhook event to its module's callback (retries and ordering: integrations/webhooks). */
  'webhook.deliver': { eventId: string };
  /** E-mails the signed letter to one external recipient of the dispatch list (SMTP_ENABLED; letters/dispatch). */
  'dispatch.email': { dispatchItemId: string };
}

export type JobName = keyof JobPayloads;

/** Which queue carries each job. */
export const JOB_QUEUES: { [K in JobName]: QueueName } = {
  'workflow.action': QueueName.Workflow,
  'workflow.deadline': QueueName.Workflow,
  'workflow.deadline-sweep': QueueName.Workflow,
  'disposition.overdue-sweep': QueueName.Workflow,
  'webhook.deliver': QueueName.Webhooks,
  'dispatch.email': QueueName.Workflow,
};

/** BullMQ job ids may not contain ':'; ids built from database keys go through this. */
export const jobId = (...parts: string[]): string => parts.join('-').replace(/:/g, '.');
