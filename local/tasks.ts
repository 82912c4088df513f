/**
 * The one table that maps every Task state of `workflows/module7.asl.json` to what runs it locally: the task
 * of the Lambda function behind that state on AWS (`handlers/tasks/`, the same name, input reader and use
 * case), on the local ports bound to the activation's clock and to the runtime's shutdown signal.
 */

import { DEFAULT_SMS_PARTS_PER_SECOND, MAX_DISPATCH_BATCH_SIZE } from '#domain/delivery';
import type { Ports } from '#domain/ports';
import { createAlertCellUnansweredTask } from '#handlers/tasks/alert-cell-unanswered';
import { createAnnounceCrisisNumberTask } from '#handlers/tasks/announce-crisis-number';
import { createCheckInformingTask } from '#handlers/tasks/check-informing';
import { createCompleteDispatchTask } from '#handlers/tasks/complete-dispatch';
import { createDispatchAudienceTask } from '#handlers/tasks/dispatch-audience';
import { createEvaluateCommitmentsTask } from '#handlers/tasks/evaluate-commitments';
import { createJudgeCipTask } from '#handlers/tasks/judge-cip';
import { createPageCellTask } from '#handlers/tasks/page-cell';
import { createPlanDispatchTask } from '#handlers/tasks/plan-dispatch';
import { createRecordActivationTask } from '#handlers/tasks/record-activation';
import { createRecordDispatchFailureTask } from '#handlers/tasks/record-dispatch-failure';
import { createSettleCommitmentsTask } from '#handlers/tasks/settle-commitments';
import type { Task } from '#shared/task';
import type { PagingSettings } from '#use-cases/page-cell';
import type { PlanSettings } from '#use-cases/plan-dispatch';
import type { TaskHandler, TaskTable } from './state-machine.ts';

/** The ports of the workflow's tasks, less the clock and the signal that each execution brings. */
export type TaskDeps = Pick<
  Ports,
  'store' | 'timeline' | 'directory' | 'ledger' | 'messenger' | 'pacedAt' | 'pages'
>;

/** A task as the state machine runs it: its result passed on as plain JSON. */
const local =
  (task: Pick<Task<unknown, unknown>, 'run'>): TaskHandler =>
  async (input) =>
    JSON.parse(JSON.stringify((await task.run(input)) ?? {}));

/** How the audiences are shared the rate and cut in batches: by default as the CDK app does by default. */
export const DEFAULT_DISPATCH: PlanSettings = {
  partsPerSecond: DEFAULT_SMS_PARTS_PER_SECOND,
  maxBatchSize: MAX_DISPATCH_BATCH_SIZE,
};

export const module7Tasks =
  (
    deps: TaskDeps,
    paging: () => PagingSettings,
    dispatching: () => PlanSettings = () => DEFAULT_DISPATCH,
  ): TaskTable =>
  (clock, signal) => {
    const bound = { ...deps, clock, signal };
    const ports = () => bound;
    const plan = local(createPlanDispatchTask(ports, dispatching));
    const dispatch = local(createDispatchAudienceTask(ports));
    const complete = local(createCompleteDispatchTask(ports));
    const recordFailure = local(createRecordDispatchFailureTask(ports));
    const page = local(createPageCellTask(ports, paging));
    const alert = local(createAlertCellUnansweredTask(ports));
    return {
      RecordActivation: local(createRecordActivationTask(ports)),
      PlanAudience: plan,
      DispatchAudience: dispatch,
      DispatchAudienceAtScale: dispatch,
      CompleteAudience: complete,
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
      PlanMessage: plan,
      DispatchMessage: dispatch,
      DispatchMessageAtScale: dispatch,
      CompleteMessage: complete,
      RecordMessageFailure: recordFailure,
    };
  };
