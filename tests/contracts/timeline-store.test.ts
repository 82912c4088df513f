/**
 * The TimelineStore contract: each step recorded once (its identity is `eventKey`), every event of an
 * activation listed; run on the DynamoDB adapter and on the in-memory fake.
 */
import { describe, expect, it } from 'vitest';
import type { TimelineStore } from '#domain/ports';
import { eventKey, type TimelineEvent } from '#domain/timeline';
import { fakeTimelineStore } from '#tests/helpers/fakes';
import { startTestTable } from '#tests/helpers/local-table';
import { inMemory, onTable, type Subject, useFreshSubject } from './subject.ts';

/** An event of activation `act-timeline-1`; a dispatch of the officials unless told otherwise. */
const anEvent = (overrides: Partial<TimelineEvent> = {}): TimelineEvent => ({
  activationId: 'act-timeline-1',
  at: '2026-03-10T10:05:00.000Z',
  type: 'dispatch.completed',
  actor: 'system',
  audience: 'officials',
  details: { recipients: 2, sms: 2, emails: 1, encoding: 'GSM-7' },
  ...overrides,
});

/** An event about the whole activation, with no audience. */
const aSystemEvent = (type: TimelineEvent['type'], subject?: string): TimelineEvent => ({
  activationId: 'act-timeline-1',
  at: '2026-03-10T11:00:00.000Z',
  type,
  actor: 'system',
  ...(subject === undefined ? {} : { subject }),
  details: {},
});

/** The events in the order of their keys: the contract does not fix the order of `list`. */
const byKey = (events: readonly TimelineEvent[]) =>
  [...events].sort((a, b) => eventKey(a).localeCompare(eventKey(b)));

export const timelineStoreContract = (name: string, start: () => Promise<Subject<TimelineStore>>) =>
  describe(`TimelineStore contract: ${name}`, () => {
    const timeline = useFreshSubject(start);

    it('appends an event and lists it back as written', async () => {
      const event = anEvent({
        type: 'send.uncertain',
        audience: 'press',
        subject: 'sms#presse-1@2026-03-10T10:00:00.000Z',
        details: { messageKey: 'sms#presse-1', nested: { list: [1, 'deux'], flag: true } },
      });

      expect(await timeline().append(event)).toBe(true);

      expect(await timeline().list(event.activationId)).toEqual([event]);
    });

    it('records a step once: the same type, audience and subject again answers false and keeps the first', async () => {
      const first = anEvent({ at: '2026-03-10T10:05:00.000Z' });

      expect(await timeline().append(first)).toBe(true);
      expect(
        await timeline().append({ ...first, at: '2026-03-10T10:30:00.000Z', details: { replayed: true } }),
      ).toBe(false);

      expect(await timeline().list(first.activationId)).toEqual([first]);
    });

    it('records one of ten concurrent appends of the same step', async () => {
      const attempts = Array.from({ length: 10 }, (_, index) =>
        anEvent({ at: `2026-03-10T10:05:0${index}.000Z` }),
      );

      const results = await Promise.all(attempts.map((event) => timeline().append(event)));

      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await timeline().list('act-timeline-1')).toEqual([attempts[results.indexOf(true)]]);
    });

    it('tells steps apart by audience and by subject', async () => {
      const events = [
        anEvent({ audience: 'officials' }),
        anEvent({ audience: 'press' }),
        anEvent({ type: 'dispatch.failed', audience: 'press' }),
        aSystemEvent('commitments.evaluated'),
        aSystemEvent('commitments.revised', 'dispatch.completed#press'),
        aSystemEvent('commitments.revised', 'settlement'),
      ];

      for (const event of events) expect(await timeline().append(event)).toBe(true);

      expect(byKey(await timeline().list('act-timeline-1'))).toEqual(byKey(events));
    });

    it('lists the events of one activation only, not of an id that merely starts the same', async () => {
      await timeline().append(anEvent({ activationId: 'act-1' }));
      await timeline().append(anEvent({ activationId: 'act-10' }));
      await timeline().append(anEvent({ activationId: 'act-1', audience: 'press' }));

      const events = await timeline().list('act-1');

      expect(events.map((event) => [event.activationId, event.audience]).sort()).toEqual([
        ['act-1', 'officials'],
        ['act-1', 'press'],
      ]);
    });

    it('lists nothing for an activation without events', async () => {
      expect(await timeline().list('act-without-events')).toEqual([]);
    });

    it('lists every event of a timeline over 1 MB in all, events near the item size limit included', async () => {
      // Five events of 250 kB each: more than a query reads in one page on DynamoDB (1 MB).
      const events = Array.from({ length: 5 }, (_, index) =>
        anEvent({
          type: 'send.uncertain',
          subject: `sms#maire-${index}@2026-03-10T10:00:00.000Z`,
          details: { messageKey: `sms#maire-${index}`, note: 'x'.repeat(250_000) },
        }),
      );
      for (const event of events) await timeline().append(event);

      expect(byKey(await timeline().list('act-timeline-1'))).toEqual(byKey(events));
    });
  });

timelineStoreContract('dynamodbTimelineStore', async () => {
  const table = await startTestTable();
  return onTable(table, table.timeline);
});

timelineStoreContract('fakeTimelineStore', async () => inMemory(fakeTimelineStore()));
