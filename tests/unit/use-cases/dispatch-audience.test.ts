import { describe, expect, it } from 'vitest';
import { dynamodbDispatchLedger } from '#adapters/dynamodb-dispatch-ledger';
import {
  NoRecipientsError,
  SendsInFlightError,
  TransientDeliveryError,
  WorkInterruptedError,
} from '#domain/errors';
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

  it('keeps a message claimed when it was sent but its confirmation failed: no resend within the lease, the dispatch does not complete', async () => {
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
    ).rejects.toThrow('ProvisionedThroughputExceededException');
    await expect(
      dispatchAudience({ activationId: activation.id, audience: 'press' }, { ...deps(), ledger }),
    ).rejects.toBeInstanceOf(SendsInFlightError);

    const sms = (await table.outbox.list(activation.id)).filter((m) => m.channel === 'sms');
    expect(sms).toHaveLength(1);
    expect(await table.timeline.list(activation.id)).toEqual([]);
  });

  it('resends a message whose sender died after claiming it, once its lease has passed, and records the send as uncertain', async () => {
    const activation = anActivation();
    await table.store.create(activation);
    // A sender that claimed the press desk's SMS at 10:00:00 and died before confirming it.
    const crashedAt = dynamodbDispatchLedger(table.table, { clock: fixedClock('2026-03-10T10:00:00.000Z') });
    expect((await crashedAt.claim(activation.id, 'sms#presse-1')).status).toBe('new');
    const later = (iso: string) => ({
      ...deps(),
      ledger: dynamodbDispatchLedger(table.table, { clock: fixedClock(iso) }),
    });

    await expect(
      dispatchAudience({ activationId: activation.id, audience: 'press' }, later('2026-03-10T10:04:59.000Z')),
    ).rejects.toBeInstanceOf(SendsInFlightError);
    await dispatchAudience(
      { activationId: activation.id, audience: 'press' },
      later('2026-03-10T10:05:01.000Z'),
    );
    await dispatchAudience(
      { activationId: activation.id, audience: 'press' },
      later('2026-03-10T10:30:00.000Z'),
    );

    const sms = (await table.outbox.list(activation.id)).filter((m) => m.channel === 'sms');
    expect(sms.map((m) => m.recipientId)).toEqual(['presse-1']);
    const events = await table.timeline.list(activation.id);
    expect(events.map((event) => event.type).sort()).toEqual(['dispatch.completed', 'send.uncertain']);
    expect(events.find((event) => event.type === 'send.uncertain')).toMatchObject({
      audience: 'press',
      details: {
        messageKey: 'sms#presse-1',
        recipientId: 'presse-1',
        previousClaimAt: '2026-03-10T10:00:00.000Z',
      },
    });
  });

  it('judges every claim made before the runtime started stale at once: its process is gone', async () => {
    const activation = anActivation();
    await table.store.create(activation);
    await dynamodbDispatchLedger(table.table).claim(activation.id, 'sms#presse-1');
    const restarted = dynamodbDispatchLedger(table.table, { staleBefore: new Date(Date.now() + 1_000) });

    await dispatchAudience(
      { activationId: activation.id, audience: 'press' },
      { ...deps(), ledger: restarted },
    );

    expect((await table.timeline.list(activation.id)).map((event) => event.type).sort()).toEqual([
      'dispatch.completed',
      'send.uncertain',
    ]);
  });

  it('claims nothing new once shutdown is signalled, and does not complete the dispatch', async () => {
    const activation = anActivation();
    await table.store.create(activation);
    const shutdown = new AbortController();
    shutdown.abort();

    await expect(
      dispatchAudience(
        { activationId: activation.id, audience: 'officials' },
        { ...deps(), signal: shutdown.signal },
      ),
    ).rejects.toBeInstanceOf(WorkInterruptedError);

    expect(await table.outbox.list(activation.id)).toEqual([]);
    expect(await table.timeline.list(activation.id)).toEqual([]);
  });
});
