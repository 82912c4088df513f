import { describe, expect, it } from 'vitest';
import { SEND_LEASE_SECONDS } from '#domain/delivery';
import {
  AudienceNotReachedError,
  NoRecipientsError,
  SendsInFlightError,
  TransientDeliveryError,
  WorkInterruptedError,
} from '#domain/errors';
import type { Messenger } from '#domain/ports';
import { FAKE_REFUSAL, fakeDispatchLedger, fakePorts } from '#tests/helpers/fakes';
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

    expect(result).toEqual({ audience: 'officials', recipients: 2, sms: 2, emails: 1, failed: 0 });
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

  describe('when the provider refuses one recipient for good', () => {
    /** Ports whose messenger refuses `refuse` (`<channel>:<contact>`) with a PermanentDeliveryError. */
    const refusing = (refuse: string[], contacts = someContacts) => {
      const activation = anActivation();
      return {
        activation,
        ports: fakePorts({ activations: [activation], contacts, messenger: { refuse } }),
      };
    };
    const completedOf = async (ports: ReturnType<typeof setUp>['ports'], activationId: string) =>
      (await ports.timeline.list(activationId)).find((event) => event.type === 'dispatch.completed');

    it('records the refusal for that recipient with its reason, informs everyone else, and leaves the commune of its only official unreached', async () => {
      const { activation, ports } = refusing(['sms:maire-74281']);

      const result = await dispatchAudience({ activationId: activation.id, audience: 'officials' }, ports);

      expect(result).toEqual({ audience: 'officials', recipients: 2, sms: 2, emails: 1, failed: 1 });
      expect(ports.messenger.list(activation.id).map((m) => `${m.channel}:${m.recipientId}`)).toEqual([
        'sms:maire-74010',
        'email:maire-74010',
      ]);
      expect(ports.ledger.entry(activation.id, 'sms#maire-74281')).toEqual({
        status: 'failed',
        claimedAt: '2026-03-10T10:05:00.000Z',
        reason: FAKE_REFUSAL,
        failedAt: '2026-03-10T10:05:00.000Z',
      });
      expect((await completedOf(ports, activation.id))?.details).toEqual({
        recipients: 2,
        sms: 2,
        smsParts: 1,
        encoding: 'GSM-7',
        emails: 1,
        failed: 1,
        failedRecipients: ['maire-74281'],
        // Thonon-les-Bains had one official, whose only number was refused: nobody of it was reached.
        coverage: { expected: 2, reached: 1, unreached: ['74281'] },
      });
    });

    it('sends nothing again on a retry of the dispatch, and does not try the refused number again', async () => {
      const { activation, ports } = refusing(['sms:maire-74281']);
      await dispatchAudience({ activationId: activation.id, audience: 'officials' }, ports);
      ports.clock.advance(SEND_LEASE_SECONDS + 1);

      const retried = await dispatchAudience({ activationId: activation.id, audience: 'officials' }, ports);

      expect(retried.failed).toBe(1);
      expect(ports.messenger.list(activation.id)).toHaveLength(2);
      expect(ports.messenger.refused).toEqual(['sms:maire-74281']);
      const events = await ports.timeline.list(activation.id);
      expect(events.map((event) => event.type)).toEqual(['dispatch.completed']);
    });

    it('counts a commune reached when its official got one of their two messages', async () => {
      const { activation, ports } = refusing(['email:maire-74010']);

      await dispatchAudience({ activationId: activation.id, audience: 'officials' }, ports);

      expect((await completedOf(ports, activation.id))?.details).toMatchObject({
        failed: 1,
        failedRecipients: ['maire-74010'],
        coverage: { expected: 2, reached: 2, unreached: [] },
      });
    });

    it('names each recipient refused once, and counts every message refused', async () => {
      const { activation, ports } = refusing(['sms:presse-1']);

      await dispatchAudience({ activationId: activation.id, audience: 'press' }, ports);

      expect((await completedOf(ports, activation.id))?.details).toMatchObject({
        sms: 1,
        emails: 1,
        failed: 1,
        failedRecipients: ['presse-1'],
      });
      expect((await completedOf(ports, activation.id))?.details).not.toHaveProperty('coverage');
      expect(emailsOf(ports, activation.id).map((m) => m.recipientId)).toEqual(['presse-1']);
    });

    it('fails with AudienceNotReachedError when every message of the audience was refused, and again on a retry without trying anyone', async () => {
      const { activation, ports } = refusing(['sms:presse-1', 'email:presse-1']);

      await expect(
        dispatchAudience({ activationId: activation.id, audience: 'press' }, ports),
      ).rejects.toBeInstanceOf(AudienceNotReachedError);
      await expect(
        dispatchAudience({ activationId: activation.id, audience: 'press' }, ports),
      ).rejects.toBeInstanceOf(AudienceNotReachedError);

      expect(ports.messenger.refused.sort()).toEqual(['email:presse-1', 'sms:presse-1']);
      expect(ports.ledger.entry(activation.id, 'sms#presse-1')?.status).toBe('failed');
      expect(ports.ledger.entry(activation.id, 'email#presse-1')?.status).toBe('failed');
      expect(await ports.timeline.list(activation.id)).toEqual([]);
    });

    it('fails with AudienceNotReachedError when every SMS of two or more was refused, even though the e-mail left: a refusal of everyone is not about recipients', async () => {
      const { activation, ports } = refusing(['sms:maire-74010', 'sms:maire-74281']);

      await expect(
        dispatchAudience({ activationId: activation.id, audience: 'officials' }, ports),
      ).rejects.toThrow(/every SMS \(2\) was refused for good/);

      expect(emailsOf(ports, activation.id).map((m) => m.recipientId)).toEqual(['maire-74010']);
      expect(await ports.timeline.list(activation.id)).toEqual([]);
    });

    it('records a follow-up’s refusals the same way, under its own keys', async () => {
      const { activation, ports } = refusing(['sms:maire-74281']);
      await ports.store.postMessage({
        activationId: activation.id,
        id: 'msg-update-1',
        kind: 'update',
        audiences: ['officials'],
        message: { sms: 'La crue baisse.', email: { subject: 'Crue du Fier', body: 'La crue baisse.' } },
        postedAt: '2026-03-10T10:30:00.000Z',
        postedBy: 'comms-1',
        requestHash: 'h',
        acceptedAt: activation.acceptedAt,
        executionName: activation.executionName,
      });

      const result = await dispatchAudience(
        { activationId: activation.id, audience: 'officials', messageId: 'msg-update-1' },
        ports,
      );

      expect(result.failed).toBe(1);
      expect(ports.ledger.entry(activation.id, 'msg-update-1#sms#maire-74281')).toMatchObject({
        status: 'failed',
        reason: FAKE_REFUSAL,
      });
      const [dispatched] = await ports.timeline.list(activation.id);
      expect(dispatched).toMatchObject({
        type: 'message.dispatched',
        details: { failed: 1, failedRecipients: ['maire-74281'] },
      });
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
