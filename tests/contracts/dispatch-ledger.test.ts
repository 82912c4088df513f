/**
 * The DispatchLedger contract: the send-once claims every message to a person goes through, run on the
 * DynamoDB adapter and on the in-memory fake. Each ledger of a test works on the same entries, with its own
 * clock, lease and `staleBefore`: several senders, one that crashed, a runtime restarted.
 */
import { describe, expect, it } from 'vitest';
import { type DispatchLedgerOptions, dynamodbDispatchLedger } from '#adapters/dynamodb-dispatch-ledger';
import { SEND_LEASE_SECONDS } from '#domain/delivery';
import type { DispatchLedger } from '#domain/ports';
import { fakeDispatchLedger, type LedgerRecords } from '#tests/helpers/fakes';
import { fixedClock } from '#tests/helpers/fixtures';
import { startTestTable } from '#tests/helpers/local-table';
import { inMemory, onTable, type Subject, useFreshSubject } from './subject.ts';

/** Ledgers over the same entries: `ledger()` on the system clock, `ledger({ clock })` at a given instant. */
type Ledgers = (options?: DispatchLedgerOptions) => DispatchLedger;

export const dispatchLedgerContract = (name: string, start: () => Promise<Subject<Ledgers>>) =>
  describe(`DispatchLedger contract: ${name}`, () => {
    const ledgers = useFreshSubject(start);
    let sequence = 0;
    const activationId = () => `act-ledger-${++sequence}`;
    const at = (iso: string, options: Omit<DispatchLedgerOptions, 'clock'> = {}) =>
      ledgers()({ clock: fixedClock(iso), ...options });
    const newToken = async (ledger: DispatchLedger, id: string, messageKey: string) => {
      const claim = await ledger.claim(id, messageKey);
      if (claim.status !== 'new' && claim.status !== 'uncertain')
        throw new Error(`claim was ${claim.status}`);
      return claim.token;
    };

    it('gives a message to one claimant only, even when twenty claim it at once', async () => {
      const id = activationId();
      const ledger = ledgers()();
      const claims = await Promise.all(Array.from({ length: 20 }, () => ledger.claim(id, 'sms#a')));

      expect(claims.filter((claim) => claim.status === 'new')).toHaveLength(1);
      expect(claims.filter((claim) => claim.status === 'in-flight')).toHaveLength(19);
    });

    it('answers a live claim in flight, with the instant it was made', async () => {
      const id = activationId();
      await at('2026-03-10T10:00:00.000Z').claim(id, 'sms#a');

      expect(await at('2026-03-10T10:01:00.000Z').claim(id, 'sms#a')).toEqual({
        status: 'in-flight',
        claimedAt: '2026-03-10T10:00:00.000Z',
      });
    });

    it('keeps the claims of each activation and message apart', async () => {
      const [first, second] = [activationId(), activationId()];
      const ledger = at('2026-03-10T10:00:00.000Z');
      await ledger.claim(first, 'sms#a');

      expect((await ledger.claim(second, 'sms#a')).status).toBe('new');
      expect((await ledger.claim(first, 'sms#b')).status).toBe('new');
      expect((await ledger.claim(first, 'email#press')).status).toBe('new');
    });

    it('gives a new token to each claim', async () => {
      const [first, second] = [activationId(), activationId()];
      const ledger = ledgers()();

      expect(await newToken(ledger, first, 'sms#a')).not.toBe(await newToken(ledger, second, 'sms#a'));
    });

    it('never gives a confirmed message again, however old', async () => {
      const id = activationId();
      const ledger = at('2026-03-10T10:00:00.000Z');
      await ledger.claim(id, 'sms#a');
      await ledger.complete(id, 'sms#a', { messageId: 'm-1', sentAt: '2026-03-10T10:00:01.000Z' });

      expect(await at('2026-03-11T10:00:00.000Z').claim(id, 'sms#a')).toEqual({ status: 'sent' });
    });

    it('never gives a confirmed message again after a restart', async () => {
      const id = activationId();
      await at('2026-03-10T10:00:00.000Z').claim(id, 'sms#a');
      await at('2026-03-10T10:00:01.000Z').complete(id, 'sms#a', {
        messageId: 'm-1',
        sentAt: '2026-03-10T10:00:01.000Z',
      });
      const restarted = at('2026-03-10T10:00:03.000Z', { staleBefore: new Date('2026-03-10T10:00:02.000Z') });

      expect(await restarted.claim(id, 'sms#a')).toEqual({ status: 'sent' });
    });

    it('confirms a message whatever claim holds it: a sender whose claim was taken over still confirms it', async () => {
      const id = activationId();
      await at('2026-03-10T10:00:00.000Z').claim(id, 'sms#a');
      expect((await at('2026-03-10T10:06:00.000Z').claim(id, 'sms#a')).status).toBe('uncertain');

      await at('2026-03-10T10:06:01.000Z').complete(id, 'sms#a', {
        messageId: 'm-1',
        sentAt: '2026-03-10T10:06:01.000Z',
      });

      expect(await at('2026-03-10T10:07:00.000Z').claim(id, 'sms#a')).toEqual({ status: 'sent' });
    });

    it('lets only its claimant release a claim, so that the next attempt sends it', async () => {
      const id = activationId();
      const ledger = ledgers()();
      const token = await newToken(ledger, id, 'sms#a');

      await ledger.release(id, 'sms#a', 'someone-else');
      expect((await ledger.claim(id, 'sms#a')).status).toBe('in-flight');
      await ledger.release(id, 'sms#a', token);
      expect((await ledger.claim(id, 'sms#a')).status).toBe('new');
    });

    it('releases nothing with the token of a claim taken over as uncertain', async () => {
      const id = activationId();
      const oldToken = await newToken(at('2026-03-10T10:00:00.000Z'), id, 'sms#a');
      const newer = await newToken(at('2026-03-10T10:06:00.000Z'), id, 'sms#a');

      await at('2026-03-10T10:06:01.000Z').release(id, 'sms#a', oldToken);
      expect((await at('2026-03-10T10:06:02.000Z').claim(id, 'sms#a')).status).toBe('in-flight');
      await at('2026-03-10T10:06:03.000Z').release(id, 'sms#a', newer);
      expect((await at('2026-03-10T10:06:04.000Z').claim(id, 'sms#a')).status).toBe('new');
    });

    it('releases nothing once the message is confirmed, even with its claim’s token', async () => {
      const id = activationId();
      const ledger = ledgers()();
      const token = await newToken(ledger, id, 'sms#a');
      await ledger.complete(id, 'sms#a', { messageId: 'm-1', sentAt: '2026-03-10T10:00:01.000Z' });

      await ledger.release(id, 'sms#a', token);

      expect(await ledger.claim(id, 'sms#a')).toEqual({ status: 'sent' });
    });

    it('releases nothing, without failing, for a message nobody claimed', async () => {
      const id = activationId();
      const ledger = ledgers()();

      await ledger.release(id, 'sms#a', 'no-such-token');

      expect((await ledger.claim(id, 'sms#a')).status).toBe('new');
    });

    it('answers a message refused for good as failed, with its reason, whatever its age and after a restart', async () => {
      const id = activationId();
      const token = await newToken(at('2026-03-10T10:00:00.000Z'), id, 'sms#a');

      await at('2026-03-10T10:00:01.000Z').fail(id, 'sms#a', token, {
        reason: 'Numéro refusé par SNS (InvalidParameterException)',
        failedAt: '2026-03-10T10:00:01.000Z',
      });

      const failed = { status: 'failed', reason: 'Numéro refusé par SNS (InvalidParameterException)' };
      expect(await at('2026-03-10T10:00:02.000Z').claim(id, 'sms#a')).toEqual(failed);
      expect(await at('2026-03-11T10:00:00.000Z').claim(id, 'sms#a')).toEqual(failed);
      const restarted = at('2026-03-10T10:00:03.000Z', { staleBefore: new Date('2026-03-10T10:00:02.000Z') });
      expect(await restarted.claim(id, 'sms#a')).toEqual(failed);
    });

    it('lets only its claimant fail a claim: another token fails nothing', async () => {
      const id = activationId();
      const ledger = at('2026-03-10T10:00:00.000Z');
      const token = await newToken(ledger, id, 'sms#a');

      await ledger.fail(id, 'sms#a', 'someone-else', {
        reason: 'Refusé',
        failedAt: '2026-03-10T10:00:01.000Z',
      });

      expect(await ledger.claim(id, 'sms#a')).toEqual({
        status: 'in-flight',
        claimedAt: '2026-03-10T10:00:00.000Z',
      });
      await ledger.release(id, 'sms#a', token);
      expect((await ledger.claim(id, 'sms#a')).status).toBe('new');
    });

    it('fails nothing with the token of a claim taken over as uncertain, nor a message confirmed, nor one nobody claimed', async () => {
      const [takenOver, confirmed, unclaimed] = [activationId(), activationId(), activationId()];
      const failure = { reason: 'Refusé', failedAt: '2026-03-10T10:06:01.000Z' };
      const oldToken = await newToken(at('2026-03-10T10:00:00.000Z'), takenOver, 'sms#a');
      await newToken(at('2026-03-10T10:06:00.000Z'), takenOver, 'sms#a');
      const confirmedToken = await newToken(at('2026-03-10T10:00:00.000Z'), confirmed, 'sms#a');
      await at('2026-03-10T10:00:01.000Z').complete(confirmed, 'sms#a', {
        messageId: 'm-1',
        sentAt: '2026-03-10T10:00:01.000Z',
      });
      const later = at('2026-03-10T10:06:01.000Z');

      await later.fail(takenOver, 'sms#a', oldToken, failure);
      await later.fail(confirmed, 'sms#a', confirmedToken, failure);
      await later.fail(unclaimed, 'sms#a', 'no-such-token', failure);

      expect((await later.claim(takenOver, 'sms#a')).status).toBe('in-flight');
      expect(await later.claim(confirmed, 'sms#a')).toEqual({ status: 'sent' });
      expect((await later.claim(unclaimed, 'sms#a')).status).toBe('new');
    });

    it('releases nothing once the message failed: it stays failed', async () => {
      const id = activationId();
      const ledger = ledgers()();
      const token = await newToken(ledger, id, 'email#a');
      await ledger.fail(id, 'email#a', token, { reason: 'Refusé', failedAt: '2026-03-10T10:00:01.000Z' });

      await ledger.release(id, 'email#a', token);

      expect(await ledger.claim(id, 'email#a')).toEqual({ status: 'failed', reason: 'Refusé' });
    });

    it('gives an unconfirmed claim again as uncertain once its lease has passed, to one claimant', async () => {
      const id = activationId();
      await at('2026-03-10T10:00:00.000Z').claim(id, 'sms#a');

      expect((await at('2026-03-10T10:05:00.000Z').claim(id, 'sms#a')).status).toBe('in-flight');
      const late = at('2026-03-10T10:05:00.001Z');
      const claims = await Promise.all([late.claim(id, 'sms#a'), late.claim(id, 'sms#a')]);
      expect(claims.map((claim) => claim.status).sort()).toEqual(['in-flight', 'uncertain']);
      expect(claims.find((claim) => claim.status === 'uncertain')).toMatchObject({
        previousClaimAt: '2026-03-10T10:00:00.000Z',
      });
    });

    it('leases a claim for SEND_LEASE_SECONDS by default, for `leaseSeconds` when given', async () => {
      const [byDefault, shortLease] = [activationId(), activationId()];
      await at('2026-03-10T10:00:00.000Z').claim(byDefault, 'sms#a');
      await at('2026-03-10T10:00:00.000Z').claim(shortLease, 'sms#a');
      const justAfter = new Date(Date.parse('2026-03-10T10:00:00.000Z') + SEND_LEASE_SECONDS * 1_000 + 1);

      expect(
        (await ledgers()({ clock: fixedClock(justAfter.toISOString()) }).claim(byDefault, 'sms#a')).status,
      ).toBe('uncertain');
      const short = (iso: string) => at(iso, { leaseSeconds: 10 });
      expect((await short('2026-03-10T10:00:10.000Z').claim(shortLease, 'sms#a')).status).toBe('in-flight');
      expect((await short('2026-03-10T10:00:10.001Z').claim(shortLease, 'sms#a')).status).toBe('uncertain');
    });

    it('starts a new lease with an uncertain claim: the next claimant finds it in flight, then uncertain again', async () => {
      const id = activationId();
      await at('2026-03-10T10:00:00.000Z').claim(id, 'sms#a');
      await at('2026-03-10T10:06:00.000Z').claim(id, 'sms#a');

      expect(await at('2026-03-10T10:10:00.000Z').claim(id, 'sms#a')).toEqual({
        status: 'in-flight',
        claimedAt: '2026-03-10T10:06:00.000Z',
      });
      expect(await at('2026-03-10T10:11:00.001Z').claim(id, 'sms#a')).toMatchObject({
        status: 'uncertain',
        previousClaimAt: '2026-03-10T10:06:00.000Z',
      });
    });

    it('judges stale every claim made before `staleBefore`, whatever its age', async () => {
      const id = activationId();
      await at('2026-03-10T10:00:00.000Z').claim(id, 'sms#a');
      const restarted = at('2026-03-10T10:00:02.000Z', { staleBefore: new Date('2026-03-10T10:00:01.000Z') });

      expect((await restarted.claim(id, 'sms#a')).status).toBe('uncertain');
    });

    it('lists a claimed message with the instant of its claim, and a sent one with both instants, never a token', async () => {
      const id = activationId();
      const ledger = at('2026-03-10T10:00:00.000Z');
      await ledger.claim(id, 'sms#a');
      await ledger.claim(id, 'email#a');
      await at('2026-03-10T10:00:02.000Z').complete(id, 'email#a', {
        messageId: 'm-1',
        sentAt: '2026-03-10T10:00:02.000Z',
      });

      expect(await ledger.list(id)).toEqual([
        {
          messageKey: 'email#a',
          status: 'sent',
          claimedAt: '2026-03-10T10:00:00.000Z',
          sentAt: '2026-03-10T10:00:02.000Z',
        },
        { messageKey: 'sms#a', status: 'claimed', claimedAt: '2026-03-10T10:00:00.000Z' },
      ]);
    });

    it('lists a failed message with its reason and both instants, never a token', async () => {
      const id = activationId();
      const token = await newToken(at('2026-03-10T10:00:00.000Z'), id, 'sms#a');
      await at('2026-03-10T10:00:01.000Z').claim(id, 'email#a');
      await at('2026-03-10T10:00:02.000Z').fail(id, 'sms#a', token, {
        reason: 'Numéro refusé par SNS (InvalidParameterException)',
        failedAt: '2026-03-10T10:00:02.000Z',
      });

      expect(await ledgers()().list(id)).toEqual([
        { messageKey: 'email#a', status: 'claimed', claimedAt: '2026-03-10T10:00:01.000Z' },
        {
          messageKey: 'sms#a',
          status: 'failed',
          claimedAt: '2026-03-10T10:00:00.000Z',
          reason: 'Numéro refusé par SNS (InvalidParameterException)',
          failedAt: '2026-03-10T10:00:02.000Z',
        },
      ]);
    });

    it('lists neither a released message nor the messages of another activation', async () => {
      const [id, other] = [activationId(), activationId()];
      const ledger = at('2026-03-10T10:00:00.000Z');
      await ledger.release(id, 'sms#a', await newToken(ledger, id, 'sms#a'));
      await ledger.claim(id, 'sms#b');
      await ledger.claim(other, 'sms#c');

      expect(await ledger.list(id)).toEqual([
        { messageKey: 'sms#b', status: 'claimed', claimedAt: '2026-03-10T10:00:00.000Z' },
      ]);
      expect(await ledger.list(activationId())).toEqual([]);
    });

    it('lists the messages by message key, whatever the order they were claimed in', async () => {
      const id = activationId();
      const ledger = at('2026-03-10T10:00:00.000Z');
      const claimed = [
        'warning#cabinet-1',
        'sms#maire-b',
        'page#cip#0#astreinte-1#sms',
        'msg-1#email#maire-a',
        'sms#Maire-c',
        'email#maire-a',
        'sms#maire-a',
      ];
      for (const messageKey of claimed) await ledger.claim(id, messageKey);

      expect((await ledger.list(id)).map((entry) => entry.messageKey)).toEqual([
        'email#maire-a',
        'msg-1#email#maire-a',
        'page#cip#0#astreinte-1#sms',
        'sms#Maire-c',
        'sms#maire-a',
        'sms#maire-b',
        'warning#cabinet-1',
      ]);
    });

    it('judges live a claim made after `staleBefore`, within its lease', async () => {
      const id = activationId();
      const restarted = (iso: string) => at(iso, { staleBefore: new Date('2026-03-10T10:00:01.000Z') });
      await restarted('2026-03-10T10:00:02.000Z').claim(id, 'sms#a');

      expect((await restarted('2026-03-10T10:00:03.000Z').claim(id, 'sms#a')).status).toBe('in-flight');
    });
  });

dispatchLedgerContract('dynamodbDispatchLedger', async () => {
  const table = await startTestTable();
  return onTable(table, (options) => dynamodbDispatchLedger(table.table, options));
});

dispatchLedgerContract('fakeDispatchLedger', async () => {
  const records: LedgerRecords = new Map();
  return inMemory((options) => fakeDispatchLedger({ ...options, records }));
});
