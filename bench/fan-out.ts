/**
 * Fan-out efficiency (issue 9): the real use cases and the real ASL on the embedded runtime, against a simulated
 * SMS provider that accepts R parts a second (a token bucket with a second of burst) and answers a
 * throttling refusal shaped like SNS's above it. The runtime paces at the same R, each batch at its audience's
 * share. Efficiency = the ideal time (every part the provider accepted for the activation, the press's, the public
 * line's and the pages of the communication cell with the officials', ÷ R, less the second of burst it grants) ÷
 * the measured time from the activation's 202 to the last of its three audiences' `dispatch.completed`: the
 * account's rate serves them all at once. Every official is checked to have received exactly one SMS.
 */
import { performance } from 'node:perf_hooks';
import { dynamodbDirectoryStore } from '#adapters/dynamodb-directory-store';
import type { Contact } from '#domain/directory';
import { TransientDeliveryError } from '#domain/errors';
import type { Messenger } from '#domain/ports';
import { signToken } from '#local/auth';
import { startRuntime } from '#local/runtime';

export interface FanOutCase {
  recipients: number;
  partsPerSecond: number;
}

export interface FanOutResult extends FanOutCase {
  parts: number;
  idealSeconds: number;
  measuredSeconds: number;
  efficiency: number;
  /** The share of the hour (M7-2's budget) the fan-out took. */
  shareOfHour: number;
  throttled: number;
  duplicates: number;
  losses: number;
}

/** A provider of R parts a second: what it accepted, per recipient, and how often it throttled. */
const simulatedProvider = (inner: Messenger, partsPerSecond: number) => {
  let tokens = partsPerSecond;
  let updatedAt = performance.now();
  const received = new Map<string, number>();
  let throttled = 0;
  let accepted = 0;
  const messenger: Messenger = {
    async sendSms(message) {
      const now = performance.now();
      tokens = Math.min(partsPerSecond, tokens + ((now - updatedAt) / 1_000) * partsPerSecond);
      updatedAt = now;
      if (tokens < message.parts) {
        throttled += 1;
        throw new TransientDeliveryError('Rate exceeded (simulated SNS ThrottledException)');
      }
      tokens -= message.parts;
      accepted += message.parts;
      received.set(message.recipient.id, (received.get(message.recipient.id) ?? 0) + 1);
      return inner.sendSms(message);
    },
    sendEmail: (message) => inner.sendEmail(message),
  };
  return { messenger, received, throttled: () => throttled, accepted: () => accepted };
};

/**
 * `count` officials of Annecy with numbers of ARCEP's fiction range (06 39 98 00 00 to 06 39 98 99 99, shared
 * past 10,000: the ledger keys messages by contact) and no address: SMS only, one part each.
 */
const officials = (count: number): Contact[] =>
  Array.from({ length: count }, (_, index) => ({
    id: `bench-elu-${index}`,
    audience: 'officials',
    function: 'deputy-mayor',
    name: `Élu ${index}`,
    phone: `+3363998${String(index % 10_000).padStart(4, '0')}`,
    communes: ['74010'],
  }));

export const runFanOut = async ({ recipients, partsPerSecond }: FanOutCase): Promise<FanOutResult> => {
  let provider: ReturnType<typeof simulatedProvider> | undefined;
  const runtime = await startRuntime({
    port: 0,
    log: () => {},
    smsPartsPerSecond: partsPerSecond,
    messenger: (outbox) => {
      provider = simulatedProvider(outbox, partsPerSecond);
      return provider.messenger;
    },
  });
  try {
    const directory = dynamodbDirectoryStore(runtime.table);
    // Only the bench's officials in Annecy: the demo's are withdrawn from the area.
    const demo = (await directory.list('officials')).filter((contact) => contact.communes?.includes('74010'));
    await directory.putAll([
      ...demo.map((contact) => ({ ...contact, communes: ['74999'] })),
      ...officials(recipients),
    ]);
    const token = await signToken(runtime.key, 'duty-officer');
    const started = performance.now();
    const response = await fetch(`${runtime.url}/activations`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'idempotency-key': `bench-fan-out-${recipients}-${partsPerSecond}`,
      },
      body: JSON.stringify({
        mode: 'real',
        eventType: 'flood',
        title: 'Banc',
        synergiRef: 'BENCH',
        decidedAt: new Date(Date.now() - 60_000).toISOString(),
        area: { communes: ['74010'] },
        message: { sms: 'Essai.', email: { subject: 'Essai', body: 'Essai.' } },
      }),
    });
    if (response.status !== 202) throw new Error(`POST answered ${response.status}`);
    const { id } = (await response.json()) as { id: string };
    const reader = await signToken(runtime.key, 'quality');
    let completedAt: number | undefined;
    while (completedAt === undefined) {
      const timeline = (await (
        await fetch(`${runtime.url}/activations/${id}/timeline`, {
          headers: { authorization: `Bearer ${reader}` },
        })
      ).json()) as { events: { type: string; audience?: string }[] };
      const ended = timeline.events.filter(
        (event) => event.type === 'dispatch.completed' || event.type === 'dispatch.failed',
      );
      if (ended.length >= 3) completedAt = performance.now();
      else await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const measuredSeconds = (completedAt - started) / 1_000;
    const received = provider?.received ?? new Map<string, number>();
    const ids = officials(recipients).map((contact) => contact.id);
    const parts = provider?.accepted() ?? 0;
    const idealSeconds = Math.max(parts - partsPerSecond, 0) / partsPerSecond;
    return {
      recipients,
      partsPerSecond,
      parts,
      idealSeconds,
      measuredSeconds,
      // A fan-out that fits in the burst has no ideal time to compare: it is as fast as it can be.
      efficiency: idealSeconds === 0 ? 1 : Math.min(1, idealSeconds / measuredSeconds),
      shareOfHour: measuredSeconds / 3_600,
      throttled: provider?.throttled() ?? 0,
      duplicates: ids.filter((contact) => (received.get(contact) ?? 0) > 1).length,
      losses: ids.filter((contact) => (received.get(contact) ?? 0) === 0).length,
    };
  } finally {
    await runtime.close();
  }
};

/** The cases of issue 9, and the quick one a test runs so that the benchmark cannot rot. */
export const FAN_OUT_CASES: FanOutCase[] = [
  { recipients: 400, partsPerSecond: 10 },
  { recipients: 400, partsPerSecond: 100 },
  { recipients: 1_000, partsPerSecond: 100 },
];
export const QUICK_FAN_OUT_CASES: FanOutCase[] = [{ recipients: 60, partsPerSecond: 40 }];
/** Every mayor of France: behind `--national`, for its directory of 35,000 takes minutes to write locally. */
export const NATIONAL_FAN_OUT_CASE: FanOutCase = { recipients: 35_000, partsPerSecond: 1_000 };

/** The results as the README quotes them: a markdown table. */
export const fanOutTable = (results: readonly FanOutResult[]) =>
  [
    '| recipients | parts/s | ideal | measured | efficiency | share of the hour | throttled | duplicates | losses |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...results.map(
      (result) =>
        `| ${result.recipients} | ${result.partsPerSecond} | ${result.idealSeconds.toFixed(1)} s | ${result.measuredSeconds.toFixed(1)} s | ${result.efficiency.toFixed(2)} | ${(result.shareOfHour * 100).toFixed(2)} % | ${result.throttled} | ${result.duplicates} | ${result.losses} |`,
    ),
  ].join('\n');
