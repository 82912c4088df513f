import { describe, expect, it } from 'vitest';
import type { Audience } from '#domain/activation';
import type { Contact } from '#domain/directory';
import type { LedgerEntry } from '#domain/ports';
import { parseMessageKey, type RecipientsReportInput, recipientsReport } from '#domain/recipients';
import type { TimelineEvent } from '#domain/timeline';

const ACTIVATION_ID = 'act-recipients';
const AT = '2026-03-10T10:05:00.000Z';

const mayorA: Contact = {
  id: 'maire-a',
  audience: 'officials',
  function: 'mayor',
  name: 'Maire d’Annecy',
  phone: '+33639980001',
  email: 'maire-a@example.org',
  communes: ['74010'],
};
const mayorB: Contact = {
  id: 'maire-b',
  audience: 'officials',
  function: 'mayor',
  name: 'Maire de Bonneville',
  phone: '+33639980002',
  communes: ['74042'],
};
/** Withdrawn after the first message reached them: no longer due it, still in the table. */
const formerMayor: Contact = {
  id: 'maire-c',
  audience: 'officials',
  function: 'mayor',
  name: 'Ancien maire de Cluses',
  phone: '+33639980003',
  communes: ['74081'],
  active: false,
};
const press: Contact = {
  id: 'presse-1',
  audience: 'press',
  function: 'press-desk',
  name: 'Rédaction du Dauphiné',
  phone: '+33639982000',
  email: 'presse@example.org',
};
const publicLine: Contact = {
  id: 'ligne-1',
  audience: 'publicLine',
  name: 'Ligne d’information',
  email: 'ligne@example.org',
};
const officerA: Contact = {
  id: 'astreinte-a',
  audience: 'onCall',
  name: 'Alice Chargée',
  phone: '+33639985001',
};
const officerB: Contact = {
  id: 'astreinte-b',
  audience: 'onCall',
  name: 'Bruno Opérateur',
  phone: '+33639985002',
};

const sent = (messageKey: string, at = AT): LedgerEntry => ({
  messageKey,
  status: 'sent',
  claimedAt: at,
  sentAt: at,
});
const claimed = (messageKey: string, at = AT): LedgerEntry => ({
  messageKey,
  status: 'claimed',
  claimedAt: at,
});
const failed = (messageKey: string, reason: string, at = AT): LedgerEntry => ({
  messageKey,
  status: 'failed',
  claimedAt: at,
  reason,
  failedAt: at,
});

const event = (
  type: TimelineEvent['type'],
  details: Record<string, unknown>,
  more: Partial<TimelineEvent> = {},
): TimelineEvent => ({ activationId: ACTIVATION_ID, at: AT, type, actor: 'system', details, ...more });
const uncertainSend = (messageKey: string, audience: string) =>
  event('send.uncertain', { messageKey, audience, recipientId: messageKey.split('#').at(-1) });

const noneExpected: Record<Audience, Contact[]> = { officials: [], press: [], publicLine: [] };

const reportOf = (input: Partial<RecipientsReportInput>) =>
  recipientsReport({
    activation: { id: ACTIVATION_ID },
    contacts: [mayorA, mayorB, formerMayor, press, publicLine, officerA, officerB],
    expected: { officials: [mayorA, mayorB], press: [press], publicLine: [publicLine] },
    entries: [],
    events: [],
    roles: ['comms'],
    ...input,
  });

const audienceOf = (report: ReturnType<typeof recipientsReport>, audience: Audience) =>
  report.audiences.find((entry) => entry.audience === audience);

describe('parseMessageKey', () => {
  it('reads the first message’s keys', () => {
    expect(parseMessageKey('sms#maire-a')).toEqual({
      kind: 'information',
      channel: 'sms',
      contactId: 'maire-a',
    });
    expect(parseMessageKey('email#maire-a')).toEqual({
      kind: 'information',
      channel: 'email',
      contactId: 'maire-a',
    });
  });

  it('reads a follow-up’s key with its message id', () => {
    expect(parseMessageKey('msg-crisis-number#email#presse-1')).toEqual({
      kind: 'follow-up',
      channel: 'email',
      contactId: 'presse-1',
      messageId: 'msg-crisis-number',
    });
  });

  it('reads a page’s key with its cell and step', () => {
    expect(parseMessageKey('page#cip#12#astreinte-a#sms')).toEqual({
      kind: 'page',
      channel: 'sms',
      contactId: 'astreinte-a',
      cell: 'cip',
      step: 12,
    });
  });

  it('reads the cabinet’s keys: the warning, and an unanswered cell with the cell', () => {
    expect(parseMessageKey('warning#cabinet-1')).toEqual({
      kind: 'cabinet',
      channel: 'sms',
      contactId: 'cabinet-1',
    });
    expect(parseMessageKey('unanswered#communication#cabinet-1')).toEqual({
      kind: 'cabinet',
      channel: 'sms',
      contactId: 'cabinet-1',
      cell: 'communication',
    });
  });

  it.each([
    '',
    'sms',
    'sms#',
    '#maire-a',
    'fax#maire-a',
    'sms#maire-a#extra#more',
    'msg-1#fax#presse-1',
    'msg-1##presse-1',
    'unanswered#press#cabinet-1',
    'page#press#0#astreinte-a#sms',
    'page#cip#one#astreinte-a#sms',
    'page#cip#01#astreinte-a#sms',
    'page#cip#-1#astreinte-a#sms',
    'page#cip#0#astreinte-a#fax',
    'page#cip#0#astreinte-a',
  ])('answers nothing for the unknown shape %j', (key) => {
    expect(parseMessageKey(key)).toBeUndefined();
  });
});

