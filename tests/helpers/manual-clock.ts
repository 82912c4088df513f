/**
 * A clock that moves only when the test says so. Waits on it end when the test advances it past their
 * instant, whatever the speed of the machine: the tests never race an accelerated real clock.
 */
import { WorkInterruptedError } from '#domain/errors';
import type { WaitableClock } from '#local/clock';

export interface ManualClock extends WaitableClock {
  /** Moves the clock to `iso` (never backwards) and wakes the waits it reaches. */
  set(iso: string): void;
  advance(seconds: number): void;
  /** How many waits are pending: a test can wait until the workflow is parked on its timer. */
  readonly waiting: number;
}

export const manualClock = (startIso: string): ManualClock => {
  let now = Date.parse(startIso);
  const waits = new Set<{ at: number; resolve: () => void }>();
  const wake = () => {
    for (const wait of waits) {
      if (wait.at <= now) {
        waits.delete(wait);
        wait.resolve();
      }
    }
  };
  return {
    now: () => new Date(now),
    until(target, signal) {
      const at = Date.parse(target);
      if (at <= now) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const wait = {
          at,
          resolve: () => {
            signal.removeEventListener('abort', onAbort);
            resolve();
          },
        };
        const onAbort = () => {
          waits.delete(wait);
          reject(new WorkInterruptedError('aborted'));
        };
        signal.addEventListener('abort', onAbort, { once: true });
        waits.add(wait);
      });
    },
    set(iso) {
      now = Math.max(now, Date.parse(iso));
      wake();
    },
    advance(seconds) {
      now += seconds * 1_000;
      wake();
    },
    get waiting() {
      return waits.size;
    },
  };
};

/** Polls `check` until it answers something other than undefined, or fails after `timeoutMs`. */
export const eventually = async <T>(
  check: () => Promise<T | undefined> | T | undefined,
  {
    timeoutMs = 15_000,
    intervalMs = 20,
    what = 'the condition',
  }: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<T> => {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
};

/**
 * Manual clocks for a whole runtime: each activation's clock starts at its acceptance and moves only when the
 * test advances them all (`startRuntime({ clockFor: clocks.clockFor })`).
 */
export const manualClocks = () => {
  const clocks = new Map<string, ManualClock>();
  return {
    clockFor(acceptedAt: string): ManualClock {
      let clock = clocks.get(acceptedAt);
      if (!clock) {
        clock = manualClock(acceptedAt);
        clocks.set(acceptedAt, clock);
      }
      return clock;
    },
    /** Moves every activation's clock forward. */
    advance(seconds: number) {
      for (const clock of clocks.values()) clock.advance(seconds);
    },
  };
};
