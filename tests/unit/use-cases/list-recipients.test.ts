import { describe, expect, it } from 'vitest';
import { SEND_LEASE_SECONDS } from '#domain/delivery';
import type { Contact } from '#domain/directory';
import { NotFoundError } from '#domain/errors';
import { FAKE_REFUSAL, fakePorts } from '#tests/helpers/fakes';
import { anActivation, someContacts } from '#tests/helpers/fixtures';
import { dispatchAudience } from '#use-cases/dispatch-audience';
import { listRecipients } from '#use-cases/list-recipients';
import { recordDispatchFailure } from '#use-cases/record-dispatch-failure';

describe('listRecipients', () => {
  const onCall: Contact[] = [
    { id: 'astreinte-1', audience: 'onCall', name: 'Alice Chargée', phone: '+33639985001' },
    // Paged, then moved to the cabinet's list: still named.
    { id: 'astreinte-2', audience: 'cabinet', name: 'Bruno Cadre', phone: '+33639985002' },
  ];
  /** Fresh ports with one activation stored (Annecy and Thonon-les-Bains), the clock at T0 + 5 min. */
  const setUp = () => {
    const activation = anActivation();
    return {
      activation,
      ports: fakePorts({ activations: [activation], contacts: [...someContacts, ...onCall] }),
    };
  };
  const none = { sent: 0, failed: 0, uncertain: 0, pending: 0, notSent: 0 };

  it('shows per audience who was sent the first message, failed or not yet, with masked numbers', async () => {
    const { activation, ports } = setUp();
    await dispatchAudience({ activationId: activation.id, audience: 'officials' }, ports);
    await recordDispatchFailure(
      { activationId: activation.id, audience: 'press', error: { Error: 'TransientDeliveryError' } },
      ports,
    );

    const report = await listRecipients(activation.id, { roles: ['comms'] }, ports);

    expect(report).toEqual({
      activationId: activation.id,
      audiences: [
        {
          audience: 'officials',
          // The mayor of Bonneville is outside the area: not due the message.
          recipients: [
            {
              id: 'maire-74010',
              name: 'Maire d’Annecy',
              communes: ['74010'],
              phone: '+33 6 •• •• •• 09',
              email: 'm•••@example.org',
              status: { sms: 'sent', email: 'sent' },
            },
            {
              id: 'maire-74281',
              name: 'Maire de Thonon-les-Bains',
              communes: ['74281'],
              phone: '+33 6 •• •• •• 45',
              status: { sms: 'sent', email: null },
            },
          ],
          counts: { ...none, sent: 3 },
        },
        {
          audience: 'press',
          recipients: [
            {
              id: 'presse-1',
              name: 'Rédaction (démo)',
              phone: '+33 6 •• •• •• 00',
              email: 'p•••@example.org',
              status: { sms: 'failed', email: 'failed' },
            },
          ],
          counts: { ...none, failed: 2 },
        },
        {
          audience: 'publicLine',
          recipients: [
            {
              id: 'ligne-public-1',
              name: 'Ligne d’information (démo)',
              phone: '+33 6 •• •• •• 00',
              status: { sms: 'not-sent', email: null },
            },
          ],
          counts: { ...none, notSent: 1 },
        },
      ],
      onCall: [],
      followUps: [],
    });
  });

  it('shows the numbers and addresses in full to the directory’s keeper', async () => {
    const { activation, ports } = setUp();
    await dispatchAudience({ activationId: activation.id, audience: 'officials' }, ports);

    const report = await listRecipients(activation.id, { roles: ['admin'] }, ports);

    expect(report.audiences[0]?.recipients.map(({ id, phone, email }) => ({ id, phone, email }))).toEqual([
      { id: 'maire-74010', phone: '+33639980009', email: 'maire-74010@example.org' },
      { id: 'maire-74281', phone: '+33639980245', email: undefined },
    ]);
  });

  it('says uncertain for a message sent again after its sender died, pending for one still claimed', async () => {
    const { activation, ports } = setUp();
    // A sender claimed the press's SMS, then died before confirming it.
    await ports.ledger.claim(activation.id, 'sms#presse-1');
    await ports.ledger.claim(activation.id, 'sms#ligne-public-1');
    ports.clock.advance(SEND_LEASE_SECONDS + 1);
    await dispatchAudience({ activationId: activation.id, audience: 'press' }, ports);

    const report = await listRecipients(activation.id, { roles: ['comms'] }, ports);

    expect(
      report.audiences.map(({ audience, recipients, counts }) => ({ audience, recipients, counts })),
    ).toEqual([
      expect.objectContaining({ audience: 'officials', counts: { ...none, notSent: 3 } }),
      {
        audience: 'press',
        recipients: [
          expect.objectContaining({ id: 'presse-1', status: { sms: 'uncertain', email: 'sent' } }),
        ],
        counts: { ...none, sent: 1, uncertain: 1 },
      },
      {
        audience: 'publicLine',
        recipients: [
          expect.objectContaining({ id: 'ligne-public-1', status: { sms: 'pending', email: null } }),
        ],
        counts: { ...none, pending: 1 },
      },
    ]);
  });

  it('lists the people paged with their acknowledgement, named from the directory wherever they are now', async () => {
    const { activation, ports } = setUp();
    for (const key of ['page#communication#0#astreinte-2#sms', 'page#communication#1#astreinte-1#sms']) {
      await ports.ledger.claim(activation.id, key);
      await ports.ledger.complete(activation.id, key, { messageId: 'm', sentAt: '2026-03-10T10:05:00.000Z' });
    }
    await ports.ledger.claim(activation.id, 'page#communication#2#nobody-1#sms');
    await ports.timeline.append({
      activationId: activation.id,
      at: '2026-03-10T10:17:00.000Z',
      type: 'cell.acknowledged',
      actor: 'astreinte-1',
      subject: 'communication#astreinte-1',
      details: { cell: 'communication', by: 'astreinte-1', via: 'link', step: 1 },
    });

    const report = await listRecipients(activation.id, { roles: ['comms'] }, ports);

    expect(report.onCall).toEqual([
      { id: 'astreinte-2', name: 'Bruno Cadre', cell: 'communication', pages: 1 },
      {
        id: 'astreinte-1',
        name: 'Alice Chargée',
        cell: 'communication',
        pages: 1,
        acknowledgedAt: '2026-03-10T10:17:00.000Z',
      },
      { id: 'nobody-1', name: 'nobody-1', cell: 'communication', pages: 1 },
    ]);
  });

  it('counts each follow-up’s messages sent and still claimed, apart from the first message', async () => {
    const { activation, ports } = setUp();
    for (const key of ['msg-update-1#sms#maire-74010', 'msg-update-1#email#maire-74010']) {
      await ports.ledger.claim(activation.id, key);
      await ports.ledger.complete(activation.id, key, { messageId: 'm', sentAt: '2026-03-10T10:05:00.000Z' });
    }
    await ports.ledger.claim(activation.id, 'msg-update-1#sms#presse-1');
    await ports.ledger.claim(activation.id, 'warning#cabinet-1');

    const report = await listRecipients(activation.id, { roles: ['comms'] }, ports);

    expect(report.followUps).toEqual([{ messageId: 'msg-update-1', sent: 2, pending: 1, failed: 0 }]);
    expect(report.audiences.map(({ counts }) => counts.notSent)).toEqual([3, 2, 1]);
  });

  it('says failed, with the reason, for the number the provider refused, and sent for everyone else', async () => {
    const activation = anActivation();
    const ports = fakePorts({
      activations: [activation],
      contacts: someContacts,
      messenger: { refuse: ['sms:maire-74281'] },
    });
    await dispatchAudience({ activationId: activation.id, audience: 'officials' }, ports);

    const report = await listRecipients(activation.id, { roles: ['comms'] }, ports);

    expect(report.audiences[0]?.recipients.map(({ id, status, reason }) => ({ id, status, reason }))).toEqual(
      [
        { id: 'maire-74010', status: { sms: 'sent', email: 'sent' }, reason: undefined },
        { id: 'maire-74281', status: { sms: 'failed', email: null }, reason: { sms: FAKE_REFUSAL } },
      ],
    );
    expect(report.audiences[0]?.counts).toEqual({ ...none, sent: 2, failed: 1 });
  });

  it('answers NotFoundError for an unknown activation', async () => {
    const { ports } = setUp();

    await expect(listRecipients('act-unknown', { roles: ['admin'] }, ports)).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });
});
