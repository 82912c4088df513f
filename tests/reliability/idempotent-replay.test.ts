/** A replay is answered from the stored activation: T0 is judged once, when the activation is new. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDepartment } from '#adapters/etalab-geography';
import { IdempotencyConflictError, ValidationError } from '#domain/errors';
import { aStartRequest } from '#tests/helpers/fixtures';
import { fixedClock, startTestTable, type TestTable } from '#tests/helpers/local-table';
import { type StartActivationRequest, startActivation } from '#use-cases/start-activation';

const request = (overrides: Partial<StartActivationRequest> = {}) =>
  aStartRequest({ decidedAt: '2026-03-09T10:00:05Z', ...overrides });

describe('replaying a start', () => {
  let table: TestTable;
  const deps = (now: string) => ({
    store: table.store,
    clock: fixedClock(now),
    department: loadDepartment('74'),
  });
  let key = 0;
  const context = () => ({ idempotencyKey: `replay-${++key}-abcdefgh`, actor: 'demo-duty-officer' });

  beforeAll(async () => {
    table = await startTestTable();
  });
  afterAll(() => table.close());

  it('answers the stored activation 5 s later even though T0 has become more than 24 h old', async () => {
    const ctx = context();
    const first = await startActivation(request(), ctx, deps('2026-03-10T10:00:00Z'));

    const replay = await startActivation(request(), ctx, deps('2026-03-10T10:00:10Z'));

    expect(replay).toEqual(first);
  });

  it('answers 409 for another body under the same key, whatever its T0', async () => {
    const ctx = context();
    await startActivation(request(), ctx, deps('2026-03-10T10:00:00Z'));

    await expect(
      startActivation(request({ title: 'Autre titre' }), ctx, deps('2026-03-10T10:00:10Z')),
    ).rejects.toBeInstanceOf(IdempotencyConflictError);
  });

  it('still judges T0 for a new activation', async () => {
    await expect(startActivation(request(), context(), deps('2026-03-10T10:00:10Z'))).rejects.toBeInstanceOf(
      ValidationError,
    );
  });

  it('treats +00:00 and Z for the same instant as the same request', async () => {
    const ctx = context();
    const first = await startActivation(
      request({ decidedAt: '2026-03-10T09:00:00+00:00' }),
      ctx,
      deps('2026-03-10T10:00:00Z'),
    );

    const replay = await startActivation(
      request({ decidedAt: '2026-03-10T10:00:00.000+01:00' }),
      ctx,
      deps('2026-03-10T10:00:05Z'),
    );
    const again = await startActivation(
      request({ decidedAt: '2026-03-10T09:00:00Z' }),
      ctx,
      deps('2026-03-10T10:00:06Z'),
    );

    expect(replay).toEqual(first);
    expect(again).toEqual(first);
  });

  it('still refuses another instant under the same key', async () => {
    const ctx = context();
    await startActivation(request({ decidedAt: '2026-03-10T09:00:00Z' }), ctx, deps('2026-03-10T10:00:00Z'));

    await expect(
      startActivation(request({ decidedAt: '2026-03-10T09:00:01Z' }), ctx, deps('2026-03-10T10:00:05Z')),
    ).rejects.toBeInstanceOf(IdempotencyConflictError);
  });
});
