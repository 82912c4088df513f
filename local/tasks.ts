/**
 * The one table that maps every Task state of `workflows/module7.asl.json` to what runs it locally: the same
 * use case and input schema as the Lambda function behind that state on AWS, bound to the activation's clock.
 */
import type { Clock } from '#domain/ports';
import { ActivationTaskInput, AudienceTaskInput, DispatchFailureInput, parseTaskInput } from '#shared/task';
import { checkInforming } from '#use-cases/check-informing';
import { dispatchAudience } from '#use-cases/dispatch-audience';
import { evaluateCommitments } from '#use-cases/evaluate-commitments';
import { recordActivation } from '#use-cases/record-activation';
import { recordDispatchFailure } from '#use-cases/record-dispatch-failure';
import type { MessagingDeps } from '#use-cases/workflow-deps';
import type { TaskHandler } from './state-machine.ts';

export type TaskDeps = Omit<MessagingDeps, 'clock'>;

export const module7Tasks =
  (deps: TaskDeps) =>
  (clock: Clock): Record<string, TaskHandler> => {
    const withClock = { ...deps, clock };
    return {
      RecordActivation: async (input) => {
        await recordActivation(parseTaskInput(ActivationTaskInput, input), withClock);
        return {};
      },
      DispatchAudience: async (input) => ({
        ...(await dispatchAudience(parseTaskInput(AudienceTaskInput, input), withClock)),
      }),
      RecordDispatchFailure: async (input) => {
        await recordDispatchFailure(parseTaskInput(DispatchFailureInput, input), withClock);
        return {};
      },
      CheckInforming: async (input) => ({
        ...(await checkInforming(parseTaskInput(ActivationTaskInput, input), withClock)),
      }),
      EvaluateCommitments: async (input) =>
        JSON.parse(
          JSON.stringify(await evaluateCommitments(parseTaskInput(ActivationTaskInput, input), withClock)),
        ),
    };
  };
