/**
 * Revise the recorded verdicts after a late step.
 * Input: the activation and what caused the revision. Output: the verdicts recorded, or undefined when
 * nothing changed or nothing is recorded yet (the evaluation at T0 + 60 min will be).
 * Main course: compute the verdicts from the timeline; when they differ from the ones recorded last, append
 * `commitments.revised` so that the timeline, the API and the report agree.
 */
import type { Activation } from '#domain/activation';
import { revisedVerdicts, type Verdict } from '#domain/commitments';
import type { Ports } from '#domain/ports';

export const reviseVerdicts = async (
  activation: Pick<Activation, 'id' | 'deadline'>,
  cause: string,
  deps: Pick<Ports, 'timeline' | 'clock'>,
): Promise<Verdict[] | undefined> => {
  const now = deps.clock.now();
  const verdicts = revisedVerdicts(activation, await deps.timeline.list(activation.id), now);
  if (!verdicts) return undefined;
  await deps.timeline.append({
    activationId: activation.id,
    at: now.toISOString(),
    type: 'commitments.revised',
    actor: 'system',
    subject: cause,
    details: { verdicts, cause },
  });
  return verdicts;
};
