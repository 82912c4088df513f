/** An audience sent in batches (issue 9): planned by reference, each batch on its own, then completed once. */
import { describe, expect, it } from 'vitest';
import type { Contact } from '#domain/directory';
import { AudienceNotReachedError, NoRecipientsError } from '#domain/errors';
import { fakePorts } from '#tests/helpers/fakes';
import { anActivation, someContacts } from '#tests/helpers/fixtures';
import { completeDispatch, concurrencyAt, dispatchAudience } from '#use-cases/dispatch-audience';
import { planDispatch } from '#use-cases/plan-dispatch';

/** Seven officials of Annecy, SMS and e-mail. */
const officials: Contact[] = Array.from({ length: 7 }, (_, index) => ({
  id: `elu-${index}`,
  audience: 'officials',
  function: 'deputy-mayor',
  name: `Élu ${index}`,
  phone: `+336399800${String(index).padStart(2, '0')}`,
  email: `elu-${index}@example.org`,
  communes: ['74010'],
}));

const setUp = (contacts: Contact[] = [...someContacts, ...officials], refuse: string[] = []) => {
  const activation = anActivation();
  return {
    activation,
    ports: fakePorts({ activations: [activation], contacts, messenger: { refuse } }),
  };
};
const input = (activationId: string) => ({ activationId, audience: 'officials' as const });

describe('an audience in batches', () => {
  it('is planned as ranges of ids, never the recipients, and each batch sends its own and records nothing', async () => {
    const { activation, ports } = setUp();
    const plan = await planDispatch(input(activation.id), ports, { partsPerSecond: 10, maxBatchSize: 3 });
    // The two mayors of the fixtures and the seven: nine, in three batches.
    expect(plan).toMatchObject({ recipients: 9, partsPerSecond: 10, batchSize: 3, batchCount: 3 });
    expect(JSON.stringify(plan.batches)).not.toContain('+33');

    const first = await dispatchAudience({ ...input(activation.id), batch: plan.batches[0] }, ports);
    expect(first).toEqual({ audience: 'officials', recipients: 3, sms: 3, emails: 3, failed: 0 });
    expect(await ports.timeline.list(activation.id)).toEqual([]);

    for (const batch of plan.batches.slice(1))
      await dispatchAudience({ ...input(activation.id), batch }, ports);
    const sms = ports.messenger.list(activation.id).filter((message) => message.channel === 'sms');
    expect(sms.map(({ recipientId }) => recipientId).sort()).toEqual(
      ['maire-74010', 'maire-74281', ...officials.map(({ id }) => id)].sort(),
    );

    const result = await completeDispatch(input(activation.id), ports);
    expect(result).toEqual({ audience: 'officials', recipients: 9, sms: 9, emails: 8, failed: 0 });
    const events = await ports.timeline.list(activation.id);
    expect(events.map(({ type }) => type)).toEqual(['dispatch.completed']);
    expect(events[0]?.details).toMatchObject({ recipients: 9, sms: 9, emails: 8, failed: 0 });
  });

  it('sends nobody twice when a batch is retried or planned again on a replay', async () => {
    const { activation, ports } = setUp();
    const plan = await planDispatch(input(activation.id), ports, { partsPerSecond: 10, maxBatchSize: 4 });
    for (const batch of plan.batches) await dispatchAudience({ ...input(activation.id), batch }, ports);
    const replanned = await planDispatch(input(activation.id), ports, {
      partsPerSecond: 10,
      maxBatchSize: 2,
    });
    for (const batch of replanned.batches) await dispatchAudience({ ...input(activation.id), batch }, ports);
    expect(ports.messenger.list(activation.id)).toHaveLength(9 + 8);
  });

  it('sends a contact added after the plan with the batch whose range holds it', async () => {
    const { activation, ports } = setUp();
    const plan = await planDispatch(input(activation.id), ports, { partsPerSecond: 10, maxBatchSize: 3 });
    await ports.directory.putAll([{ ...(officials[0] as Contact), id: 'elu-35', name: 'Élue arrivée' }]);
    for (const batch of plan.batches) await dispatchAudience({ ...input(activation.id), batch }, ports);
    expect(ports.messenger.list(activation.id).map(({ recipientId }) => recipientId)).toContain('elu-35');
    expect((await completeDispatch(input(activation.id), ports)).recipients).toBe(10);
  });

  it('fails the completion when every SMS of the audience was refused, though each batch had some to send', async () => {
    const everySms = [...someContacts, ...officials]
      .filter((contact) => contact.audience === 'officials')
      .map(({ id }) => `sms:${id}`);
    const { activation, ports } = setUp(undefined, everySms);
    const plan = await planDispatch(input(activation.id), ports, { partsPerSecond: 10, maxBatchSize: 3 });
    for (const batch of plan.batches) await dispatchAudience({ ...input(activation.id), batch }, ports);
    await expect(completeDispatch(input(activation.id), ports)).rejects.toThrow(AudienceNotReachedError);
    expect(await ports.timeline.list(activation.id)).toEqual([]);
  });

  it('gives each audience its share of the rate, and each batch sends at its share', async () => {
    const { activation, ports } = setUp();
    const audiences = ['officials', 'press', 'publicLine'] as const;
    const plans = await Promise.all(
      audiences.map((audience) =>
        planDispatch({ activationId: activation.id, audience, audiences: [...audiences] }, ports, {
          partsPerSecond: 10,
          maxBatchSize: 1_000,
        }),
      ),
    );
    const shares = plans.map(({ partsPerSecond }) => partsPerSecond);
    // Nine officials with a number, then the press's and the public line's of the fixtures.
    expect(shares[0]).toBeGreaterThan((shares[1] ?? 0) + (shares[2] ?? 0));
    expect(shares.reduce((sum, share) => sum + share, 0)).toBeLessThanOrEqual(10);
    expect(plans[0]?.batches.every(({ partsPerSecond }) => partsPerSecond === shares[0])).toBe(true);

    const paces: number[] = [];
    const paced = {
      ...ports,
      pacedAt: (partsPerSecond: number) => {
        paces.push(partsPerSecond);
        return ports.messenger;
      },
    };
    await dispatchAudience({ ...input(activation.id), batch: plans[0]?.batches[0] }, paced);
    expect(paces).toEqual([shares[0]]);
    expect(ports.messenger.list(activation.id)).toHaveLength(9 + 8);
  });

  it('sends more at once when its pace is national, so that the provider’s latency never holds it back', () => {
    expect(concurrencyAt(undefined)).toBe(16);
    expect(concurrencyAt(10)).toBe(16);
    expect(concurrencyAt(999)).toBe(63);
    expect(concurrencyAt(5_000)).toBe(64);
  });

  it('plans no batch for an audience with nobody in the area', async () => {
    const { activation, ports } = setUp(someContacts.filter((contact) => contact.audience !== 'officials'));
    await expect(
      planDispatch(input(activation.id), ports, { partsPerSecond: 10, maxBatchSize: 3 }),
    ).rejects.toThrow(NoRecipientsError);
  });

  it('grows the batches rather than the plan past 500 of them', async () => {
    const many = Array.from({ length: 1_200 }, (_, index) => ({
      ...(officials[0] as Contact),
      id: `elu-${String(index).padStart(4, '0')}`,
    }));
    const { activation, ports } = setUp(many);
    const plan = await planDispatch(input(activation.id), ports, { partsPerSecond: 10, maxBatchSize: 1 });
    expect(plan).toMatchObject({ batchSize: 3, batchCount: 400 });
  });
});
