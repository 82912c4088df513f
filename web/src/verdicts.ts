/** One DSFR badge per verdict: its commitment (and audience), its status, in colour and in words. */
import { h } from './dom.ts';
import { audienceLabel, formatDuration, STATUS_LABELS } from './format.ts';
import type { Verdict } from './model.ts';

export const verdictName = (verdict: Verdict) =>
  verdict.audience ? `${verdict.commitment} ${audienceLabel(verdict.audience)}` : verdict.commitment;

export const verdictBadge = (verdict: Verdict) => {
  const status = STATUS_LABELS[verdict.status] ?? { text: verdict.status, badge: '' };
  return h(
    'p',
    {
      class: `fr-badge fr-badge--sm fr-badge--no-icon ${status.badge}`,
      title: `${verdictName(verdict)} : ${status.text}, marge ${formatDuration(verdict.marginSeconds)}`,
    },
    `${verdictName(verdict)} : ${status.text}`,
  );
};

export const verdictBadges = (verdicts: readonly Verdict[]) =>
  h('div', { class: 'm7-verdicts' }, verdicts.map(verdictBadge));
