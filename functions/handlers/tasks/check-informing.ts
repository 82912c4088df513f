/** Task CheckInforming — at T0 + 45 min, alerts the cabinet if an audience is not yet informed. */
import { ActivationTaskInput, taskHandler } from '#shared/task';
import { checkInforming } from '#use-cases/check-informing';
import { awsMessaging, noEmail } from '../aws-messaging.ts';

export const handler = taskHandler('CheckInforming', ActivationTaskInput, (input) =>
  checkInforming(input, awsMessaging(noEmail)),
);
