import { describe, expect, it } from 'vitest';
import { dynamodbDispatchLedger } from '#adapters/dynamodb-dispatch-ledger';
import { fixedClock, useTestTable } from '#tests/helpers/local-table';

describe('dynamodbDispatchLedger', () => {
  const table = useTestTable([]);
  let sequence = 0;
  const activationId = () => `act-ledger-${++sequence}`;
  const at = (iso: string) => dynamodbDispatchLedger(table.table, { clock: fixedClock(iso) });

  it('gives a message to one claimant only, even when twenty claim it at once', async () => {
    const id = activationId();
    const claims = await Promise.all(Array.from({ length: 20 }, () => table.ledger.claim(id, 'sms#a')));

    expect(claims.filter((claim) => claim.status === 'new')).toHaveLength(1);
    expect(claims.filter((claim) => claim.status === 'in-flight')).toHaveLength(19);
  });

  it('never gives a confirmed message again, however old', async () => {
    const id = activationId();
    const ledger = at('2026-03-10T10:00:00.000Z');
    await ledger.claim(id, 'sms#a');
    await ledger.complete(id, 'sms#a', { messageId: 'm-1', sentAt: '2026-03-10T10:00:01.000Z' });

    expect(await at('2026-03-11T10:00:00.000Z').claim(id, 'sms#a')).toEqual({ status: 'sent' });
  });

  it('lets only its claimant release a claim, so that the next attempt sends it', async () => {
    const id = activationId();
    const first = await table.ledger.claim(id, 'sms#a');
    if (first.status !== 'new') throw new Error('expected a new claim');

    await table.ledger.release(id, 'sms#a', 'someone-else');
    expect((await table.ledger.claim(id, 'sms#a')).status).toBe('in-flight');
    await table.ledger.release(id, 'sms#a', first.token);
    expect((await table.ledger.claim(id, 'sms#a')).status).toBe('new');
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

  it('judges stale every claim made before `staleBefore`, whatever its age', async () => {
    const id = activationId();
    await at('2026-03-10T10:00:00.000Z').claim(id, 'sms#a');
    const restarted = dynamodbDispatchLedger(table.table, {
      clock: fixedClock('2026-03-10T10:00:02.000Z'),
      staleBefore: new Date('2026-03-10T10:00:01.000Z'),
    });

    expect((await restarted.claim(id, 'sms#a')).status).toBe('uncertain');
  });
});
