import { describe, expect, it } from 'vitest';
import { computeVerdicts, judge, uninformedAudiences, unreachedCommunes } from '#domain/commitments';
import type { TimelineEvent } from '#domain/timeline';

const deadline = '2026-03-10T11:00:00.000Z';
const informed = (audience: TimelineEvent['audience'], at: string): TimelineEvent => ({
  activationId: 'act-1',
  at,
  type: 'dispatch.completed',
  actor: 'system',
  ...(audience ? { audience } : {}),
  details: {},
});

describe('judge', () => {
  it('is met with a positive margin when fulfilled before the deadline', () => {
    expect(judge(deadline, '2026-03-10T10:12:30.000Z', new Date(deadline))).toEqual({
      status: 'met',
      marginSeconds: 2_850,
    });
  });

  it('is met with a zero margin when fulfilled exactly at the deadline', () => {
    expect(judge(deadline, deadline, new Date(deadline))).toEqual({ status: 'met', marginSeconds: 0 });
  });

  it('is missed with a negative margin when fulfilled after the deadline', () => {
    expect(judge(deadline, '2026-03-10T11:10:00.000Z', new Date('2026-03-10T12:00:00Z'))).toEqual({
      status: 'missed',
      marginSeconds: -600,
    });
  });

  it('is pending with the seconds left while nothing is fulfilled before the deadline', () => {
    expect(judge(deadline, null, new Date('2026-03-10T10:50:00Z'))).toEqual({
      status: 'pending',
      marginSeconds: 600,
    });
  });

  it('is missed with the seconds elapsed once the deadline passed unfulfilled', () => {
    expect(judge(deadline, null, new Date('2026-03-10T11:00:05Z'))).toEqual({
      status: 'missed',
      marginSeconds: -5,
    });
  });
});

