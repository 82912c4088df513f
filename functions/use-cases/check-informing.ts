/**
 * Check at T0 + 45 min that every audience is informed; if not, alert the cabinet by SMS.
 * Input: the activation id. Output: the audiences still not informed.
 * Main course: read the timeline; after the fin d'alerte, nothing; otherwise record `checkpoint.passed`, or alert the cabinet and record `warning.raised`.
 */
import { AUDIENCE_LABELS, type Audience } from '#domain/activation';
import { closureOf, uninformedAudiences, unreachedCommunes } from '#domain/commitments';
import { frameSms, timeOfDay } from '#domain/messages';
import type { Ports } from '#domain/ports';
import { loadActivation } from './load-activation.ts';
import { smsCabinet } from './sms-cabinet.ts';

export const checkInforming = async (
  input: { activationId: string },
  deps: Pick<Ports, 'store' | 'timeline' | 'directory' | 'ledger' | 'messenger' | 'clock' | 'signal'>,
): Promise<{ pendingAudiences: Audience[] }> => {
  const activation = await loadActivation(deps.store, input.activationId);
  const events = await deps.timeline.list(activation.id);
  // The alert ended before T0 + 45 min: there is nobody left to warn about, and nothing to record.
  if (closureOf(events)) return { pendingAudiences: [] };
  const pendingAudiences = uninformedAudiences(events);
  if (pendingAudiences.length === 0) {
    await deps.timeline.append({
      activationId: activation.id,
      at: deps.clock.now().toISOString(),
      type: 'checkpoint.passed',
      actor: 'system',
      details: {},
    });
    return { pendingAudiences };
  }
  const unreached = unreachedCommunes(events);
  const label = (audience: Audience) =>
    audience === 'officials' && unreached.length > 0
      ? `${AUDIENCE_LABELS[audience]} (${unreached.length} commune${unreached.length > 1 ? 's' : ''} sans élu joint)`
      : AUDIENCE_LABELS[audience];
  const text = frameSms(
    `Module 7 - ${activation.title} : à T0+45 min, publics non informés : ${pendingAudiences
      .map(label)
      .join(', ')}. Échéance ${timeOfDay(activation.deadline)}.`,
    activation.mode,
  );
  const cabinetAlerted = await smsCabinet(deps, activation, { kind: 'warning', text });
  await deps.timeline.append({
    activationId: activation.id,
    at: deps.clock.now().toISOString(),
    type: 'warning.raised',
    actor: 'system',
    details: {
      pendingAudiences,
      cabinetAlerted,
      ...(unreached.length > 0 ? { unreachedCommunes: unreached } : {}),
    },
  });
  return { pendingAudiences };
};
