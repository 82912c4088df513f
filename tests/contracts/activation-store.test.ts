/**
 * The ActivationStore contract: what the use cases rely on, run on the DynamoDB adapter (dynalite, and
 * DynamoDB Local in the `dynamodb-local` project) and on the in-memory fake.
 */
import { describe, expect, it } from 'vitest';
import type { Activation } from '#domain/activation';
import { ValidationError } from '#domain/errors';
import type { CipOrder, FollowUp } from '#domain/follow-ups';
import type { ActivationQuery, ActivationStore } from '#domain/ports';
import { fakeActivationStore } from '#tests/helpers/fakes';
import { anActivation } from '#tests/helpers/fixtures';
import { startTestTable } from '#tests/helpers/local-table';
import { inMemory, onTable, type Subject, useFreshSubject } from './subject.ts';

/** Every page of a listing, following the cursors. */
const allPages = async (store: ActivationStore, query: ActivationQuery) => {
  const pages: { items: Activation[]; cursor?: string }[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.list(cursor === undefined ? query : { ...query, cursor });
    pages.push(page);
    cursor = page.cursor;
    if (pages.length > 50) throw new Error('The cursors never end');
  } while (cursor !== undefined);
  return pages;
};

const ids = (activations: readonly Activation[]) => activations.map((activation) => activation.id);

const createAll = async (store: ActivationStore, activations: readonly Activation[]) => {
  for (const activation of activations) await store.create(activation);
};

