/**
 * Local time. Requests are judged on real time; each activation then runs on its own clock, anchored at its
 * acceptance and running `speed` times faster: now = acceptedAt + (real now − acceptedAt) × speed. Its waits,
 * its timeline and its outbox all read that clock, so with speed 60 its hour passes in a real minute and reads
 * like the real hour, while a T0 typed from a watch is never judged against a clock that ran ahead.
 */
import { WorkInterruptedError } from '#domain/errors';
import type { Clock } from '#domain/ports';

/** A clock the local state machine can wait on: its Wait states end when the clock reaches their instant. */
export interface WaitableClock extends Clock {
  /** Resolves once the clock reads `target` or later; rejects with WorkInterruptedError when `signal` aborts. */
  until(target: string, signal: AbortSignal): Promise<void>;
}

export const realClock: Clock = { now: () => new Date() };

const interrupted = () => new WorkInterruptedError('The local runtime is shutting down');

/** Sleeps `ms` of real time, or rejects as soon as `signal` aborts. */
const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(interrupted());
    const onAbort = () => {
      clearTimeout(timer);
      reject(interrupted());
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });

/** The activation clock of the embedded runtime: real time since acceptance, `speed` times faster. */
export const acceleratedClock =
  (speed: number, real: Clock = realClock) =>
  (acceptedAt: string): WaitableClock => {
    const anchor = Date.parse(acceptedAt);
    const now = () => new Date(anchor + (real.now().getTime() - anchor) * speed);
    return {
      now,
      async until(target, signal) {
        // Timers may fire a little early: sleep again until the clock has really reached the instant.
        for (
          let left = Date.parse(target) - now().getTime();
          left > 0;
          left = Date.parse(target) - now().getTime()
        ) {
          await sleep(Math.min(Math.ceil(left / speed), 2_147_483_647), signal);
        }
        if (signal.aborted) throw interrupted();
      },
    };
  };
