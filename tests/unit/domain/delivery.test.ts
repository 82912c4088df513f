import { describe, expect, it } from 'vitest';
import {
  BATCH_SENDING_SECONDS,
  inBatch,
  largestBatchSize,
  MAX_DISPATCH_BATCH_SIZE,
  planBatches,
  smsShare,
} from '#domain/delivery';
import { MAX_SMS_PARTS } from '#domain/messages';

describe('dispatch batches', () => {
  const ids = Array.from({ length: 10 }, (_, index) => `c-${index}`);

  it('cover every id exactly once, in ranges of `size`, whatever the order the ids come in', () => {
    const batches = planBatches([...ids].reverse(), 4);
    expect(batches).toEqual([
      { index: 0, of: 3, until: 'c-4' },
      { index: 1, of: 3, from: 'c-4', until: 'c-8' },
      { index: 2, of: 3, from: 'c-8' },
    ]);
    for (const id of ids)
      expect(
        batches.filter((batch) => inBatch(id, batch)),
        id,
      ).toHaveLength(1);
  });

  it('still cover once an id added after the plan, before, between or after the planned ones', () => {
    const batches = planBatches(ids, 3);
    for (const id of ['a', 'c-35', 'c-9z', 'zz']) {
      expect(
        batches.filter((batch) => inBatch(id, batch)),
        id,
      ).toHaveLength(1);
    }
  });

  it('are one batch covering everything for an audience of one, or none', () => {
    expect(planBatches(['c-1'], 66)).toEqual([{ index: 0, of: 1 }]);
    expect(planBatches([], 66)).toEqual([{ index: 0, of: 1 }]);
    expect(planBatches(['c-1', 'c-1', 'c-2'], 1)).toHaveLength(2);
  });

  it('are as large as a function’s share of the rate sends in BATCH_SENDING_SECONDS, for the longest SMS', () => {
    expect(largestBatchSize(10)).toBe(66);
    expect((largestBatchSize(10) * MAX_SMS_PARTS) / smsShare(10)).toBeLessThanOrEqual(BATCH_SENDING_SECONDS);
    expect(largestBatchSize(100)).toBe(665);
    expect(largestBatchSize(1_000)).toBe(MAX_DISPATCH_BATCH_SIZE);
    expect(largestBatchSize(0.1)).toBe(2);
  });
});
