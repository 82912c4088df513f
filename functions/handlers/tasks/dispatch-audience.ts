/** Task DispatchAudience — informs one audience (M7-2); the Map state runs one per audience. */
import { AudienceTaskInput, taskHandler } from '#shared/task';
import { dispatchAudience } from '#use-cases/dispatch-audience';
import { sesEmail } from '../aws-email.ts';
import { awsMessaging } from '../aws-messaging.ts';

export const handler = taskHandler('DispatchAudience', AudienceTaskInput, (input) =>
  dispatchAudience(input, awsMessaging(sesEmail())),
);
