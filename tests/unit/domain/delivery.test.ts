import { describe, expect, it } from 'vitest';
import {
  audienceShare,
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

  it('are as large as their pace sends in BATCH_SENDING_SECONDS, for the longest SMS', () => {
    expect(largestBatchSize(10)).toBe(200);
    expect((largestBatchSize(10) * MAX_SMS_PARTS) / 10).toBeLessThanOrEqual(BATCH_SENDING_SECONDS);
    expect(largestBatchSize(smsShare(10))).toBe(66);
    expect(largestBatchSize(100)).toBe(MAX_DISPATCH_BATCH_SIZE);
    expect(largestBatchSize(0.01)).toBe(1);
  });
});

describe('the shares of the SMS rate', () => {
  it('follow the audiences’ numbers, so that they end together, and add up to the rate at most', () => {
    const numbers = { officials: 1_000, press: 20, publicLine: 1 };
    const shares = Object.keys(numbers).map((audience) => audienceShare(10, numbers, audience));
    expect(shares).toEqual([9.79, 0.19, 0.01]);
    expect(shares.reduce((sum, share) => sum + share, 0)).toBeLessThanOrEqual(10);
    // Each audience's SMS take about the same time, a part each: 1,000 ÷ 9.79 = 102 s, 20 ÷ 0.19 = 105 s.
    expect(20 / 0.19 / (1_000 / 9.79)).toBeLessThan(1.05);
  });

  it('give an audience alone the whole rate, and one without numbers the least', () => {
    expect(audienceShare(10, { officials: 286 }, 'officials')).toBe(10);
    expect(audienceShare(10, { officials: 286, press: 0 }, 'press')).toBe(0.03);
  });
});
