import { describe, expect, it } from 'vitest';
import { NoRecipientsError, TransientDeliveryError } from '#domain/errors';
import type { Messenger } from '#domain/ports';
import { anActivation, fixedClock, useTestTable } from '#tests/helpers/local-table';
import { dispatchAudience } from '#use-cases/dispatch-audience';

describe('dispatchAudience', () => {
  const table = useTestTable();
  const clock = fixedClock('2026-03-10T10:05:00.000Z');
  const deps = (messenger: Messenger = table.outbox.messenger) => ({ ...table, messenger, clock });

  it('sends the framed SMS and e-mail to the officials of the affected communes only, then records the dispatch', async () => {
    const activation = anActivation();
    await table.store.create(activation);

    const result = await dispatchAudience({ activationId: activation.id, audience: 'officials' }, deps());

    expect(result).toEqual({ audience: 'officials', recipients: 2, sms: 2, emails: 1 });
    const messages = await table.outbox.list(activation.id);
    expect(messages.map((m) => `${m.channel}:${m.recipientId}`).sort()).toEqual([
      'email:maire-74010',
      'sms:maire-74010',
      'sms:maire-74281',
    ]);
    expect(messages.find((m) => m.channel === 'sms')?.text).toMatch(
      /^EXERCICE EXERCICE EXERCICE\n.*\nEXERCICE EXERCICE EXERCICE$/s,
    );
    expect(await table.timeline.list(activation.id)).toEqual([
      expect.objectContaining({
        type: 'dispatch.completed',
        audience: 'officials',
        at: '2026-03-10T10:05:00.000Z',
        details: expect.objectContaining({ recipients: 2, sms: 2, emails: 1 }),
      }),
    ]);
  });

  it('on a retry after a throttled send, sends only what was not sent and never twice', async () => {
    const activation = anActivation();
    await table.store.create(activation);
    let throttles = 1;
    const flaky: Messenger = {
      sendSms: async (message) => {
        if (message.recipient.id === 'maire-74281' && throttles-- > 0)
          throw new TransientDeliveryError('throttled');
        return table.outbox.messenger.sendSms(message);
      },
      sendEmail: (message) => table.outbox.messenger.sendEmail(message),
    };

    await expect(
      dispatchAudience({ activationId: activation.id, audience: 'officials' }, deps(flaky)),
    ).rejects.toBeInstanceOf(TransientDeliveryError);
    expect(await table.timeline.list(activation.id)).toEqual([]);
    await dispatchAudience({ activationId: activation.id, audience: 'officials' }, deps(flaky));

    const sms = (await table.outbox.list(activation.id)).filter((m) => m.channel === 'sms');
    expect(sms.map((m) => m.recipientId).sort()).toEqual(['maire-74010', 'maire-74281']);
  });

  it('records the dispatch once when the same step is replayed', async () => {
    const activation = anActivation();
    await table.store.create(activation);

    await dispatchAudience({ activationId: activation.id, audience: 'press' }, deps());
    await dispatchAudience({ activationId: activation.id, audience: 'press' }, deps());

    expect(await table.outbox.list(activation.id)).toHaveLength(2);
    expect(await table.timeline.list(activation.id)).toHaveLength(1);
  });

  it('fails with NoRecipientsError when nobody of the audience is concerned', async () => {
    const activation = anActivation({ communes: ['74999'], area: { communes: ['74999'] } });
    await table.store.create(activation);
    await table.directory.putAll([]);

    await expect(
      dispatchAudience({ activationId: activation.id, audience: 'officials' }, deps()),
    ).rejects.toBeInstanceOf(NoRecipientsError);
  });

  it('keeps a message claimed when it was sent but its ledger entry could not be completed, so a retry does not send it again', async () => {
    const activation = anActivation();
    await table.store.create(activation);
    let failures = 1;
    const ledger = {
      ...table.ledger,
      complete: async (...args: Parameters<typeof table.ledger.complete>) => {
        if (failures-- > 0) throw new Error('ProvisionedThroughputExceededException');
        return table.ledger.complete(...args);
      },
    };

    await expect(
      dispatchAudience({ activationId: activation.id, audience: 'press' }, { ...deps(), ledger }),
    ).rejects.toThrow();
    await dispatchAudience({ activationId: activation.id, audience: 'press' }, { ...deps(), ledger });

    const sms = (await table.outbox.list(activation.id)).filter((m) => m.channel === 'sms');
    expect(sms).toHaveLength(1);
  });
});
