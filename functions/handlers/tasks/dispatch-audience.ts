/** Task DispatchAudience — informs one audience (M7-2); the Map state runs one per audience. */
import type { Ports } from '#domain/ports';
import { AudienceTaskInput, defineTask, lambdaTask } from '#shared/task';
import { dispatchAudience } from '#use-cases/dispatch-audience';
import { sesEmail } from '../aws-email.ts';
import { awsMessaging } from '../aws-messaging.ts';

export const createDispatchAudienceTask = (
  deps: () => Pick<Ports, 'store' | 'timeline' | 'directory' | 'ledger' | 'messenger' | 'clock' | 'signal'>,
) => defineTask('DispatchAudience', AudienceTaskInput, (input) => dispatchAudience(input, deps()));

export const handler = lambdaTask(createDispatchAudienceTask(() => awsMessaging(sesEmail())));
