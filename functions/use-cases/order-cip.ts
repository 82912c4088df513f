/**
 * Order the public information cell (`prefect`, M7-4).
 * Input: the activation and the caller. Output: the order (when, by whom, its target and quorum), and whether
 * this call made it.
 * Main course: one order per activation (ordering again answers the first order); refused after the fin
 * d'alerte. Record `cip.ordered` on the activation's clock (the start of M7-4's clock, with the target and the
 * quorum that judge it), then store the order: its insert starts the order's execution, which pages the CIP
 * operators, publishes the numéro unique once they answer, and judges M7-4 at its due time.
 */
import { ActivationClosedError, NotFoundError } from '#domain/errors';
import { type CipOrder, DEFAULT_CIP_QUORUM, DEFAULT_CIP_TARGET_SECONDS } from '#domain/follow-ups';
import type { Ports } from '#domain/ports';

export interface CipSettings {
  targetSeconds?: number;
  quorum?: number;
  crisisNumber: string;
}

export const orderCip = async (
  input: { activationId: string },
  context: { actor: string },
  deps: Pick<Ports, 'store' | 'timeline' | 'clockFor'>,
  settings: CipSettings,
): Promise<{ created: boolean; order: CipOrder }> => {
  const activation = await deps.store.get(input.activationId);
  if (!activation) throw new NotFoundError('Activation', input.activationId);
  const stored = await deps.store.getCipOrder(activation.id);
  if (stored) return { created: false, order: stored };
  if (activation.closedAt) throw new ActivationClosedError(`Activation ${activation.id} is closed`);

  const targetSeconds = settings.targetSeconds ?? DEFAULT_CIP_TARGET_SECONDS;
  const quorum = settings.quorum ?? DEFAULT_CIP_QUORUM;
  const details = { targetSeconds, quorum, crisisNumber: settings.crisisNumber };
  await deps.timeline.append({
    activationId: activation.id,
    at: deps.clockFor(activation.acceptedAt).now().toISOString(),
    type: 'cip.ordered',
    actor: context.actor,
    details,
  });
  // A request that crashed after the event is replayed with the instant recorded first.
  const ordered = (await deps.timeline.list(activation.id)).find((event) => event.type === 'cip.ordered');
  if (!ordered) throw new Error(`The CIP order of ${activation.id} was not recorded`);
  const { created, order } = await deps.store.orderCip({
    activationId: activation.id,
    orderedAt: ordered.at,
    orderedBy: ordered.actor,
    targetSeconds: Number(ordered.details['targetSeconds'] ?? targetSeconds),
    quorum: Number(ordered.details['quorum'] ?? quorum),
    crisisNumber: String(ordered.details['crisisNumber'] ?? settings.crisisNumber),
    acceptedAt: activation.acceptedAt,
    executionName: activation.executionName,
  });
  return { created, order };
};