export const activationStoreContract = (name: string, start: () => Promise<Subject<ActivationStore>>) =>
  describe(`ActivationStore contract: ${name}`, () => {
    const store = useFreshSubject(start);

    describe('create and get', () => {
      it('stores an activation and reads it back as written', async () => {
        const activation = anActivation();

        expect(await store().create(activation)).toEqual({ created: true });
        expect(await store().get(activation.id)).toEqual(activation);
      });

      it('writes an id once: a second create answers the stored activation and changes nothing', async () => {
        const first = anActivation({ title: 'Crue du Fier' });
        await store().create(first);

        const second = await store().create({ ...first, title: 'Autre titre', requestHash: 'other' });

        expect(second).toEqual({ created: false, existing: first });
        expect(await store().get(first.id)).toEqual(first);
      });

      it('lets one of ten concurrent creates of the same id win, and answers the winner to the others', async () => {
        const base = anActivation();
        const attempts = Array.from({ length: 10 }, (_, index) => ({
          ...base,
          requestHash: `hash-${index}`,
        }));

        const results = await Promise.all(attempts.map((attempt) => store().create(attempt)));

        const winners = results.flatMap((result, index) => (result.created ? [attempts[index]] : []));
        expect(winners).toHaveLength(1);
        const stored = await store().get(base.id);
        expect(stored).toEqual(winners[0]);
        for (const result of results) if (!result.created) expect(result.existing).toEqual(stored);
      });

      it('answers undefined for an unknown id', async () => {
        expect(await store().get('act-unknown')).toBeUndefined();
      });

      it('gives back copies: changing what was read or written changes nothing stored', async () => {
        const activation = anActivation();
        const written = structuredClone(activation);
        await store().create(written);
        written.title = 'changed after create';

        const read = await store().get(activation.id);
        if (!read) throw new Error('expected the activation');
        read.communes.push('74999');

        expect(await store().get(activation.id)).toEqual(activation);
      });
    });

    describe('list', () => {
      it('lists newest T0 first, the same T0 by id from the last', async () => {
        const early = anActivation({ id: 'act-list-a', decidedAt: '2026-03-10T08:00:00.000Z' });
        const late = anActivation({ id: 'act-list-b', decidedAt: '2026-03-10T12:00:00.000Z' });
        const tieA = anActivation({ id: 'act-list-c', decidedAt: '2026-03-10T10:00:00.000Z' });
        const tieB = anActivation({ id: 'act-list-d', decidedAt: '2026-03-10T10:00:00.000Z' });
        await createAll(store(), [tieA, early, late, tieB]);

        const { items, cursor } = await store().list({ limit: 10 });

        expect(ids(items)).toEqual([late.id, tieB.id, tieA.id, early.id]);
        expect(cursor).toBeUndefined();
      });

      it('lists T0 from `decidedFrom` (inclusive) to `decidedBefore` (exclusive)', async () => {
        const before = anActivation({ decidedAt: '2025-12-31T22:59:59.999Z' });
        const atFrom = anActivation({ decidedAt: '2025-12-31T23:00:00.000Z' });
        const inside = anActivation({ decidedAt: '2026-06-01T10:00:00.000Z' });
        const atBefore = anActivation({ decidedAt: '2026-12-31T23:00:00.000Z' });
        await createAll(store(), [before, atFrom, inside, atBefore]);

        const { items } = await store().list({
          decidedFrom: '2025-12-31T23:00:00.000Z',
          decidedBefore: '2026-12-31T23:00:00.000Z',
          limit: 10,
        });

        expect(ids(items)).toEqual([inside.id, atFrom.id]);
      });

      it('accepts one bound alone', async () => {
        const old = anActivation({ decidedAt: '2025-06-01T10:00:00.000Z' });
        const recent = anActivation({ decidedAt: '2026-06-01T10:00:00.000Z' });
        await createAll(store(), [old, recent]);

        const from = await store().list({ decidedFrom: '2026-01-01T00:00:00.000Z', limit: 10 });
        const before = await store().list({ decidedBefore: '2026-01-01T00:00:00.000Z', limit: 10 });

        expect(ids(from.items)).toEqual([recent.id]);
        expect(ids(before.items)).toEqual([old.id]);
      });

      it('filters by mode and still fills the page', async () => {
        const activations = Array.from({ length: 6 }, (_, index) =>
          anActivation({
            mode: index % 2 === 0 ? 'exercise' : 'real',
            decidedAt: `2026-03-1${index}T10:00:00.000Z`,
          }),
        );
        await createAll(store(), activations);
        const real = activations.filter((activation) => activation.mode === 'real').reverse();

        const { items } = await store().list({ mode: 'real', limit: 2 });

        expect(ids(items)).toEqual(ids(real.slice(0, 2)));
      });

      it('pages with a cursor through every activation once, in order, until a page carries none', async () => {
        const activations = Array.from({ length: 7 }, (_, index) =>
          anActivation({ decidedAt: `2026-04-0${index + 1}T10:00:00.000Z` }),
        );
        await createAll(store(), activations);

        const pages = await allPages(store(), { limit: 3 });

        expect(pages.slice(0, 2).map((page) => page.items.length)).toEqual([3, 3]);
        expect(pages.flatMap((page) => ids(page.items))).toEqual(ids([...activations].reverse()));
        expect(pages.at(-1)?.cursor).toBeUndefined();
      });

      it('pages within a range and a mode', async () => {
        const activations = Array.from({ length: 9 }, (_, index) =>
          anActivation({
            mode: index % 3 === 0 ? 'real' : 'exercise',
            decidedAt: `2027-0${index + 1}-15T10:00:00.000Z`,
          }),
        );
        await createAll(store(), [...activations, anActivation({ decidedAt: '2028-01-15T10:00:00.000Z' })]);
        const expected = activations
          .filter((activation) => activation.mode === 'exercise')
          .reverse()
          .map((activation) => activation.id);

        const pages = await allPages(store(), {
          mode: 'exercise',
          decidedFrom: '2027-01-01T00:00:00.000Z',
          decidedBefore: '2028-01-01T00:00:00.000Z',
          limit: 4,
        });

        expect(pages.flatMap((page) => ids(page.items))).toEqual(expected);
        expect(pages[0]?.items).toHaveLength(4);
      });

      it('carries a cursor on a full page even when nothing follows: the next page is empty and carries none', async () => {
        await createAll(store(), [anActivation(), anActivation()]);

        const pages = await allPages(store(), { limit: 2 });

        expect(pages.map((page) => [page.items.length, page.cursor !== undefined])).toEqual([
          [2, true],
          [0, false],
        ]);
      });

      it('carries no cursor on a page shorter than the limit', async () => {
        await createAll(store(), [anActivation(), anActivation()]);

        expect(await store().list({ limit: 3 })).not.toHaveProperty('cursor');
      });

      it('refuses a cursor it could not have given, naming cursor', async () => {
        await createAll(store(), [anActivation(), anActivation()]);

        for (const cursor of ['not-a-cursor', Buffer.from('{"pk":1}').toString('base64url'), '']) {
          const attempt = store().list({ limit: 1, cursor });
          await expect(attempt).rejects.toBeInstanceOf(ValidationError);
          await expect(attempt).rejects.toMatchObject({ issues: [{ field: 'cursor' }] });
        }
      });

      it('refuses a cursor given for another range, naming cursor', async () => {
        await createAll(store(), [
          anActivation({ decidedAt: '2026-03-10T10:00:00.000Z' }),
          anActivation({ decidedAt: '2026-03-11T10:00:00.000Z' }),
          anActivation({ decidedAt: '2027-03-10T10:00:00.000Z' }),
          anActivation({ decidedAt: '2027-03-11T10:00:00.000Z' }),
        ]);
        const in2026 = { decidedFrom: '2026-01-01T00:00:00.000Z', decidedBefore: '2027-01-01T00:00:00.000Z' };
        const in2027 = { decidedFrom: '2027-01-01T00:00:00.000Z', decidedBefore: '2028-01-01T00:00:00.000Z' };
        const { cursor } = await store().list({ ...in2026, limit: 1 });
        if (cursor === undefined) throw new Error('expected a cursor');

        await expect(store().list({ ...in2027, limit: 1, cursor })).rejects.toMatchObject({
          issues: [{ field: 'cursor' }],
        });
      });
    });

    describe('markEvaluated and markSettled', () => {
      it('marks the activation evaluated, keeping the first instant when evaluated again', async () => {
        const activation = anActivation();
        await store().create(activation);

        await store().markEvaluated(activation.id, '2026-03-10T11:00:01.000Z');
        await store().markEvaluated(activation.id, '2026-03-10T11:30:00.000Z');

        expect(await store().get(activation.id)).toEqual({
          ...activation,
          status: 'evaluated',
          evaluatedAt: '2026-03-10T11:00:01.000Z',
        });
      });

      it('marks the activation settled, keeping the first instant when settled again', async () => {
        const activation = anActivation();
        await store().create(activation);

        await store().markSettled(activation.id, '2026-03-10T11:00:05.000Z');
        await store().markSettled(activation.id, '2026-03-10T12:00:00.000Z');

        expect(await store().get(activation.id)).toEqual({
          ...activation,
          settledAt: '2026-03-10T11:00:05.000Z',
        });
      });

      it('refuses to mark an activation that does not exist, and creates none', async () => {
        await expect(store().markEvaluated('act-unknown', '2026-03-10T11:00:00.000Z')).rejects.toThrow();
        await expect(store().markSettled('act-unknown', '2026-03-10T11:00:00.000Z')).rejects.toThrow();

        expect(await store().get('act-unknown')).toBeUndefined();
        expect((await store().list({ limit: 10 })).items).toEqual([]);
      });
    });

    describe('markClosed', () => {
      it('closes once: the first instant and author stay, and the evaluation after it does not reopen it', async () => {
        const activation = anActivation();
        await store().create(activation);

        await store().markClosed(activation.id, '2026-03-10T10:30:00.000Z', 'demo-prefect');
        await store().markClosed(activation.id, '2026-03-10T10:40:00.000Z', 'someone-else');
        await store().markEvaluated(activation.id, '2026-03-10T11:00:00.000Z');

        expect(await store().get(activation.id)).toEqual({
          ...activation,
          status: 'closed',
          closedAt: '2026-03-10T10:30:00.000Z',
          closedBy: 'demo-prefect',
          evaluatedAt: '2026-03-10T11:00:00.000Z',
        });
      });

      it('refuses to close an activation that does not exist, and creates none', async () => {
        await expect(store().markClosed('act-unknown', '2026-03-10T11:00:00.000Z', 'p')).rejects.toThrow();
        expect(await store().get('act-unknown')).toBeUndefined();
      });
    });

    describe('CIP order and follow-up messages', () => {
      const order = (activationId: string, orderedAt: string): CipOrder => ({
        activationId,
        orderedAt,
        orderedBy: 'demo-prefect',
        targetSeconds: 3_600,
        quorum: 2,
        crisisNumber: '01 99 00 74 74',
        acceptedAt: '2026-03-10T10:03:00.000Z',
        executionName: activationId,
      });
      const message = (activationId: string, id: string, postedAt: string): FollowUp => ({
        activationId,
        id,
        kind: 'update',
        audiences: ['officials', 'press'],
        message: { sms: 'Point de situation.', email: { subject: 'Point', body: 'Situation stable.' } },
        postedAt,
        postedBy: 'demo-comms',
        requestHash: 'hash',
        acceptedAt: '2026-03-10T10:03:00.000Z',
        executionName: activationId,
      });

      it('writes the order once: a second order answers the first one and changes nothing', async () => {
        const first = order('act-a', '2026-03-10T10:20:00.000Z');
        expect(await store().orderCip(first)).toEqual({ created: true, order: first });
        expect(await store().orderCip(order('act-a', '2026-03-10T10:25:00.000Z'))).toEqual({
          created: false,
          order: first,
        });
        expect(await store().getCipOrder('act-a')).toEqual(first);
        expect(await store().getCipOrder('act-b')).toBeUndefined();
      });

      it('writes a message once under its id and lists an activation’s messages oldest first', async () => {
        const later = message('act-a', 'msg-1', '2026-03-10T10:40:00.000Z');
        const earlier = message('act-a', 'msg-2', '2026-03-10T10:30:00.000Z');
        const other = message('act-b', 'msg-3', '2026-03-10T10:35:00.000Z');
        for (const item of [later, earlier, other]) await store().postMessage(item);

        expect(await store().postMessage({ ...later, kind: 'end' })).toEqual({
          created: false,
          message: later,
        });
        expect(await store().getMessage('act-a', 'msg-1')).toEqual(later);
        expect(await store().getMessage('act-b', 'msg-1')).toBeUndefined();
        expect(await store().listMessages('act-a')).toEqual([earlier, later]);
        // None of them is an activation.
        expect((await store().list({ limit: 10 })).items).toEqual([]);
      });
    });

    describe('listInFlight', () => {
      it('lists the activations with T0 from `since` that are not settled, evaluated or not', async () => {
        const tooOld = anActivation({ decidedAt: '2026-03-09T07:59:59.999Z' });
        const atSince = anActivation({ decidedAt: '2026-03-09T08:00:00.000Z' });
        const evaluated = anActivation({ decidedAt: '2026-03-10T09:00:00.000Z' });
        const settled = anActivation({ decidedAt: '2026-03-10T09:30:00.000Z' });
        const active = anActivation({ decidedAt: '2026-03-10T10:00:00.000Z' });
        await createAll(store(), [tooOld, atSince, evaluated, settled, active]);
        await store().markEvaluated(evaluated.id, '2026-03-10T10:00:00.000Z');
        await store().markEvaluated(settled.id, '2026-03-10T10:30:00.000Z');
        await store().markSettled(settled.id, '2026-03-10T10:30:00.000Z');

        const inFlight = await store().listInFlight('2026-03-09T08:00:00.000Z');

        expect(ids(inFlight).sort()).toEqual([atSince.id, evaluated.id, active.id].sort());
        expect(inFlight.find((activation) => activation.id === evaluated.id)).toMatchObject({
          status: 'evaluated',
        });
      });

      it('no longer lists an activation once it is settled', async () => {
        const activation = anActivation();
        await store().create(activation);
        expect(ids(await store().listInFlight('2026-03-09T10:00:00.000Z'))).toEqual([activation.id]);

        await store().markSettled(activation.id, '2026-03-10T11:00:05.000Z');

        expect(await store().listInFlight('2026-03-09T10:00:00.000Z')).toEqual([]);
      });
    });
  });

activationStoreContract('dynamodbActivationStore', async () => {
  const table = await startTestTable();
  return onTable(table, table.store);
});

activationStoreContract('fakeActivationStore', async () => inMemory(fakeActivationStore()));
