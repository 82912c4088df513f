/** Task CheckInforming — at T0 + 45 min, alerts the cabinet if an audience is not yet informed. */
import type { Ports } from '#domain/ports';
import { ActivationTaskInput, defineTask, lambdaTask } from '#shared/task';
import { checkInforming } from '#use-cases/check-informing';
import { awsMessaging, noEmail } from '../aws-messaging.ts';

export const createCheckInformingTask = (
  deps: () => Pick<Ports, 'store' | 'timeline' | 'directory' | 'ledger' | 'messenger' | 'clock' | 'signal'>,
) => defineTask('CheckInforming', ActivationTaskInput, (input) => checkInforming(input, deps()));

export const handler = lambdaTask(createCheckInformingTask(() => awsMessaging(noEmail)));
