/**
 * Judge M7-4 at its due time (the order plus its target), the last step of a CIP order's execution.
 * Input: the activation id. Output: the verdicts recorded, or null when nothing changed (the CIP answered in
 * time and was judged then) or nothing is recorded yet (the evaluation at T0 + 60 min will judge it).
 */
import type { Verdict } from '#domain/commitments';
import type { Ports } from '#domain/ports';
import { loadActivation } from './load-activation.ts';
import { reviseVerdicts } from './revise-verdicts.ts';

export const judgeCip = async (
  input: { activationId: string },
  deps: Pick<Ports, 'store' | 'timeline' | 'clock'>,
): Promise<{ verdicts: Verdict[] | null }> => {
  const activation = await loadActivation(deps.store, input.activationId);
  return { verdicts: (await reviseVerdicts(activation, 'cip.due', deps)) ?? null };
};
