/**
 * Sending at the provider's pace (issue 9): an account sends so many SMS parts a second (SNS: about 10 for a
 * sender ID), so the SMS leave through a token bucket of that many parts a second, shared by every send of the
 * function; a throttling refusal that still comes (another function sending, a lower limit) is retried here,
 * after a backoff with full jitter, so that a throttle never needs the whole task to be retried. E-mail is
 * retried the same way, unpaced (SES's rate is per second too, but far above what a prefecture sends).
 * Pure logic over an injected clock: the tests and the benchmark run it on simulated time.
 */

import { DEFAULT_SMS_PARTS_PER_SECOND } from '#domain/delivery';
import { TransientDeliveryError } from '#domain/errors';
import type { Messenger } from '#domain/ports';

export interface Pacing {
  /** SMS parts a second the account may send. */
  partsPerSecond: number;
  /** Milliseconds since some origin, and a way to wait: real time in Lambda, simulated in tests. */
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  /** [0, 1): the jitter of the backoff. @default Math.random */
  random?: () => number;
  /** Retries of one message after a throttling refusal before the task's own retry takes over. @default 8 */
  throttleRetries?: number;
  /** The first backoff's ceiling; each next one doubles, up to `maxBackoffMs`. @default 200, 5000 */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
}

/** SNS's default for an alphanumeric sender ID (the deployment contract's). */
export const DEFAULT_PARTS_PER_SECOND = DEFAULT_SMS_PARTS_PER_SECOND;

/**
 * A token bucket of `rate` tokens a second holding at most `rate` (one second of burst). Takers are served in
 * the order they asked, so that concurrent senders share the rate fairly and none starves.
 */
export const tokenBucket = (rate: number, clock: Pick<Pacing, 'now' | 'sleep'>) => {
  let tokens = rate;
  let updatedAt = clock.now();
  let queue: Promise<void> = Promise.resolve();
  const refill = () => {
    const now = clock.now();
    tokens = Math.min(rate, tokens + ((now - updatedAt) / 1_000) * rate);
    updatedAt = now;
  };
  /** Waits until `count` tokens are available, then takes them (a message of more parts than the burst waits for them all). */
  const take = (count: number): Promise<void> => {
    const turn = queue.then(async () => {
      const needed = Math.min(count, rate);
      refill();
      while (tokens < needed) {
        await clock.sleep(Math.ceil(((needed - tokens) / rate) * 1_000));
        refill();
      }
      tokens -= count;
    });
    queue = turn.catch(() => {});
    return turn;
  };
  return { take };
};

/** Sends once, and again after a jittered backoff while the provider throttles. */
const withBackoff = async <T>(send: () => Promise<T>, pacing: Pacing): Promise<T> => {
  const retries = pacing.throttleRetries ?? 8;
  const base = pacing.baseBackoffMs ?? 200;
  const ceiling = pacing.maxBackoffMs ?? 5_000;
  const random = pacing.random ?? Math.random;
  for (let attempt = 0; ; attempt++) {
    try {
      return await send();
    } catch (error) {
      if (!(error instanceof TransientDeliveryError) || attempt >= retries) throw error;
      await pacing.sleep(Math.floor(random() * Math.min(ceiling, base * 2 ** attempt)));
    }
  }
};

/** The messenger, its SMS paced to the account's rate and its throttling refusals retried in place. */
/** Real time, for the pacing of a Lambda function or of the local runtime: the waits are real. */
export const REAL_TIME: Pick<Pacing, 'now' | 'sleep'> = {
  now: () => Date.now(),
  sleep: (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
};

export const pacedMessenger = (inner: Messenger, pacing: Pacing): Messenger => {
  const bucket = tokenBucket(pacing.partsPerSecond, pacing);
  return {
    sendSms: (message) =>
      withBackoff(async () => {
        await bucket.take(Math.max(1, message.parts));
        return inner.sendSms(message);
      }, pacing),
    sendEmail: (message) => withBackoff(() => inner.sendEmail(message), pacing),
  };
};
