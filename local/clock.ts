/**
 * Local time. Requests are judged on real time; each activation then runs on its own clock, anchored at its
 * acceptance and running `speed` times faster: now = acceptedAt + (real now − acceptedAt) × speed. Its waits,
 * its timeline and its outbox all read that clock, so with speed 60 its hour passes in a real minute and reads
 * like the real hour, while a T0 typed from a watch is never judged against a clock that ran ahead.
 */
import type { ActivationClock, Clock } from '#domain/ports';

export const realClock: Clock = { now: () => new Date() };

export const acceleratedClock =
  (speed: number, real: Clock = realClock): ActivationClock =>
  (acceptedAt) => {
    const anchor = Date.parse(acceptedAt);
    return { now: () => new Date(anchor + (real.now().getTime() - anchor) * speed) };
  };

/** Real milliseconds until an instant of an activation's clock; zero once it has passed. */
export const realMsUntil = (target: string, clock: Clock, speed: number) =>
  Math.max(0, (Date.parse(target) - clock.now().getTime()) / speed);
