import type { Queue } from 'bullmq';
import { JOB_OPTIONS, QUEUE_WORKERS } from './job-options';
import { JobQueue } from './job-queue.service';
import { JOB_QUEUES, QueueName } from './jobs';

const fakeQueue = (name: string) => ({ name, on: jest.fn(), add: jest.fn().mockResolvedValue({}), addBulk: jest.fn().mockResolvedValue([]) }) as unknown as Queue & { add: jest.Mock; addBulk: jest.Mock };

describe('job options', () => {
  it('has retries and retention for every job name, and a worker for every queue', () => {
    expect(Object.keys(JOB_OPTIONS).sort()).toEqual(Object.keys(JOB_QUEUES).sort());
    for (const options of Object.values(JOB_OPTIONS)) expect(options.attempts).toBeGreaterThanOrEqual(1);
    expect(Object.keys(QUEUE_WORKERS).sort()).toEqual(Object.values(QueueName).sort());
  });

  it('JobQueue applies the table of the job name; the producer adds only the id and a delay', async () => {
    const [workflow, webhooks, ocr, notifications] = [fakeQueue('workflow'), fakeQueue('webhooks'), fakeQueue('ocr'), fakeQueue('notifications')];
    const jobs = new JobQueue(workflow, webhooks, ocr, notifications);
    await jobs.add('webhook.deliver', { eventIds: ['7'] }, { jobId: 'webhook-7-resend' });
    expect(webhooks.add).toHaveBeenCalledWith('webhook.deliver', { eventIds: ['7'] }, { ...JOB_OPTIONS['webhook.deliver'], jobId: 'webhook-7-resend' });

    await jobs.addBulk([
      { name: 'workflow.deadline', payload: { deadlineId: 'd' }, options: { jobId: 'deadline-d', delay: 500 } },
      { name: 'ocr.extract', payload: { letterTextId: 't' }, options: { jobId: 'ocr-t' } },
      { name: 'dispatch.email', payload: { dispatchItemId: 'i' }, options: { jobId: 'dispatch-email-i' } },
    ]);
    expect(workflow.addBulk).toHaveBeenCalledWith([
      { name: 'workflow.deadline', data: { deadlineId: 'd' }, opts: { attempts: 5, backoff: { type: 'exponential', delay: 5000 }, removeOnComplete: { age: 86_400, count: 10_000 }, removeOnFail: { age: 604_800 }, jobId: 'deadline-d', delay: 500 } },
      { name: 'dispatch.email', data: { dispatchItemId: 'i' }, opts: { ...JOB_OPTIONS['dispatch.email'], jobId: 'dispatch-email-i' } },
    ]);
    expect(ocr.addBulk).toHaveBeenCalledWith([{ name: 'ocr.extract', data: { letterTextId: 't' }, opts: { ...JOB_OPTIONS['ocr.extract'], jobId: 'ocr-t' } }]);
  });
});
