import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  anActivation,
  fixedClock,
  someContacts,
  startTestTable,
  type TestTable,
} from '#tests/helpers/local-table';
import { evaluateCommitments } from '#use-cases/evaluate-commitments';

describe('evaluateCommitments', () => {
  let table: TestTable;
  beforeAll(async () => {
    table = await startTestTable();
    await table.directory.putAll(someContacts);
  });
  afterAll(() => table.close());

  const informed = (activationId: string, audience: 'officials' | 'press' | 'publicLine', at: string) =>
    table.timeline.append({
      activationId,
      at,
      type: 'dispatch.completed',
      actor: 'system',
      audience,
      details: {},
    });

  it('at T0+60 records the verdicts and marks the activation evaluated', async () => {
    const activation = anActivation();
    await table.store.create(activation);
    await informed(activation.id, 'officials', '2026-03-10T10:10:00.000Z');
    await informed(activation.id, 'press', '2026-03-10T10:20:00.000Z');

    const result = await evaluateCommitments(
      { activationId: activation.id },
      { ...table, clock: fixedClock('2026-03-10T11:00:01.000Z') },
    );

    expect(result.missed).toBe(1);
    expect(result.verdicts.map((v) => [v.audience, v.status, v.marginSeconds])).toEqual([
      ['officials', 'met', 3_000],
      ['press', 'met', 2_400],
      ['publicLine', 'missed', -1],
    ]);
    expect(await table.store.get(activation.id)).toMatchObject({
      status: 'evaluated',
      evaluatedAt: '2026-03-10T11:00:01.000Z',
    });
  });
});
