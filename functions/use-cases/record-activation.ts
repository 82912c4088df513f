/**
 * Record the COD activation: the workflow's first step.
 * Input: the activation id. Output: nothing. Main course: append `cod.activated` at T0, once.
 */
import type { Ports } from '#domain/ports';
import { loadActivation } from './load-activation.ts';

export const recordActivation = async (
  input: { activationId: string },
  deps: Pick<Ports, 'store' | 'timeline' | 'clock'>,
): Promise<void> => {
  const activation = await loadActivation(deps.store, input.activationId);
  await deps.timeline.append({
    activationId: activation.id,
    at: activation.decidedAt,
    type: 'cod.activated',
    actor: activation.activatedBy,
    details: {
      synergiRef: activation.synergiRef,
      title: activation.title,
      mode: activation.mode,
      eventType: activation.eventType,
      communes: activation.communes.length,
      acceptedAt: activation.acceptedAt,
      recordedAt: deps.clock.now().toISOString(),
    },
  });
};
