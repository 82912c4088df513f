/**
 * Read activations: the list (newest T0 first), one activation with its verdicts, its timeline.
 * Verdicts are computed from the timeline on the activation's own clock, as the workflow computes them.
 */
import { type Activation, startOfYear } from '#domain/activation';
import { computeVerdicts, type Verdict } from '#domain/commitments';
import { NotFoundError } from '#domain/errors';
import type { ActivationQuery, ActivationStore, Ports } from '#domain/ports';
import { inTimeOrder, type TimelineEvent } from '#domain/timeline';

/** What readers see of an activation: the request hash only serves idempotency. */
export type ActivationView = Omit<Activation, 'requestHash'>;
const view = ({ requestHash: _hash, ...activation }: Activation): ActivationView => activation;

/**
 * Newest T0 first; a year is a calendar year in the prefecture's time zone (an activation decided at
 * 00:30 on 1 January in Paris belongs to the new year, though it is still 31 December in UTC).
 */
export const listActivations = async (
  { year, ...query }: Omit<ActivationQuery, 'decidedFrom' | 'decidedBefore'> & { year?: number },
  deps: Pick<Ports, 'store' | 'timeline' | 'clockFor'>,
) => {
  const page = await deps.store.list(
    year === undefined
      ? query
      : { ...query, decidedFrom: startOfYear(year), decidedBefore: startOfYear(year + 1) },
  );
  // Each activation with its verdicts, so that a list shows one per commitment and audience (tens a year).
  const items = await Promise.all(
    page.items.map(async (activation) => ({
      ...view(activation),
      verdicts: computeVerdicts(
        activation,
        await deps.timeline.list(activation.id),
        deps.clockFor(activation.acceptedAt).now(),
      ),
    })),
  );
  return { ...page, items };
};

const load = async (id: string, store: ActivationStore): Promise<Activation> => {
  const activation = await store.get(id);
  if (!activation) throw new NotFoundError('activation', id);
  return activation;
};

export const getActivation = async (
  id: string,
  deps: Pick<Ports, 'store' | 'timeline' | 'clockFor'>,
): Promise<{ activation: ActivationView; verdicts: Verdict[]; now: string }> => {
  const activation = await load(id, deps.store);
  const events = await deps.timeline.list(id);
  const now = deps.clockFor(activation.acceptedAt).now();
  return {
    activation: view(activation),
    verdicts: computeVerdicts(activation, events, now),
    // The activation's clock (accelerated locally for a demo): a countdown starts from it.
    now: now.toISOString(),
  };
};

export const getTimeline = async (
  id: string,
  deps: Pick<Ports, 'store' | 'timeline'>,
): Promise<{ events: TimelineEvent[] }> => {
  await load(id, deps.store);
  return { events: inTimeOrder(await deps.timeline.list(id)) };
};
