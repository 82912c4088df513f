/**
 * Task PageCommunicationCell (a callback task, `lambda:invoke.waitForTaskToken`): pages one escalation step
 * of a crisis cell and keeps the task token, which the acknowledgement answers (M7-1). Its answer is not
 * read on AWS (the task waits for the token, or for `TimeoutSecondsPath`); the local runner reads its
 * `timeoutAt`.
 */
import { required } from '#shared/config';
import { ENV } from '#shared/contract';
import { PageCellTaskInput, taskHandler } from '#shared/task';
import { pageCell } from '#use-cases/page-cell';
import { sesEmail } from '../aws-email.ts';
import { awsMessaging } from '../aws-messaging.ts';
import { awsRoot } from '../aws-root.ts';

export const handler = taskHandler('PageCell', PageCellTaskInput, (input) =>
  pageCell(
    input,
    { ...awsMessaging(sesEmail()), pages: awsRoot.pages() },
    { ackBaseUrl: required(awsRoot.config().ackBaseUrl, ENV.ackBaseUrl) },
  ),
);
