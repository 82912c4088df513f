/**
 * Evaluate the commitments at T0 + 60 min and record the verdicts.
 * Input: the activation id. Output: the verdicts and how many are missed (the handler emits it as a metric).
 */
import { computeVerdicts, type Verdict } from '#domain/commitments';
import type { Ports } from '#domain/ports';
import { loadActivation } from './load-activation.ts';

export const evaluateCommitments = async (
  input: { activationId: string },
  deps: Pick<Ports, 'store' | 'timeline' | 'clock'>,
): Promise<{ verdicts: Verdict[]; missed: number }> => {
  const activation = await loadActivation(deps.store, input.activationId);
  const now = deps.clock.now();
  const verdicts = computeVerdicts(activation, await deps.timeline.list(activation.id), now);
  await deps.timeline.append({
    activationId: activation.id,
    at: now.toISOString(),
    type: 'commitments.evaluated',
    actor: 'system',
    details: { verdicts },
  });
  await deps.store.markEvaluated(activation.id, now.toISOString());
  return { verdicts, missed: verdicts.filter((verdict) => verdict.status === 'missed').length };
};
