/**
 * The timeline drawn: time from T0 to the deadline (or later), T0, T0+45 and T0+60 as lines, one lane per
 * audience and per cell, each event a mark with its time and words (a `<title>` for pointers, the table below
 * for everyone).
 */
import { svg } from './dom.ts';
import { audienceLabel, EVENT_LABELS, formatTime } from './format.ts';
import type { ActivationView, TimelineEvent } from './model.ts';

const LANES = [
  { key: 'officials', label: audienceLabel('officials') },
  { key: 'press', label: audienceLabel('press') },
  { key: 'publicLine', label: audienceLabel('publicLine') },
  { key: 'communication', label: 'Cellule de communication' },
  { key: 'cip', label: 'CIP' },
  { key: 'cabinet', label: 'Cabinet et verdicts' },
];

const laneOf = (event: TimelineEvent): string => {
  if (event.audience) return event.audience;
  const cell =
    event.details['cell'] ??
    (event.subject === 'cip' || event.subject === 'communication' ? event.subject : undefined);
  if (typeof cell === 'string') return cell;
  if (event.type === 'cip.ordered') return 'cip';
  return 'cabinet';
};

const COLOURS: Record<string, string> = {
  'dispatch.completed': '#18753c',
  'message.dispatched': '#18753c',
  'cell.operational': '#18753c',
  'cell.acknowledged': '#18753c',
  'dispatch.failed': '#ce0500',
  'message.failed': '#ce0500',
  'cell.unanswered': '#ce0500',
  'warning.raised': '#b34000',
};

export const timelineChart = (activation: ActivationView, events: readonly TimelineEvent[]) => {
  const width = 900;
  const left = 170;
  const top = 28;
  const laneHeight = 30;
  const height = top + LANES.length * laneHeight + 20;
  const start = Date.parse(activation.decidedAt);
  const last = Math.max(Date.parse(activation.deadline), ...events.map((event) => Date.parse(event.at)));
  const end = start + (last - start) * 1.05;
  const x = (iso: string) => left + ((Date.parse(iso) - start) / (end - start)) * (width - left - 10);
  const chart = svg('svg', {
    viewBox: `0 0 ${width} ${height}`,
    class: 'm7-chart',
    role: 'img',
    'aria-label': 'Chronologie de l’activation',
  });
  LANES.forEach((lane, index) => {
    const y = top + index * laneHeight + laneHeight / 2;
    chart.append(
      svg('text', { x: 4, y: y + 4 }, lane.label),
      svg('line', { x1: left, x2: width - 10, y1: y, y2: y, stroke: '#e5e5e5' }),
    );
  });
  const marks: [string, string, string][] = [
    [activation.decidedAt, 'T0', '#000091'],
    [activation.warnAt, 'T0+45', '#b34000'],
    [activation.deadline, 'T0+60', '#ce0500'],
  ];
  for (const [at, label, colour] of marks) {
    chart.append(
      svg('line', {
        x1: x(at),
        x2: x(at),
        y1: top - 6,
        y2: height - 16,
        stroke: colour,
        'stroke-dasharray': label === 'T0' ? '' : '4 3',
      }),
      svg(
        'text',
        {
          x: label === 'T0+60' ? x(at) - 3 : x(at) + 3,
          y: top - 10,
          fill: colour,
          'text-anchor': label === 'T0+60' ? 'end' : 'start',
        },
        `${label} ${formatTime(at).slice(0, 5)}`,
      ),
    );
  }
  for (const event of events) {
    const lane = LANES.findIndex((candidate) => candidate.key === laneOf(event));
    const y = top + (lane < 0 ? LANES.length - 1 : lane) * laneHeight + laneHeight / 2;
    chart.append(
      svg(
        'circle',
        { cx: x(event.at), cy: y, r: 5, fill: COLOURS[event.type] ?? '#000091' },
        svg('title', {}, `${formatTime(event.at)} — ${EVENT_LABELS[event.type] ?? event.type}`),
      ),
    );
  }
  return chart;
};
