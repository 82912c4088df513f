/**
 * The PagingStore contract: a page recorded once with its first code, a code that works once, the latest
 * token of the step waiting for a cell; run on the DynamoDB adapter and on the in-memory fake.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from '#domain/paging';
import type { PagingStore } from '#domain/ports';
import { fakePagingStore } from '#tests/helpers/fakes';
import { startTestTable } from '#tests/helpers/local-table';
import { inMemory, onTable, type Subject, useFreshSubject } from './subject.ts';

const aPage = (overrides: Partial<Page> = {}): Page => ({
  activationId: 'act-paging-1',
  cell: 'communication',
  step: 0,
  contactId: 'com-1',
  code: 'ABCDEFGH23',
  pagedAt: '2026-03-10T10:01:00.000Z',
  expiresAt: '2026-03-10T22:01:00.000Z',
  ...overrides,
});

export const pagingStoreContract = (name: string, start: () => Promise<Subject<PagingStore>>) =>
  describe(`PagingStore contract: ${name}`, () => {
    const pages = useFreshSubject(start);

    it('records a page once: a replayed step gets the first code and instant back', async () => {
      expect(await pages().open(aPage())).toEqual(aPage());
      const replayed = aPage({ code: 'ZZZZZZZZZZ', pagedAt: '2026-03-10T10:03:00.000Z' });
      expect(await pages().open(replayed)).toEqual(aPage());
      expect(await pages().byCode('ZZZZZZZZZZ')).toBeUndefined();
      expect(await pages().byCode('ABCDEFGH23')).toEqual(aPage());
    });

    it('keeps each step and each person apart', async () => {
      await pages().open(aPage());
      const next = aPage({ step: 1, contactId: 'com-2', code: 'BCDEFGH234' });
      expect(await pages().open(next)).toEqual(next);
      expect(await pages().byCode('BCDEFGH234')).toEqual(next);
    });

    it('acknowledges a code once, and no code it never gave', async () => {
      await pages().open(aPage());
      expect(await pages().acknowledge('ABCDEFGH23', '2026-03-10T10:04:00.000Z')).toBe(true);
      expect(await pages().acknowledge('ABCDEFGH23', '2026-03-10T10:05:00.000Z')).toBe(false);
      expect((await pages().byCode('ABCDEFGH23'))?.acknowledgedAt).toBe('2026-03-10T10:04:00.000Z');
      expect(await pages().acknowledge('NOPE234567', '2026-03-10T10:05:00.000Z')).toBe(false);
      expect(await pages().byCode('NOPE234567')).toBeUndefined();
    });

    it('keeps the latest token of the step waiting for each cell', async () => {
      expect(await pages().waitingToken('act-paging-1', 'communication')).toBeUndefined();
      await pages().waitFor('act-paging-1', 'communication', 'token-1');
      await pages().waitFor('act-paging-1', 'communication', 'token-2');
      await pages().waitFor('act-paging-1', 'cip', 'token-cip');
      expect(await pages().waitingToken('act-paging-1', 'communication')).toBe('token-2');
      expect(await pages().waitingToken('act-paging-1', 'cip')).toBe('token-cip');
      expect(await pages().waitingToken('act-paging-2', 'communication')).toBeUndefined();
    });
  });

pagingStoreContract('dynamodbPagingStore', async () => {
  const table = await startTestTable();
  return onTable(table, table.pages);
});

pagingStoreContract('fakePagingStore', async () => inMemory(fakePagingStore()));
