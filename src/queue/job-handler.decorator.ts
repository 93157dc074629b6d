import { SetMetadata } from '@nestjs/common';
import type { JobName } from './jobs';

export const JOB_HANDLER_KEY = 'esurat:job-handler';

/** Marks a service method as the handler of a job name. */
export const JobHandler = (name: JobName) => SetMetadata(JOB_HANDLER_KEY, name);
