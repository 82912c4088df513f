import { beforeEach, describe, expect, it } from 'vitest';
import { loadDepartment } from '#adapters/etalab-geography';
import { IdempotencyConflictError, ValidationError } from '#domain/errors';
import type { ActivationStore } from '#domain/ports';
import { fakeActivationStore } from '#tests/helpers/fakes';
import { aStartRequest, fixedClock } from '#tests/helpers/fixtures';
import { activationIdFor, startActivation } from '#use-cases/start-activation';

const now = '2026-03-10T10:03:00.000Z';
const request = aStartRequest;

describe('startActivation', () => {
  const department = loadDepartment('74');
  let store: ActivationStore;
  const deps = () => ({ store, clock: fixedClock(now), department });
  let key = 0;
  const context = () => ({ idempotencyKey: `key-${++key}-abcdefgh`, actor: 'demo-duty-officer' });

  beforeEach(() => {
    store = fakeActivationStore();
  });

  it('stores the activation with T0 in UTC, a deadline one hour later and its execution name', async () => {
    const ctx = context();

    const result = await startActivation(request(), ctx, deps());

    expect(result).toMatchObject({
      id: activationIdFor(ctx.actor, ctx.idempotencyKey),
      status: 'active',
      decidedAt: '2026-03-10T10:00:00.000Z',
      deadline: '2026-03-10T11:00:00.000Z',
      communes: 2,
      sms: { encoding: 'GSM-7', parts: 1 },
    });
    const stored = await store.get(result.id);
    expect(stored).toMatchObject({
      acceptedAt: now,
      warnAt: '2026-03-10T10:45:00.000Z',
      communes: ['74010', '74281'],
      executionName: result.id,
    });
  });

  it('answers the same activation for the same key and body, without storing a second one', async () => {
    const ctx = context();
    const first = await startActivation(request(), ctx, deps());

    const second = await startActivation(request(), ctx, {
      ...deps(),
      clock: fixedClock('2026-03-10T10:04:00.000Z'),
    });

    expect(second).toEqual(first);
    expect((await store.list({ limit: 100 })).items.filter((item) => item.id === first.id)).toHaveLength(1);
  });

  it('refuses the same key with another body', async () => {
    const ctx = context();
    await startActivation(request(), ctx, deps());

    await expect(startActivation(request({ title: 'Autre titre' }), ctx, deps())).rejects.toBeInstanceOf(
      IdempotencyConflictError,
    );
  });

  it('accepts a T0 up to 24 hours old, such as 70 minutes', async () => {
    const result = await startActivation(request({ decidedAt: '2026-03-10T08:53:00Z' }), context(), deps());
    expect(result.deadline).toBe('2026-03-10T09:53:00.000Z');
  });

  it.each([
    ['a T0 in the future', '2026-03-10T10:10:00Z'],
    ['a T0 older than 24 hours', '2026-03-09T10:02:00Z'],
  ])('rejects %s, naming decidedAt', async (_case, decidedAt) => {
    const ctx = context();
    const attempt = startActivation(request({ decidedAt }), ctx, deps());

    await expect(attempt).rejects.toBeInstanceOf(ValidationError);
    await expect(attempt).rejects.toMatchObject({ issues: [{ field: 'decidedAt' }] });
    expect(await store.get(activationIdFor(ctx.actor, ctx.idempotencyKey))).toBeUndefined();
  });

  it('tolerates a watch two minutes ahead of the server', async () => {
    const ctx = context();

    const result = await startActivation(request({ decidedAt: '2026-03-10T10:04:30Z' }), ctx, deps());

    expect(result).toEqual({
      id: activationIdFor(ctx.actor, ctx.idempotencyKey),
      status: 'active',
      decidedAt: '2026-03-10T10:04:30.000Z',
      deadline: '2026-03-10T11:04:30.000Z',
      communes: 2,
      sms: { encoding: 'GSM-7', units: 87, parts: 1 },
    });
    expect(await store.get(result.id)).toMatchObject({
      decidedAt: '2026-03-10T10:04:30.000Z',
      acceptedAt: now,
    });
  });

  it('rejects an SMS that would take more than six parts once framed, naming message.sms', async () => {
    const attempt = startActivation(
      request({ message: { sms: 'ê'.repeat(400), email: { subject: 's', body: 'b' } } }),
      context(),
      deps(),
    );
    await expect(attempt).rejects.toMatchObject({ issues: [{ field: 'message.sms' }] });
  });

  it('rejects a commune of another department and stores nothing', async () => {
    const ctx = context();
    await expect(
      startActivation(request({ area: { communes: ['38185'] } }), ctx, deps()),
    ).rejects.toMatchObject({
      issues: [{ field: 'area.communes[0]' }],
    });
    expect(await store.get(activationIdFor(ctx.actor, ctx.idempotencyKey))).toBeUndefined();
  });
});
