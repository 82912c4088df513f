/** Task AlertCommunicationCellUnanswered — every escalation step went unanswered: alerts the cabinet by SMS. */
import { CellTaskInput, taskHandler } from '#shared/task';
import { alertCellUnanswered } from '#use-cases/alert-cell-unanswered';
import { awsMessaging, noEmail } from '../aws-messaging.ts';

export const handler = taskHandler('AlertCellUnanswered', CellTaskInput, (input) =>
  alertCellUnanswered(input, awsMessaging(noEmail)),
);
