/**
 * The one table that maps every Task state of `workflows/module7.asl.json` to what runs it locally: the same
 * use case and input schema as the Lambda function behind that state on AWS, bound to the activation's clock
 * and to the runtime's shutdown signal.
 */

import type { Ports } from '#domain/ports';
import {
  ActivationTaskInput,
  AudienceTaskInput,
  CellTaskInput,
  DispatchFailureInput,
  PageCellTaskInput,
  parseTaskInput,
} from '#shared/task';
import { alertCellUnanswered } from '#use-cases/alert-cell-unanswered';
import { announceCrisisNumber } from '#use-cases/announce-crisis-number';
import { checkInforming } from '#use-cases/check-informing';
import { dispatchAudience } from '#use-cases/dispatch-audience';
import { evaluateCommitments } from '#use-cases/evaluate-commitments';
import { judgeCip } from '#use-cases/judge-cip';
import { type PagingSettings, pageCell } from '#use-cases/page-cell';
import { recordActivation } from '#use-cases/record-activation';
import { recordDispatchFailure } from '#use-cases/record-dispatch-failure';
import { settleCommitments } from '#use-cases/settle-commitments';
import type { TaskTable } from './state-machine.ts';

/** The ports of the workflow's tasks, less the clock and the signal that each execution brings. */
export type TaskDeps = Pick<Ports, 'store' | 'timeline' | 'directory' | 'ledger' | 'messenger' | 'pages'>;

/** A task's result as the state machine passes it on: plain JSON. */
const asJson = (value: unknown) => JSON.parse(JSON.stringify(value ?? {}));

export const module7Tasks =
  (deps: TaskDeps, paging: () => PagingSettings): TaskTable =>
  (clock, signal) => {
    const bound = { ...deps, clock, signal };
    const dispatch = async (input: unknown) =>
      asJson(await dispatchAudience(parseTaskInput(AudienceTaskInput, input), bound));
    const recordFailure = async (input: unknown) =>
      asJson(await recordDispatchFailure(parseTaskInput(DispatchFailureInput, input), bound));
    const page = async (input: unknown) =>
      asJson(await pageCell(parseTaskInput(PageCellTaskInput, input), bound, paging()));
    const alert = async (input: unknown) =>
      asJson(await alertCellUnanswered(parseTaskInput(CellTaskInput, input), bound));
    return {
      RecordActivation: async (input) =>
        asJson(await recordActivation(parseTaskInput(ActivationTaskInput, input), bound)),
      DispatchAudience: dispatch,
      RecordDispatchFailure: recordFailure,
      CheckInforming: async (input) =>
        asJson(await checkInforming(parseTaskInput(ActivationTaskInput, input), bound)),
      EvaluateCommitments: async (input) =>
        asJson(await evaluateCommitments(parseTaskInput(ActivationTaskInput, input), bound)),
      PageCommunicationCell: page,
      AlertCommunicationCellUnanswered: alert,
      SettleCommitments: async (input) =>
        asJson(await settleCommitments(parseTaskInput(ActivationTaskInput, input), bound)),
      PageCip: page,
      AlertCipUnanswered: alert,
      AnnounceCrisisNumber: async (input) =>
        asJson(await announceCrisisNumber(parseTaskInput(ActivationTaskInput, input), bound)),
      JudgeCip: async (input) => asJson(await judgeCip(parseTaskInput(ActivationTaskInput, input), bound)),
      DispatchMessage: dispatch,
      RecordMessageFailure: recordFailure,
    };
  };