describe('recipientsReport', () => {
  it('masks the numbers and addresses for anyone but the directory’s keeper', () => {
    const entries = [sent('email#maire-a'), sent('sms#maire-a')];

    expect(
      audienceOf(reportOf({ entries, roles: ['comms', 'cabinet'] }), 'officials')?.recipients[0],
    ).toEqual({
      id: 'maire-a',
      name: 'Maire d’Annecy',
      function: 'mayor',
      communes: ['74010'],
      phone: '+33 6 •• •• •• 01',
      email: 'm•••@example.org',
      status: { sms: 'sent', email: 'sent' },
    });
    expect(audienceOf(reportOf({ entries, roles: ['admin'] }), 'officials')?.recipients[0]).toEqual({
      id: 'maire-a',
      name: 'Maire d’Annecy',
      function: 'mayor',
      communes: ['74010'],
      phone: '+33639980001',
      email: 'maire-a@example.org',
      status: { sms: 'sent', email: 'sent' },
    });
  });

  it('says sent, uncertain (sent again after a send that never reported back), pending and not sent, per channel', () => {
    const report = reportOf({
      entries: [sent('email#maire-a'), sent('sms#maire-a'), claimed('sms#maire-b')],
      events: [uncertainSend('email#maire-a', 'officials')],
    });

    expect(audienceOf(report, 'officials')).toEqual({
      audience: 'officials',
      recipients: [
        expect.objectContaining({ id: 'maire-a', status: { sms: 'sent', email: 'uncertain' } }),
        // No address: nothing due by e-mail.
        expect.objectContaining({ id: 'maire-b', status: { sms: 'pending', email: null } }),
      ],
      counts: { sent: 1, failed: 0, uncertain: 1, pending: 1, notSent: 0 },
    });
    expect(audienceOf(report, 'press')?.counts).toEqual({
      sent: 0,
      failed: 0,
      uncertain: 0,
      pending: 0,
      notSent: 2,
    });
    expect(audienceOf(report, 'press')?.recipients[0]?.status).toEqual({
      sms: 'not-sent',
      email: 'not-sent',
    });
  });

  it('keeps a message pending, not uncertain, while its send again is not confirmed', () => {
    const report = reportOf({
      entries: [claimed('sms#maire-b')],
      events: [uncertainSend('sms#maire-b', 'officials')],
    });

    expect(audienceOf(report, 'officials')?.recipients[1]?.status).toEqual({ sms: 'pending', email: null });
  });

  it('says failed for every message not confirmed of an audience whose dispatch failed, claimed or not', () => {
    const report = reportOf({
      entries: [sent('sms#maire-a'), claimed('sms#presse-1')],
      events: [
        event('dispatch.failed', { error: 'TransientDeliveryError', cause: '' }, { audience: 'press' }),
        event('dispatch.failed', { error: 'TransientDeliveryError', cause: '' }, { audience: 'officials' }),
      ],
    });

    expect(audienceOf(report, 'press')).toEqual({
      audience: 'press',
      recipients: [expect.objectContaining({ id: 'presse-1', status: { sms: 'failed', email: 'failed' } })],
      counts: { sent: 0, failed: 2, uncertain: 0, pending: 0, notSent: 0 },
    });
    expect(audienceOf(report, 'officials')?.recipients.map(({ id, status }) => ({ id, status }))).toEqual([
      { id: 'maire-a', status: { sms: 'sent', email: 'failed' } },
      { id: 'maire-b', status: { sms: 'failed', email: null } },
    ]);
    expect(audienceOf(report, 'publicLine')?.recipients[0]?.status).toEqual({ sms: null, email: 'not-sent' });
  });

  it('says failed, with the reason, for a message refused for good, while the audience’s dispatch completed', () => {
    const report = reportOf({
      entries: [
        sent('email#maire-a'),
        failed('sms#maire-a', 'Numéro refusé par SNS (InvalidParameterException)'),
        failed('sms#maire-b', 'Numéro désinscrit des SMS de la préfecture (OptedOutException)'),
      ],
      events: [event('dispatch.completed', { failed: 2 }, { audience: 'officials' })],
    });

    expect(audienceOf(report, 'officials')).toEqual({
      audience: 'officials',
      recipients: [
        expect.objectContaining({
          id: 'maire-a',
          status: { sms: 'failed', email: 'sent' },
          reason: { sms: 'Numéro refusé par SNS (InvalidParameterException)' },
        }),
        expect.objectContaining({
          id: 'maire-b',
          status: { sms: 'failed', email: null },
          reason: { sms: 'Numéro désinscrit des SMS de la préfecture (OptedOutException)' },
        }),
      ],
      counts: { sent: 1, failed: 2, uncertain: 0, pending: 0, notSent: 0 },
    });
  });

  it('keeps the reason of a refusal whether or not the audience’s dispatch failed, and gives none to the others', () => {
    const report = reportOf({
      entries: [failed('email#presse-1', 'Message refusé par SES pour cette adresse (MessageRejected)')],
      events: [
        event('dispatch.failed', { error: 'AudienceNotReachedError', cause: '' }, { audience: 'press' }),
      ],
    });

    expect(audienceOf(report, 'press')?.recipients).toEqual([
      expect.objectContaining({
        id: 'presse-1',
        status: { sms: 'failed', email: 'failed' },
        reason: { email: 'Message refusé par SES pour cette adresse (MessageRejected)' },
      }),
    ]);
    expect(audienceOf(report, 'officials')?.recipients.map((row) => 'reason' in row)).toEqual([false, false]);
  });

  it('does not count a message as failed for another audience’s failure, or for a follow-up’s', () => {
    const report = reportOf({
      events: [
        event('dispatch.failed', { error: 'X', cause: '' }, { audience: 'press' }),
        event('message.failed', { messageId: 'msg-1', error: 'X', cause: '' }, { audience: 'officials' }),
      ],
    });

    expect(audienceOf(report, 'officials')?.counts).toEqual({
      sent: 0,
      failed: 0,
      uncertain: 0,
      pending: 0,
      notSent: 3,
    });
  });

  it('lists by name someone sent the message who is no longer due it, and a channel sent without a coordinate now', () => {
    const withoutPhone: Contact = { ...press, phone: undefined } as unknown as Contact;
    const report = reportOf({
      contacts: [mayorA, mayorB, formerMayor, withoutPhone],
      expected: { ...noneExpected, officials: [mayorB], press: [withoutPhone] },
      entries: [sent('sms#maire-c'), sent('sms#presse-1')],
    });

    expect(audienceOf(report, 'officials')?.recipients).toEqual([
      {
        id: 'maire-c',
        name: 'Ancien maire de Cluses',
        function: 'mayor',
        communes: ['74081'],
        phone: '+33 6 •• •• •• 03',
        status: { sms: 'sent', email: null },
      },
      expect.objectContaining({ id: 'maire-b', status: { sms: 'not-sent', email: null } }),
    ]);
    expect(audienceOf(report, 'press')?.recipients[0]?.status).toEqual({ sms: 'sent', email: 'not-sent' });
  });

  it('shows by its id someone the directory no longer holds, in the audience the timeline saw the message sent to', () => {
    const report = reportOf({
      expected: noneExpected,
      entries: [sent('sms#gone-1'), sent('sms#gone-2')],
      events: [uncertainSend('sms#gone-1', 'press')],
    });

    expect(audienceOf(report, 'press')?.recipients).toEqual([
      { id: 'gone-1', name: 'gone-1', status: { sms: 'uncertain', email: null } },
    ]);
    expect(report.audiences.flatMap((audience) => audience.recipients.map(({ id }) => id))).toEqual([
      'gone-1',
    ]);
  });

  it('orders each audience by name, as French sorts it', () => {
    const names = ['Élise Martin', 'zoé Durand', 'Emile Roux', 'Adèle Blanc'].map(
      (name, index): Contact => ({
        id: `p-${index}`,
        audience: 'press',
        name,
        email: `p${index}@example.org`,
      }),
    );

    const report = reportOf({ contacts: names, expected: { ...noneExpected, press: names } });

    expect(audienceOf(report, 'press')?.recipients.map(({ name }) => name)).toEqual([
      'Adèle Blanc',
      'Élise Martin',
      'Emile Roux',
      'zoé Durand',
    ]);
  });

  it('counts each follow-up’s messages sent, pending and refused, in the order they were first claimed', () => {
    const report = reportOf({
      entries: [
        sent('msg-b#sms#maire-a', '2026-03-10T10:20:00.000Z'),
        sent('msg-b#email#maire-a', '2026-03-10T10:20:01.000Z'),
        claimed('msg-b#sms#presse-1', '2026-03-10T10:20:02.000Z'),
        sent('msg-a#sms#maire-a', '2026-03-10T10:40:00.000Z'),
        sent('msg-end#sms#maire-a', '2026-03-10T10:10:00.000Z'),
        claimed('msg-end#email#maire-a', '2026-03-10T10:10:00.000Z'),
        claimed('msg-end#sms#ligne-1', '2026-03-10T10:10:00.000Z'),
        failed('msg-a#sms#maire-b', 'Refusé', '2026-03-10T10:40:01.000Z'),
      ],
    });

    expect(report.followUps).toEqual([
      { messageId: 'msg-end', sent: 1, pending: 2, failed: 0 },
      { messageId: 'msg-b', sent: 2, pending: 1, failed: 0 },
      { messageId: 'msg-a', sent: 1, pending: 0, failed: 1 },
    ]);
    // The first message's statuses are not the follow-ups'.
    expect(audienceOf(report, 'officials')?.counts.notSent).toBe(3);
  });

  it('lists the people paged per cell with their steps and first acknowledgement for that cell', () => {
    const report = reportOf({
      entries: [
        sent('page#communication#0#astreinte-a#sms'),
        sent('page#communication#0#astreinte-a#email'),
        claimed('page#communication#1#astreinte-b#sms'),
        sent('page#cip#0#astreinte-b#sms'),
      ],
      events: [
        event('cell.paged', { cell: 'cip', step: 1, contactId: 'astreinte-b', name: 'Bruno Opérateur' }),
        event('cell.paged', { cell: 'cip', step: 1, contactId: 'gone-3', name: 'Ancien' }),
        event(
          'cell.acknowledged',
          { cell: 'communication', by: 'astreinte-a', via: 'link' },
          { actor: 'astreinte-a', at: '2026-03-10T10:09:00.000Z' },
        ),
        event(
          'cell.acknowledged',
          { cell: 'communication', by: 'astreinte-a', via: 'link' },
          { actor: 'astreinte-a', at: '2026-03-10T10:07:00.000Z', subject: 'again' },
        ),
        // Acknowledged for the CIP only: nothing for the communication cell.
        event(
          'cell.acknowledged',
          { cell: 'cip', by: 'astreinte-b', via: 'api' },
          { actor: 'user-42', at: '2026-03-10T10:30:00.000Z' },
        ),
      ],
    });

    expect(report.onCall).toEqual([
      {
        id: 'astreinte-a',
        name: 'Alice Chargée',
        cell: 'communication',
        pages: 1,
        acknowledgedAt: '2026-03-10T10:07:00.000Z',
      },
      { id: 'astreinte-b', name: 'Bruno Opérateur', cell: 'communication', pages: 1 },
      {
        id: 'astreinte-b',
        name: 'Bruno Opérateur',
        cell: 'cip',
        pages: 2,
        acknowledgedAt: '2026-03-10T10:30:00.000Z',
      },
      { id: 'gone-3', name: 'gone-3', cell: 'cip', pages: 1 },
    ]);
  });

  it('leaves out the cabinet’s SMS and the keys of unknown shapes', () => {
    const report = reportOf({
      expected: noneExpected,
      entries: [
        sent('warning#cabinet-1'),
        sent('unanswered#cip#cabinet-1'),
        sent('fax#maire-a'),
        sent('page#cip#x#astreinte-a#sms'),
        sent('sms#maire-a#extra'),
      ],
    });

    expect(report).toEqual({
      activationId: ACTIVATION_ID,
      audiences: [
        {
          audience: 'officials',
          recipients: [],
          counts: { sent: 0, failed: 0, uncertain: 0, pending: 0, notSent: 0 },
        },
        {
          audience: 'press',
          recipients: [],
          counts: { sent: 0, failed: 0, uncertain: 0, pending: 0, notSent: 0 },
        },
        {
          audience: 'publicLine',
          recipients: [],
          counts: { sent: 0, failed: 0, uncertain: 0, pending: 0, notSent: 0 },
        },
      ],
      onCall: [],
      followUps: [],
    });
  });
});
