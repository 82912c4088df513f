/**
 * Read activations: the list (newest T0 first), one activation with its verdicts, its timeline.
 * Verdicts are computed from the timeline on the activation's own clock, as the workflow computes them.
 */
import type { Activation } from '#domain/activation';
import { computeVerdicts, type Verdict } from '#domain/commitments';
import { NotFoundError } from '#domain/errors';
import type { ActivationClock, ActivationQuery, ActivationStore, TimelineStore } from '#domain/ports';
import { inTimeOrder, type TimelineEvent } from '#domain/timeline';

export const listActivations = (query: ActivationQuery, deps: { store: ActivationStore }) =>
  deps.store.list(query);

const load = async (id: string, store: ActivationStore): Promise<Activation> => {
  const activation = await store.get(id);
  if (!activation) throw new NotFoundError('activation', id);
  return activation;
};

export const getActivation = async (
  id: string,
  deps: { store: ActivationStore; timeline: TimelineStore; clockFor: ActivationClock },
): Promise<{ activation: Activation; verdicts: Verdict[] }> => {
  const activation = await load(id, deps.store);
  const events = await deps.timeline.list(id);
  return {
    activation,
    verdicts: computeVerdicts(activation, events, deps.clockFor(activation.acceptedAt).now()),
  };
};

export const getTimeline = async (
  id: string,
  deps: { store: ActivationStore; timeline: TimelineStore },
): Promise<{ events: TimelineEvent[] }> => {
  await load(id, deps.store);
  return { events: inTimeOrder(await deps.timeline.list(id)) };
};
