/**
 * What every contract suite shares: a fresh implementation for each test (a new table for the DynamoDB
 * adapters, new state for the fakes), closed after it, so that no case depends on what another wrote.
 */
import { afterEach, beforeEach } from 'vitest';
import type { TestTable } from '#tests/helpers/local-table';

export interface Subject<T> {
  subject: T;
  close(): Promise<void>;
}

/** Starts a subject before each test and closes it after; the function answers the current one. */
export const useFreshSubject = <T>(start: () => Promise<Subject<T>>): (() => T) => {
  let current: Subject<T> | undefined;
  beforeEach(async () => {
    current = await start();
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  return () => {
    if (!current) throw new Error('No subject outside a test');
    return current.subject;
  };
};

/** The subject of an adapter on a test table: the table is closed (and deleted on an endpoint) after. */
export const onTable = <T>(table: TestTable, subject: T): Subject<T> => ({ subject, close: table.close });

/** The subject of an in-memory fake: nothing to close. */
export const inMemory = <T>(subject: T): Subject<T> => ({ subject, close: async () => {} });
