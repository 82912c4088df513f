/** What the API answers, as the dashboard reads it (the server's own types). */
import type { Activation } from '#domain/activation';
import type { Verdict } from '#domain/commitments';
import type { TimelineEvent } from '#domain/timeline';

export type { Activation, TimelineEvent, Verdict };
export type ActivationView = Omit<Activation, 'requestHash'>;
export type ListedActivation = ActivationView & { verdicts: Verdict[] };
export interface ActivationDetail {
  activation: ActivationView;
  verdicts: Verdict[];
  /** The activation's clock at the answer (accelerated locally for a demo). */
  now?: string;
}
