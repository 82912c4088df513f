/**
 * Engine overhead (issue 9): what the embedded runtime adds between an activation's 202 and every one of its
 * audiences dispatched, with an instant provider (the outbox, unpaced), so that only the engine is measured:
 * the stream consumer, the state machine, the tasks and their store calls. Completion is seen in process, by
 * the runtime's timeline hook (`observe.timelineEvent`), not by polling. Each time is a ratio to one bare HTTP
 * round trip: a `node:http` server in the same process answering 204, asked by the same client (fetch).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { dynamodbActivationStore } from '#adapters/dynamodb-activation-store';
import { workflowInputOf } from '#domain/activation';
import { signToken } from '#local/auth';
import { startRuntime } from '#local/runtime';

export interface EngineOverheadPhase {
  activations: number;
  p50Ms: number;
  p95Ms: number;
  p50Ratio: number;
  p95Ratio: number;
}

export interface EngineOverheadResult {
  baseline: { what: string; requests: number; medianMs: number };
  sequential: EngineOverheadPhase;
  concurrent: EngineOverheadPhase;
}

/** The value at rank ⌈q·n⌉ of the sorted values (nearest rank). */
export const percentile = (values: readonly number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
};

/** The median of `requests` GETs of a bare `node:http` server in this process, in milliseconds. */
const bareRoundTrip = async (requests: number) => {
  const server = createServer((_request, response) => response.writeHead(204).end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  try {
    const times: number[] = [];
    // The first requests open the connection and warm the client up: not counted.
    for (let i = 0; i < requests + 10; i++) {
      const started = performance.now();
      await (await fetch(url)).arrayBuffer();
      if (i >= 10) times.push(performance.now() - started);
    }
    return percentile(times, 0.5);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
};

export const runEngineOverhead = async ({
  sequential,
  concurrent,
}: {
  sequential: number;
  concurrent: number;
}): Promise<EngineOverheadResult> => {
  /** The audiences dispatched, by activation, and who waits for an activation's last one. */
  const dispatched = new Map<string, Set<string>>();
  const waiting = new Map<string, { audiences: readonly string[]; done: () => void }>();
  const check = (id: string) => {
    const waiter = waiting.get(id);
    const seen = dispatched.get(id);
    if (waiter?.audiences.every((audience) => seen?.has(audience))) {
      waiting.delete(id);
      waiter.done();
    }
  };
  const runtime = await startRuntime({
    port: 0,
    log: () => {},
    observe: {
      timelineEvent(event) {
        if (event.type !== 'dispatch.completed' || !event.audience) return;
        const seen = dispatched.get(event.activationId) ?? new Set<string>();
        seen.add(event.audience);
        dispatched.set(event.activationId, seen);
        check(event.activationId);
      },
    },
  });
  try {
    const baselineMs = await bareRoundTrip(200);
    const activations = dynamodbActivationStore(runtime.table);
    const token = await signToken(runtime.key, 'duty-officer');
    let sequence = 0;
    /** One activation: milliseconds from its 202 to the last of its audiences dispatched. */
    const activate = async () => {
      const response = await fetch(`${runtime.url}/activations`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'idempotency-key': `bench-engine-${Date.now()}-${sequence++}`,
        },
        body: JSON.stringify({
          mode: 'exercise',
          eventType: 'flood',
          title: 'Banc moteur',
          synergiRef: 'BENCH',
          decidedAt: new Date(Date.now() - 60_000).toISOString(),
          area: { communes: ['74010'] },
          message: { sms: 'Essai.', email: { subject: 'Essai', body: 'Essai.' } },
        }),
      });
      const accepted = performance.now();
      if (response.status !== 202) throw new Error(`POST answered ${response.status}`);
      const { id } = (await response.json()) as { id: string };
      const activation = await activations.get(id);
      if (!activation) throw new Error(`Activation ${id} not stored`);
      const completed = new Promise<number>((resolve) => {
        waiting.set(id, {
          audiences: workflowInputOf(activation).audiences,
          done: () => resolve(performance.now()),
        });
      });
      check(id);
      return (await completed) - accepted;
    };
    const phase = (times: number[]): EngineOverheadPhase => ({
      activations: times.length,
      p50Ms: percentile(times, 0.5),
      p95Ms: percentile(times, 0.95),
      p50Ratio: percentile(times, 0.5) / baselineMs,
      p95Ratio: percentile(times, 0.95) / baselineMs,
    });
    const alone: number[] = [];
    for (let i = 0; i < sequential; i++) alone.push(await activate());
    const together = await Promise.all(Array.from({ length: concurrent }, () => activate()));
    return {
      baseline: {
        what: 'GET of a bare node:http server in the same process (fetch, kept-alive connection)',
        requests: 200,
        medianMs: baselineMs,
      },
      sequential: phase(alone),
      concurrent: phase(together),
    };
  } finally {
    await runtime.close();
  }
};

/** The results as the README quotes them: a markdown table. */
export const engineTable = (result: EngineOverheadResult) =>
  [
    '| activations | p50 | p95 | p50 ÷ round trip | p95 ÷ round trip |',
    '| :--- | ---: | ---: | ---: | ---: |',
    ...(
      [
        ['sequential', result.sequential],
        ['concurrent', result.concurrent],
      ] as const
    ).map(
      ([name, phase]) =>
        `| ${phase.activations} ${name} | ${phase.p50Ms.toFixed(1)} ms | ${phase.p95Ms.toFixed(1)} ms | ${phase.p50Ratio.toFixed(0)}x | ${phase.p95Ratio.toFixed(0)}x |`,
    ),
    `| bare round trip (median of ${result.baseline.requests}) | ${result.baseline.medianMs.toFixed(3)} ms | | 1x | |`,
  ].join('\n');
