/**
 * The one table that maps every Task state of `workflows/module7.asl.json` to what runs it locally: the task
 * of the Lambda function behind that state on AWS (`handlers/tasks/`, the same name, input reader and use
 * case), on the local ports bound to the activation's clock and to the runtime's shutdown signal.
 */

import type { Ports } from '#domain/ports';
import { createAlertCellUnansweredTask } from '#handlers/tasks/alert-cell-unanswered';
import { createAnnounceCrisisNumberTask } from '#handlers/tasks/announce-crisis-number';
import { createCheckInformingTask } from '#handlers/tasks/check-informing';
import { createDispatchAudienceTask } from '#handlers/tasks/dispatch-audience';
import { createEvaluateCommitmentsTask } from '#handlers/tasks/evaluate-commitments';
import { createJudgeCipTask } from '#handlers/tasks/judge-cip';
import { createPageCellTask } from '#handlers/tasks/page-cell';
import { createRecordActivationTask } from '#handlers/tasks/record-activation';
import { createRecordDispatchFailureTask } from '#handlers/tasks/record-dispatch-failure';
import { createSettleCommitmentsTask } from '#handlers/tasks/settle-commitments';
import type { Task } from '#shared/task';
import type { PagingSettings } from '#use-cases/page-cell';
import type { TaskHandler, TaskTable } from './state-machine.ts';

/** The ports of the workflow's tasks, less the clock and the signal that each execution brings. */
export type TaskDeps = Pick<Ports, 'store' | 'timeline' | 'directory' | 'ledger' | 'messenger' | 'pages'>;

/** A task as the state machine runs it: its result passed on as plain JSON. */
const local =
  (task: Pick<Task<unknown, unknown>, 'run'>): TaskHandler =>
  async (input) =>
    JSON.parse(JSON.stringify((await task.run(input)) ?? {}));

export const module7Tasks =
  (deps: TaskDeps, paging: () => PagingSettings): TaskTable =>
  (clock, signal) => {
    const bound = { ...deps, clock, signal };
    const ports = () => bound;
    const dispatch = local(createDispatchAudienceTask(ports));
    const recordFailure = local(createRecordDispatchFailureTask(ports));
    const page = local(createPageCellTask(ports, paging));
    const alert = local(createAlertCellUnansweredTask(ports));
    return {
      RecordActivation: local(createRecordActivationTask(ports)),
      DispatchAudience: dispatch,
      RecordDispatchFailure: recordFailure,
      CheckInforming: local(createCheckInformingTask(ports)),
      EvaluateCommitments: local(createEvaluateCommitmentsTask(ports)),
      PageCommunicationCell: page,
      AlertCommunicationCellUnanswered: alert,
      SettleCommitments: local(createSettleCommitmentsTask(ports)),
      PageCip: page,
      AlertCipUnanswered: alert,
      AnnounceCrisisNumber: local(createAnnounceCrisisNumberTask(ports)),
      JudgeCip: local(createJudgeCipTask(ports)),
      DispatchMessage: dispatch,
      RecordMessageFailure: recordFailure,
    };
  };
