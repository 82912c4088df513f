import { describe, expect, it } from 'vitest';
import {
  NoRecipientsError,
  SendsInFlightError,
  TransientDeliveryError,
  WorkInterruptedError,
} from '#domain/errors';
import type { Messenger } from '#domain/ports';
import { fakeDispatchLedger, fakePorts } from '#tests/helpers/fakes';
import { anActivation, someContacts } from '#tests/helpers/fixtures';
import { dispatchAudience } from '#use-cases/dispatch-audience';

describe('dispatchAudience', () => {
  /** Fresh ports with one activation stored, the clock at T0 + 5 min (the ledger on the same clock). */
  const setUp = (activation = anActivation()) => ({
    activation,
    ports: fakePorts({ activations: [activation], now: '2026-03-10T10:05:00.000Z' }),
  });
  const smsOf = (ports: ReturnType<typeof setUp>['ports'], activationId: string) =>
    ports.messenger.list(activationId).filter((message) => message.channel === 'sms');
  const emailsOf = (ports: ReturnType<typeof setUp>['ports'], activationId: string) =>
    ports.messenger.list(activationId).filter((message) => message.channel === 'email');
  /** The test contacts, with an e-mail address for the mayor of Thonon-les-Bains too. */
  const bothMayorsByEmail = someContacts.map((contact) =>
    contact.id === 'maire-74281' ? { ...contact, email: 'maire-74281@example.org' } : contact,
  );

  it('sends the framed SMS and e-mail to the officials of the affected communes only, then records the dispatch', async () => {
    const { activation, ports } = setUp();

    const result = await dispatchAudience({ activationId: activation.id, audience: 'officials' }, ports);

    expect(result).toEqual({ audience: 'officials', recipients: 2, sms: 2, emails: 1 });
    const messages = ports.messenger.list(activation.id);
    expect(messages.map((m) => `${m.channel}:${m.recipientId}`).sort()).toEqual([
      'email:maire-74010',
      'sms:maire-74010',
      'sms:maire-74281',
    ]);
    expect(messages.find((m) => m.channel === 'sms')?.text).toMatch(
      /^EXERCICE EXERCICE EXERCICE\n.*\nEXERCICE EXERCICE EXERCICE$/s,
    );
    expect(await ports.timeline.list(activation.id)).toEqual([
      expect.objectContaining({
        type: 'dispatch.completed',
        audience: 'officials',
        at: '2026-03-10T10:05:00.000Z',
        details: expect.objectContaining({ recipients: 2, sms: 2, emails: 1 }),
      }),
    ]);
  });

  it('on a retry after a throttled send, sends only what was not sent and never twice', async () => {
    const { activation, ports } = setUp();
    let throttles = 1;
    const flaky: Messenger = {
      sendSms: async (message) => {
        if (message.recipient.id === 'maire-74281' && throttles-- > 0)
          throw new TransientDeliveryError('throttled');
        return ports.messenger.sendSms(message);
      },
      sendEmail: (message) => ports.messenger.sendEmail(message),
    };

    await expect(
      dispatchAudience(
        { activationId: activation.id, audience: 'officials' },
        { ...ports, messenger: flaky },
      ),
    ).rejects.toBeInstanceOf(TransientDeliveryError);
    expect(await ports.timeline.list(activation.id)).toEqual([]);
    await dispatchAudience(
      { activationId: activation.id, audience: 'officials' },
      { ...ports, messenger: flaky },
    );

    expect(
      smsOf(ports, activation.id)
        .map((m) => m.recipientId)
        .sort(),
    ).toEqual(['maire-74010', 'maire-74281']);
  });

  it('sends each recipient its own e-mail, claimed and confirmed in the ledger under the recipient', async () => {
    const activation = anActivation();
    const ports = fakePorts({ activations: [activation], contacts: bothMayorsByEmail });

    const result = await dispatchAudience({ activationId: activation.id, audience: 'officials' }, ports);

    expect(result).toMatchObject({ recipients: 2, sms: 2, emails: 2 });
    expect(emailsOf(ports, activation.id).map((m) => [m.recipientId, m.to, m.subject])).toEqual([
      ['maire-74010', 'maire-74010@example.org', 'EXERCICE EXERCICE EXERCICE - Crue du Fier'],
      ['maire-74281', 'maire-74281@example.org', 'EXERCICE EXERCICE EXERCICE - Crue du Fier'],
    ]);
    for (const recipient of ['maire-74010', 'maire-74281']) {
      expect(ports.ledger.entry(activation.id, `email#${recipient}`)).toMatchObject({ status: 'sent' });
    }
    expect(ports.ledger.entry(activation.id, 'email#officials')).toBeUndefined();
  });

  it('on a retry after a throttled e-mail, sends only the e-mail that was not sent, and never one twice', async () => {
    const activation = anActivation();
    const ports = fakePorts({ activations: [activation], contacts: bothMayorsByEmail });
    let throttles = 1;
    const flaky: Messenger = {
      sendSms: (message) => ports.messenger.sendSms(message),
      sendEmail: async (message) => {
        if (message.recipient.id === 'maire-74281' && throttles-- > 0)
          throw new TransientDeliveryError('throttled');
        return ports.messenger.sendEmail(message);
      },
    };
    const dispatch = () =>
      dispatchAudience(
        { activationId: activation.id, audience: 'officials' },
        { ...ports, messenger: flaky },
      );

    await expect(dispatch()).rejects.toBeInstanceOf(TransientDeliveryError);
    expect(await ports.timeline.list(activation.id)).toEqual([]);
    expect(ports.ledger.entry(activation.id, 'email#maire-74281')).toBeUndefined();
    await dispatch();

    expect(
      emailsOf(ports, activation.id)
        .map((m) => m.recipientId)
        .sort(),
    ).toEqual(['maire-74010', 'maire-74281']);
    expect(smsOf(ports, activation.id)).toHaveLength(2);
  });

  it('does not complete while an e-mail is claimed by a sender that may be alive, then resends it as uncertain', async () => {
    const { activation, ports } = setUp();
    // A sender that claimed the press desk's e-mail at 10:05:00 and died before confirming it.
    expect((await ports.ledger.claim(activation.id, 'email#presse-1')).status).toBe('new');

    await expect(
      dispatchAudience({ activationId: activation.id, audience: 'press' }, ports),
    ).rejects.toBeInstanceOf(SendsInFlightError);
    expect(emailsOf(ports, activation.id)).toEqual([]);
    expect(smsOf(ports, activation.id)).toHaveLength(1);
    ports.clock.set('2026-03-10T10:10:01.000Z');
    await dispatchAudience({ activationId: activation.id, audience: 'press' }, ports);

    expect(emailsOf(ports, activation.id).map((m) => m.recipientId)).toEqual(['presse-1']);
    expect(smsOf(ports, activation.id)).toHaveLength(1);
    const events = await ports.timeline.list(activation.id);
    expect(events.find((event) => event.type === 'send.uncertain')).toMatchObject({
      details: { messageKey: 'email#presse-1', recipientId: 'presse-1' },
    });
    expect(events.find((event) => event.type === 'dispatch.completed')?.details).toMatchObject({
      sms: 1,
      emails: 1,
    });
  });

  it('records the dispatch once when the same step is replayed', async () => {
    const { activation, ports } = setUp();

    await dispatchAudience({ activationId: activation.id, audience: 'press' }, ports);
    await dispatchAudience({ activationId: activation.id, audience: 'press' }, ports);

    expect(ports.messenger.list(activation.id)).toHaveLength(2);
    expect(await ports.timeline.list(activation.id)).toHaveLength(1);
  });

  it('fails with NoRecipientsError when nobody of the audience is concerned', async () => {
    const { activation, ports } = setUp(anActivation({ communes: ['74999'], area: { communes: ['74999'] } }));

    await expect(
      dispatchAudience({ activationId: activation.id, audience: 'officials' }, ports),
    ).rejects.toBeInstanceOf(NoRecipientsError);
    expect(ports.messenger.list(activation.id)).toEqual([]);
  });

  it('keeps a message claimed when it was sent but its confirmation failed: no resend within the lease, the dispatch does not complete', async () => {
    const { activation, ports } = setUp();
    let failures = 1;
    const ledger = {
      ...ports.ledger,
      complete: async (...args: Parameters<typeof ports.ledger.complete>) => {
        if (failures-- > 0) throw new Error('ProvisionedThroughputExceededException');
        return ports.ledger.complete(...args);
      },
    };

    await expect(
      dispatchAudience({ activationId: activation.id, audience: 'press' }, { ...ports, ledger }),
    ).rejects.toThrow('ProvisionedThroughputExceededException');
    ports.clock.advance(60);
    await expect(
      dispatchAudience({ activationId: activation.id, audience: 'press' }, { ...ports, ledger }),
    ).rejects.toBeInstanceOf(SendsInFlightError);

    expect(smsOf(ports, activation.id)).toHaveLength(1);
    expect(ports.ledger.entry(activation.id, 'sms#presse-1')).toMatchObject({
      status: 'claimed',
      claimedAt: '2026-03-10T10:05:00.000Z',
    });
    expect(await ports.timeline.list(activation.id)).toEqual([]);
  });

  it('resends a message whose sender died after claiming it, once its lease has passed, and records the send as uncertain', async () => {
    const { activation, ports } = setUp();
    // A sender that claimed the press desk's SMS at 10:05:00 and died before confirming it.
    expect((await ports.ledger.claim(activation.id, 'sms#presse-1')).status).toBe('new');

    ports.clock.set('2026-03-10T10:09:59.000Z');
    await expect(
      dispatchAudience({ activationId: activation.id, audience: 'press' }, ports),
    ).rejects.toBeInstanceOf(SendsInFlightError);
    expect(smsOf(ports, activation.id)).toEqual([]);
    ports.clock.set('2026-03-10T10:10:01.000Z');
    await dispatchAudience({ activationId: activation.id, audience: 'press' }, ports);
    ports.clock.set('2026-03-10T10:30:00.000Z');
    await dispatchAudience({ activationId: activation.id, audience: 'press' }, ports);

    expect(smsOf(ports, activation.id).map((m) => m.recipientId)).toEqual(['presse-1']);
    const events = await ports.timeline.list(activation.id);
    expect(events.map((event) => event.type).sort()).toEqual(['dispatch.completed', 'send.uncertain']);
    expect(events.find((event) => event.type === 'send.uncertain')).toMatchObject({
      audience: 'press',
      at: '2026-03-10T10:10:01.000Z',
      details: {
        messageKey: 'sms#presse-1',
        recipientId: 'presse-1',
        previousClaimAt: '2026-03-10T10:05:00.000Z',
      },
    });
  });

  it('judges every claim made before the runtime started stale at once: its process is gone', async () => {
    const { activation, ports } = setUp();
    // The process before the restart claimed the press desk's SMS at 10:05:00, two seconds ago.
    await ports.ledger.claim(activation.id, 'sms#presse-1');
    ports.clock.set('2026-03-10T10:05:02.000Z');
    const restarted = fakeDispatchLedger({
      records: ports.ledger.records,
      clock: ports.clock,
      staleBefore: new Date('2026-03-10T10:05:01.000Z'),
    });

    await dispatchAudience(
      { activationId: activation.id, audience: 'press' },
      { ...ports, ledger: restarted },
    );

    expect((await ports.timeline.list(activation.id)).map((event) => event.type).sort()).toEqual([
      'dispatch.completed',
      'send.uncertain',
    ]);
    expect(smsOf(ports, activation.id).map((m) => m.recipientId)).toEqual(['presse-1']);
  });

  it('claims nothing new once shutdown is signalled, and does not complete the dispatch', async () => {
    const { activation, ports } = setUp();
    const shutdown = new AbortController();
    shutdown.abort();

    await expect(
      dispatchAudience(
        { activationId: activation.id, audience: 'officials' },
        { ...ports, signal: shutdown.signal },
      ),
    ).rejects.toBeInstanceOf(WorkInterruptedError);

    expect(ports.ledger.records.size).toBe(0);
    expect(ports.messenger.list(activation.id)).toEqual([]);
    expect(await ports.timeline.list(activation.id)).toEqual([]);
  });
});
