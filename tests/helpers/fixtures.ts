/**
 * Test fixtures with no storage behind them: a fixed clock, a stored-shape activation and the test contacts.
 * Shared by the unit tests on the in-memory fakes and the tests on real storage (re-exported by local-table.ts).
 */
import type { Activation, Audience } from '#domain/activation';
import type { Contact } from '#domain/directory';
import type { Clock, Ports } from '#domain/ports';
import type { StartActivationRequest } from '#use-cases/start-activation';

export const fixedClock = (iso: string): Clock => ({ now: () => new Date(iso) });

let sequence = 0;
/** A stored-shape activation for two communes of Haute-Savoie, T0 at 10:00 UTC on 10 March 2026. */
export const anActivation = (overrides: Partial<Activation> = {}): Activation => {
  sequence += 1;
  const id = overrides.id ?? `act-test${String(sequence).padStart(16, '0')}`;
  return {
    id,
    mode: 'exercise',
    eventType: 'flood',
    title: 'Crue du Fier',
    synergiRef: 'SYN-2026-0042',
    decidedAt: '2026-03-10T10:00:00.000Z',
    acceptedAt: '2026-03-10T10:03:00.000Z',
    deadline: '2026-03-10T11:00:00.000Z',
    warnAt: '2026-03-10T10:45:00.000Z',
    area: { communes: ['74010', '74281'] },
    communes: ['74010', '74281'],
    message: {
      sms: 'Crue du Fier : évitez les berges.',
      email: { subject: 'Crue du Fier', body: 'Évitez les berges.' },
    },
    status: 'active',
    activatedBy: 'demo-duty-officer',
    requestHash: 'hash',
    executionName: id,
    ...overrides,
  };
};

export const someContacts: Contact[] = [
  {
    id: 'maire-74010',
    audience: 'officials',
    name: 'Maire d’Annecy',
    phone: '+33639980009',
    email: 'maire-74010@example.org',
    communes: ['74010'],
  },
  {
    id: 'maire-74281',
    audience: 'officials',
    name: 'Maire de Thonon-les-Bains',
    phone: '+33639980245',
    communes: ['74281'],
  },
  {
    id: 'maire-74042',
    audience: 'officials',
    name: 'Maire de Bonneville',
    phone: '+33639980040',
    communes: ['74042'],
  },
  {
    id: 'presse-1',
    audience: 'press',
    name: 'Rédaction (démo)',
    phone: '+33639982000',
    email: 'presse-1@example.org',
  },
  { id: 'ligne-public-1', audience: 'publicLine', name: 'Ligne d’information (démo)', phone: '+33639983000' },
  { id: 'cabinet-1', audience: 'cabinet', name: 'Cadre de permanence (démo)', phone: '+33639984000' },
];

/** Records that an audience was informed, as the dispatch step does (on a test table or the fakes alike). */
export const recordInformed = (
  ports: Pick<Ports, 'timeline'>,
  activationId: string,
  audience: Audience,
  at: string,
) =>
  ports.timeline.append({
    activationId,
    at,
    type: 'dispatch.completed',
    actor: 'system',
    audience,
    details: {},
  });

/** What a duty officer asks, as the start use case takes it: the two communes, T0 at 11:00 in Paris. */
export const aStartRequest = (overrides: Partial<StartActivationRequest> = {}): StartActivationRequest => ({
  mode: 'exercise',
  eventType: 'flood',
  title: 'Crue du Fier',
  synergiRef: 'SYN-2026-0042',
  decidedAt: '2026-03-10T11:00:00+01:00',
  area: { communes: ['74010', '74281'] },
  message: {
    sms: 'Crue du Fier : évitez les berges.',
    email: { subject: 'Crue du Fier', body: 'Évitez les berges.' },
  },
  ...overrides,
});

/** The timeline of a first hour where everything went well, as `type:audience`, sorted. */
export const FIRST_HOUR_ON_TIME = [
  'checkpoint.passed',
  'cod.activated',
  'commitments.evaluated',
  'dispatch.completed:officials',
  'dispatch.completed:press',
  'dispatch.completed:publicLine',
];
