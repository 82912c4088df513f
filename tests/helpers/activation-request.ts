/** The body of a `POST /activations` a duty officer would send, for the tests that go through HTTP. */

/** An instant some minutes before now, as a duty officer types it (whole seconds, `Z`). */
export const minutesAgo = (minutes: number) =>
  new Date(Date.now() - minutes * 60_000).toISOString().replace(/\.\d+Z$/, 'Z');

/** An exercise flood for Annecy and Thonon-les-Bains, decided five minutes ago. */
export const activationBody = (overrides: Record<string, unknown> = {}) => ({
  mode: 'exercise',
  eventType: 'flood',
  title: 'Crue du Fier',
  synergiRef: 'SYN-2026-0042',
  decidedAt: minutesAgo(5),
  area: { communes: ['74010', '74281'] },
  message: {
    sms: 'Crue du Fier : les berges sont fermées à Annecy et Thonon. Suivez les consignes des secours.',
    email: { subject: 'Crue du Fier', body: 'Les berges du Fier sont fermées jusqu’à nouvel ordre.' },
  },
  ...overrides,
});
