/** A bounded pool for the use cases that send to many people at once. */
import { WorkInterruptedError } from '#domain/errors';

/**
 * Runs `work` on every item with at most `limit` in flight; settles all before answering, with the failures.
 * Once `signal` is aborted no new item starts: the failures then include a WorkInterruptedError.
 */
export const settleAll = async <T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
  signal?: AbortSignal,
) => {
  const failures: unknown[] = [];
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      if (signal?.aborted) {
        failures.push(new WorkInterruptedError('The runtime is shutting down'));
        return;
      }
      const item = items[next++] as T;
      await work(item).catch((error: unknown) => {
        failures.push(error);
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return failures;
};
