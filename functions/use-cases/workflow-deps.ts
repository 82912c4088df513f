/** What the workflow's tasks share: loading the activation they act on, by the id the state machine passes. */
import type { Activation } from '#domain/activation';
import { PREFECTURE_TIME_ZONE } from '#domain/activation';
import { WorkflowInputError } from '#domain/errors';
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
}

export const loadActivation = async (store: ActivationStore, id: string): Promise<Activation> => {
  const activation = await store.get(id);
  if (!activation) throw new WorkflowInputError(`Activation ${id} does not exist`);
  return activation;
};

/** Runs `work` on every item with at most `limit` in flight; settles all before answering. */
export const settleAll = async <T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>) => {
  const failures: unknown[] = [];
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
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

/**
 * Sends one message at most once per activation: claimed in the ledger first (a replay finds the claim and
 * skips), completed with the provider's id, or released when the send fails so that a retry makes it.
 */
export const sendOnce = async (
  deps: { ledger: DispatchLedger; clock: Clock },
  activationId: string,
  messageKey: string,
  send: () => Promise<{ messageId: string }>,
): Promise<void> => {
  if (!(await deps.ledger.claim(activationId, messageKey))) return;
  let sent: { messageId: string };
  try {
    sent = await send();
  } catch (error) {
    await deps.ledger.release(activationId, messageKey);
    throw error;
  }
  // Once sent, the claim stays whatever happens next: a retry must not send it again.
  await deps.ledger.complete(activationId, messageKey, {
    messageId: sent.messageId,
    sentAt: deps.clock.now().toISOString(),
  });
};
