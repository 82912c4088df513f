import { describe, expect, it } from 'vitest';
import { ACK_CODE, newAckCode, pagingSteps, quorumOf } from '#domain/paging';
import type { TimelineEvent } from '#domain/timeline';

describe('acknowledgement codes', () => {
  it('are ten characters of the unambiguous alphabet, different each time', () => {
    const bytes = (length: number) => crypto.getRandomValues(new Uint8Array(length));
    const codes = Array.from({ length: 200 }, () => newAckCode(bytes));
    for (const code of codes) expect(code).toMatch(ACK_CODE);
    expect(new Set(codes).size).toBe(200);
    expect(codes.join('')).not.toMatch(/[01ILO]/);
  });

  it('skip the bytes above the largest multiple of the alphabet, so that no character is favoured', () => {
    // 248 = 8 × 31: 248–255 would favour the first eight characters; they are skipped.
    const fixed = () =>
      Uint8Array.from([255, 248, 0, 30, 31, 247, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    expect(newAckCode(fixed)).toBe('2Z2Z345678');
  });
});

describe('paging steps', () => {
  it('page the communication cell one person a step: on duty in order, then the backup not already on duty', () => {
    expect(pagingSteps('communication', ['a', 'b'], ['b', 'c'])).toEqual([['a'], ['b'], ['c']]);
    expect(pagingSteps('communication', [], [])).toEqual([]);
  });

  it('page the CIP all at once: everyone on duty, then the backup list', () => {
    expect(pagingSteps('cip', ['a', 'b'], ['b', 'c'])).toEqual([['a', 'b'], ['c']]);
    expect(pagingSteps('cip', [], ['c'])).toEqual([['c']]);
  });

  it('count one acknowledgement for the communication cell, the ordered quorum for the CIP', () => {
    const ordered: TimelineEvent = {
      activationId: 'act-1',
      at: '2026-03-10T12:00:00.000Z',
      type: 'cip.ordered',
      actor: 'prefect-1',
      details: { quorum: 2 },
    };
    expect(quorumOf('communication', [ordered])).toBe(1);
    expect(quorumOf('cip', [ordered])).toBe(2);
    expect(quorumOf('cip', [])).toBe(1);
  });
});
