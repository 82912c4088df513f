/**
 * Settle the first hour: the workflow's last step, once the timer and every audience's dispatch have ended.
 * Input: the activation id. Output: whether the first hour's record is complete, and the final verdicts.
 * Main course: record the evaluation if the T0 + 60 min step could not; revise the verdicts if a step ended
 * after it; mark the activation settled when every audience is either informed or recorded as failed.
 * An incomplete first hour is left unsettled: the local runtime re-arms it at its next start, and on AWS the
 * execution fails so that the failed-workflow alarm calls the on-call team.
 */

import type { Audience } from '#domain/activation';
import {
  computeVerdicts,
  evaluationOf,
  recordedVerdicts,
  unsettledAudiences,
  type Verdict,
} from '#domain/commitments';
import type { Ports } from '#domain/ports';
import { loadActivation } from './load-activation.ts';
import { reviseVerdicts } from './revise-verdicts.ts';

export interface Settlement {
  complete: boolean;
  /** The evaluation was missing at settlement and recorded then. */
  lateEvaluation: boolean;
  unsettledAudiences: Audience[];
  verdicts: Verdict[];
}

export const settleCommitments = async (
  input: { activationId: string },
  deps: Pick<Ports, 'store' | 'timeline' | 'clock'>,
): Promise<Settlement> => {
  const activation = await loadActivation(deps.store, input.activationId);
  const now = deps.clock.now();
  let events = await deps.timeline.list(activation.id);
  const lateEvaluation = !evaluationOf(events);
  if (lateEvaluation) {
    await deps.timeline.append({
      activationId: activation.id,
      at: now.toISOString(),
      type: 'commitments.evaluated',
      actor: 'system',
      details: { verdicts: computeVerdicts(activation, events, now), late: true },
    });
    await deps.store.markEvaluated(activation.id, now.toISOString());
  } else {
    await reviseVerdicts(activation, 'settlement', deps);
  }
  events = await deps.timeline.list(activation.id);
  const unsettled = unsettledAudiences(events);
  if (unsettled.length === 0) await deps.store.markSettled(activation.id, now.toISOString());
  return {
    complete: unsettled.length === 0 && !lateEvaluation,
    lateEvaluation,
    unsettledAudiences: unsettled,
    verdicts: recordedVerdicts(events) ?? [],
  };
};
