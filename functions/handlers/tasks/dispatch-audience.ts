/** Task DispatchAudience — sends one batch of an audience (M7-2); the batch Map states run one after the other. */
import type { Ports } from '#domain/ports';
import { BatchTaskInput, defineTask, lambdaTask } from '#shared/task';
import { dispatchAudience } from '#use-cases/dispatch-audience';
import { sesEmail } from '../aws-email.ts';
import { awsMessaging } from '../aws-messaging.ts';

export const createDispatchAudienceTask = (
  deps: () => Pick<
    Ports,
    'store' | 'timeline' | 'directory' | 'ledger' | 'messenger' | 'pacedAt' | 'clock' | 'signal'
  >,
) => defineTask('DispatchAudience', BatchTaskInput, (input) => dispatchAudience(input, deps()));

export const handler = lambdaTask(createDispatchAudienceTask(() => awsMessaging(sesEmail())));
