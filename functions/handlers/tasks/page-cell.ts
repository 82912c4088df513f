/**
 * Task PageCommunicationCell (a callback task, `lambda:invoke.waitForTaskToken`): pages one escalation step
 * of a crisis cell and keeps the task token, which the acknowledgement answers (M7-1). Its answer is not
 * read on AWS (the task waits for the token, or for `TimeoutSecondsPath`); the local runner reads its
 * `timeoutAt`.
 */
import type { Ports } from '#domain/ports';
import { required } from '#shared/config';
import { ENV } from '#shared/contract';
import { defineTask, lambdaTask, PageCellTaskInput } from '#shared/task';
import { type PagingSettings, pageCell } from '#use-cases/page-cell';
import { sesEmail } from '../aws-email.ts';
import { awsMessaging } from '../aws-messaging.ts';
import { awsRoot } from '../aws-root.ts';

export const createPageCellTask = (
  deps: () => Pick<
    Ports,
    'store' | 'timeline' | 'directory' | 'pages' | 'ledger' | 'messenger' | 'clock' | 'signal'
  >,
  settings: () => PagingSettings,
) => defineTask('PageCell', PageCellTaskInput, (input) => pageCell(input, deps(), settings()));

export const handler = lambdaTask(
  createPageCellTask(
    () => ({ ...awsMessaging(sesEmail()), pages: awsRoot.pages() }),
    () => ({ ackBaseUrl: required(awsRoot.config().ackBaseUrl, ENV.ackBaseUrl) }),
  ),
);
