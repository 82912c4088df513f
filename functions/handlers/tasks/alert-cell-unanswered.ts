/** Task AlertCommunicationCellUnanswered — every escalation step went unanswered: alerts the cabinet by SMS. */
import type { Ports } from '#domain/ports';
import { CellTaskInput, defineTask, lambdaTask } from '#shared/task';
import { alertCellUnanswered } from '#use-cases/alert-cell-unanswered';
import { awsMessaging, noEmail } from '../aws-messaging.ts';

export const createAlertCellUnansweredTask = (
  deps: () => Pick<Ports, 'store' | 'timeline' | 'directory' | 'ledger' | 'messenger' | 'clock' | 'signal'>,
) => defineTask('AlertCellUnanswered', CellTaskInput, (input) => alertCellUnanswered(input, deps()));

export const handler = lambdaTask(createAlertCellUnansweredTask(() => awsMessaging(noEmail)));
