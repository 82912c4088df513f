/** What the workflow's tasks share: loading the activation they act on, by the id the state machine passes. */
import type { Activation } from '#domain/activation';
import { PREFECTURE_TIME_ZONE } from '#domain/activation';
import { WorkflowInputError, WorkInterruptedError } from '#domain/errors';
import type {
  ActivationStore,
  Clock,
  DirectoryStore,
  DispatchLedger,
  Messenger,
  TimelineStore,
} from '#domain/ports';

/** What the tasks that send messages need. */
export interface MessagingDeps {
  store: ActivationStore;
  timeline: TimelineStore;
  directory: DirectoryStore;
  ledger: DispatchLedger;
  messenger: Messenger;
  clock: Clock;
  /** Aborted when the runtime shuts down: no new message is claimed, those in flight are confirmed. */
  signal?: AbortSignal;
}

export const loadActivation = async (store: ActivationStore, id: string): Promise<Activation> => {
  const activation = await store.get(id);
  if (!activation) throw new WorkflowInputError(`Activation ${id} does not exist`);
  return activation;
};

/**
 * Runs `work` on every item with at most `limit` in flight; settles all before answering. Once `signal` is
 * aborted no new item starts: the failures then include a WorkInterruptedError.
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

/** A French time of day in the prefecture's zone, as staff read it (`14:05`). */
export const parisTime = (iso: string) =>
  new Intl.DateTimeFormat('fr-FR', {
    timeZone: PREFECTURE_TIME_ZONE,
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));