describe('computeVerdicts', () => {
  it('gives one M7-2 verdict per audience from the dispatch events of the timeline', () => {
    const events = [
      informed('officials', '2026-03-10T10:20:00.000Z'),
      informed('press', '2026-03-10T11:05:00.000Z'),
    ];
    const verdicts = computeVerdicts({ deadline }, events, new Date('2026-03-10T11:30:00Z'));
    expect(verdicts.filter((verdict) => verdict.commitment === 'M7-2')).toEqual([
      {
        commitment: 'M7-2',
        audience: 'officials',
        dueAt: deadline,
        metAt: '2026-03-10T10:20:00.000Z',
        status: 'met',
        marginSeconds: 2_400,
      },
      {
        commitment: 'M7-2',
        audience: 'press',
        dueAt: deadline,
        metAt: '2026-03-10T11:05:00.000Z',
        status: 'missed',
        marginSeconds: -300,
      },
      {
        commitment: 'M7-2',
        audience: 'publicLine',
        dueAt: deadline,
        metAt: null,
        status: 'missed',
        marginSeconds: -1_800,
      },
    ]);
  });

  it('lists the audiences with no completed dispatch', () => {
    expect(uninformedAudiences([informed('press', deadline)])).toEqual(['officials', 'publicLine']);
  });

  it('finds the officials informed only when every affected commune had one of its officials reached', () => {
    const coverage = { expected: 2, reached: 1, unreached: ['74010'] };
    const events = [{ ...informed('officials', '2026-03-10T10:20:00.000Z'), details: { coverage } }];

    const [before, after] = [new Date('2026-03-10T10:30:00Z'), new Date('2026-03-10T11:30:00Z')].map(
      (now) => computeVerdicts({ deadline }, events, now)[1],
    );

    expect(before).toMatchObject({ status: 'pending', metAt: null, coverage });
    expect(after).toMatchObject({ status: 'missed', metAt: null, marginSeconds: -1_800, coverage });
    expect(uninformedAudiences(events)).toContain('officials');
    expect(unreachedCommunes(events)).toEqual(['74010']);
  });

  it('finds the officials informed when the dispatch reached every affected commune', () => {
    const coverage = { expected: 2, reached: 2, unreached: [] };
    const events = [{ ...informed('officials', '2026-03-10T10:20:00.000Z'), details: { coverage } }];

    expect(computeVerdicts({ deadline }, events, new Date('2026-03-10T11:30:00Z'))[1]).toMatchObject({
      status: 'met',
      metAt: '2026-03-10T10:20:00.000Z',
      coverage,
    });
  });

  it('gives M7-1 first: met when the communication cell became operational within the hour', () => {
    const operational = (at: string): TimelineEvent => ({
      activationId: 'act-1',
      at,
      type: 'cell.operational',
      actor: 'com-1',
      subject: 'communication',
      details: { cell: 'communication' },
    });
    const now = new Date('2026-03-10T11:30:00Z');
    expect(computeVerdicts({ deadline }, [], new Date('2026-03-10T10:30:00Z'))[0]).toEqual({
      commitment: 'M7-1',
      dueAt: deadline,
      metAt: null,
      status: 'pending',
      marginSeconds: 1_800,
    });
    expect(computeVerdicts({ deadline }, [operational('2026-03-10T10:05:00.000Z')], now)[0]).toMatchObject({
      commitment: 'M7-1',
      status: 'met',
      marginSeconds: 3_300,
    });
    expect(computeVerdicts({ deadline }, [operational('2026-03-10T11:10:00.000Z')], now)[0]).toMatchObject({
      status: 'missed',
      marginSeconds: -600,
    });
  });

  it('adds M7-4 once the CIP is ordered, due its target after the order, met at its quorum', () => {
    const ordered: TimelineEvent = {
      activationId: 'act-1',
      at: '2026-03-10T12:00:00.000Z',
      type: 'cip.ordered',
      actor: 'prefect-1',
      details: { targetSeconds: 3_600, quorum: 2 },
    };
    const operational: TimelineEvent = {
      activationId: 'act-1',
      at: '2026-03-10T12:40:00.000Z',
      type: 'cell.operational',
      actor: 'cip-2',
      subject: 'cip',
      details: { cell: 'cip' },
    };
    const now = new Date('2026-03-10T12:30:00Z');
    expect(computeVerdicts({ deadline }, [], now).map((verdict) => verdict.commitment)).not.toContain('M7-4');
    expect(computeVerdicts({ deadline }, [ordered], now).at(-1)).toEqual({
      commitment: 'M7-4',
      dueAt: '2026-03-10T13:00:00.000Z',
      metAt: null,
      status: 'pending',
      marginSeconds: 1_800,
    });
    expect(computeVerdicts({ deadline }, [ordered, operational], now).at(-1)).toMatchObject({
      status: 'met',
      marginSeconds: 1_200,
    });
  });

  it('names when the numéro unique reached the public line: M7-4’s proof of publication', () => {
    const events: TimelineEvent[] = [
      {
        activationId: 'act-1',
        at: '2026-03-10T12:00:00.000Z',
        type: 'cip.ordered',
        actor: 'prefect-1',
        details: { targetSeconds: 3_600, quorum: 2 },
      },
      {
        activationId: 'act-1',
        at: '2026-03-10T12:41:00.000Z',
        type: 'message.dispatched',
        actor: 'system',
        audience: 'publicLine',
        subject: 'msg-crisis-number',
        details: {},
      },
    ];
    expect(computeVerdicts({ deadline }, events, new Date('2026-03-10T12:50:00Z')).at(-1)).toMatchObject({
      crisisNumberPublishedAt: '2026-03-10T12:41:00.000Z',
    });
  });

  describe('after the end of the alert', () => {
    const closed = (at: string): TimelineEvent => ({
      activationId: 'act-1',
      at,
      type: 'activation.closed',
      actor: 'prefect-1',
      details: {},
    });

    it('judges at the close: what was fulfilled stays met, what was still pending is missed and says so', () => {
      const verdicts = computeVerdicts(
        { deadline },
        [informed('press', '2026-03-10T10:10:00.000Z'), closed('2026-03-10T10:25:00.000Z')],
        new Date('2026-03-10T12:00:00Z'),
      );
      expect(verdicts.find((verdict) => verdict.audience === 'press')).toMatchObject({
        status: 'met',
        marginSeconds: 3_000,
      });
      expect(verdicts.find((verdict) => verdict.audience === 'officials')).toEqual({
        commitment: 'M7-2',
        audience: 'officials',
        dueAt: deadline,
        metAt: null,
        status: 'missed',
        marginSeconds: 2_100,
        closedBeforeDue: true,
      });
    });

    it('changes nothing for a verdict already missed at its deadline before the close', () => {
      const verdicts = computeVerdicts(
        { deadline },
        [closed('2026-03-10T11:30:00.000Z')],
        new Date('2026-03-10T12:00:00Z'),
      );
      expect(verdicts[0]).toEqual({
        commitment: 'M7-1',
        dueAt: deadline,
        metAt: null,
        status: 'missed',
        marginSeconds: -1_800,
      });
    });
  });
});
