/**
 * `npm run bench`: speed and memory of the paths that matter at 3 a.m., as ratios to a baseline measured in
 * the same run on the same machine (absolute figures move with the machine; ratios much less).
 *   1. a department-wide dispatch (every mayor of the department) against one storage write;
 *   2. POST /activations over HTTP against one storage write;
 *   3. SMS part counting against a plain string scan;
 *   4. the runtime's memory once the department is loaded against a bare Node process;
 *   5. the fan-out's efficiency against a provider of R parts a second (bench/fan-out.ts);
 *   6. the engine's overhead from an activation's 202 to its audiences dispatched (bench/engine.ts);
 *   7. each function's bundle and cold import against a bare Node process (bench/cold-start.ts);
 *   8. the AWS cost of one activation at eu-west-3 prices (bench/cost.ts, bench/prices-eu-west-3.json).
 * `--quick` runs each of them small (a test runs it), `--national` adds the national fan-out.
 */
import { performance } from 'node:perf_hooks';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamodbActivationStore } from '#adapters/dynamodb-activation-store';
import { dynamodbDirectoryStore } from '#adapters/dynamodb-directory-store';
import { dynamodbDispatchLedger } from '#adapters/dynamodb-dispatch-ledger';
import { dynamodbTimelineStore } from '#adapters/dynamodb-timeline-store';
import { countSms } from '#domain/messages';
import { signToken } from '#local/auth';
import { demoDirectory } from '#local/demo-directory';
import { outboxMessenger } from '#local/outbox';
import { startRuntime } from '#local/runtime';
import { startStore } from '#local/store';
import { dispatchAudience } from '#use-cases/dispatch-audience';

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
const time = async (run: () => Promise<unknown>) => {
  const start = performance.now();
  await run();
  return performance.now() - start;
};
const rows: [string, string, string, string][] = [];
const quick = process.argv.includes('--quick');
const national = process.argv.includes('--national');
const report = (name: string, measured: number, baseline: number, unit: string) =>
  rows.push([
    name,
    `${measured.toFixed(2)} ${unit}`,
    `${baseline.toFixed(3)} ${unit}`,
    `${(measured / baseline).toFixed(1)}x`,
  ]);

import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { coldStartTable, QUICK_COLD_START_FUNCTIONS, runColdStart } from './cold-start.ts';
import { costTable, runCost } from './cost.ts';
import { engineTable, runEngineOverhead } from './engine.ts';
import {
  FAN_OUT_CASES,
  fanOutTable,
  NATIONAL_FAN_OUT_CASE,
  QUICK_FAN_OUT_CASES,
  runFanOut,
} from './fan-out.ts';

const RESULTS = fileURLToPath(new URL('results/', import.meta.url));
const machine = () =>
  `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;

const baseRss = Number(
  execFileSync(process.execPath, ['-e', 'console.log(process.memoryUsage().rss)'], { encoding: 'utf8' }),
);
const runtime = await startRuntime({ port: 0, clockSpeed: 1, log: () => {} });
const loadedRss = process.memoryUsage().rss;
// The storage baseline and the dispatch run on a store of their own: an activation written to the runtime's
// table would start its workflow (the local table stream), which would dispatch it concurrently.
const benchStore = await startStore({});
const { table } = benchStore;
await dynamodbDirectoryStore(table).putAll(demoDirectory(runtime.department));

// Baseline: one conditional-free PutItem on the embedded store.
const puts: number[] = [];
for (let i = 0; i < (quick ? 20 : 200); i++) {
  puts.push(
    await time(() =>
      table.client.send(
        new PutCommand({ TableName: table.tableName, Item: { pk: `BENCH#${i}`, sk: 'x', n: i } }),
      ),
    ),
  );
}
const put = median(puts);

// 1. Department-wide dispatch of the officials: ~286 SMS claimed, sent to the outbox and completed, plus one e-mail.
const store = dynamodbActivationStore(table);
const timeline = dynamodbTimelineStore(table);
const outbox = outboxMessenger(table);
const deps = {
  store,
  timeline,
  directory: dynamodbDirectoryStore(table),
  ledger: dynamodbDispatchLedger(table),
  messenger: outbox.messenger,
  clock: { now: () => new Date() },
};
const dispatches: number[] = [];
let recipients = 0;
for (let i = 0; i < (quick ? 1 : 3); i++) {
  const id = `act-bench${String(i).padStart(15, '0')}`;
  const now = new Date().toISOString();
  await store.create({
    id,
    mode: 'exercise',
    eventType: 'flood',
    title: 'Banc d’essai',
    synergiRef: 'BENCH',
    decidedAt: now,
    acceptedAt: now,
    deadline: now,
    warnAt: now,
    area: { department: true },
    communes: runtime.department.communes.map((c) => c.code),
    message: { sms: 'Essai.', email: { subject: 'Essai', body: 'Essai.' } },
    status: 'evaluated',
    activatedBy: 'bench',
    requestHash: 'bench',
    executionName: id,
    evaluatedAt: now,
  });
  dispatches.push(
    await time(async () => {
      recipients = (await dispatchAudience({ activationId: id, audience: 'officials' }, deps)).recipients;
    }),
  );
}
report(
  `department dispatch (${recipients} officials), per recipient`,
  median(dispatches) / recipients,
  put,
  'ms',
);

// 2. POST /activations over HTTP, end to end (token check, parsing, area, conditional write, workflow start):
//    alone (the previous activation's dispatch done), then back to back (each competing with the previous
//    activations' dispatches for the one event loop that also runs the embedded store).
const token = await signToken(runtime.key, 'duty-officer');
const post = async (i: number) => {
  const response = await fetch(`${runtime.url}/activations`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'idempotency-key': `bench-${i}-${Date.now()}`,
    },
    body: JSON.stringify({
      mode: 'exercise',
      eventType: 'flood',
      title: 'Banc d’essai',
      synergiRef: 'BENCH',
      decidedAt: new Date(Date.now() - 60_000).toISOString(),
      area: { communes: ['74010'] },
      message: { sms: 'Essai.', email: { subject: 'Essai', body: 'Essai.' } },
    }),
  });
  if (response.status !== 202) throw new Error(`POST answered ${response.status}`);
  await response.arrayBuffer();
};
const alone: number[] = [];
for (let i = 0; i < (quick ? 3 : 20); i++) {
  alone.push(await time(() => post(i)));
  await new Promise((resolve) => setTimeout(resolve, 200));
}
report('POST /activations over HTTP, alone', median(alone), put, 'ms');
const burst: number[] = [];
for (let i = 0; i < (quick ? 3 : 20); i++) burst.push(await time(() => post(100 + i)));
report('POST /activations over HTTP, back to back', median(burst), put, 'ms');

// 3. SMS part counting on a 300-character French message, against scanning the same string once.
const text = 'Crue du Fier : les berges sont fermées, évitez les déplacements près de l’eau. '
  .repeat(4)
  .slice(0, 300);
const loops = quick ? 2_000 : 20_000;
const counting = await time(async () => {
  for (let i = 0; i < loops; i++) countSms(text);
});
let sink = 0;
const scanning = await time(async () => {
  for (let i = 0; i < loops; i++) for (const char of text) sink += char.length;
});
report('SMS part count, per message', (counting / loops) * 1_000, (scanning / loops) * 1_000, 'µs');

await runtime.close();
await benchStore.close();
rows.push([
  'runtime memory (RSS) with the department loaded',
  `${(loadedRss / 2 ** 20).toFixed(0)} MiB`,
  `${(baseRss / 2 ** 20).toFixed(0)} MiB`,
  `${(loadedRss / baseRss).toFixed(1)}x`,
]);

const widths = [0, 1, 2, 3].map((column) =>
  Math.max(
    ...[['benchmark', 'measured', 'baseline', 'ratio'], ...rows].map((row) => row[column]?.length ?? 0),
  ),
);
for (const row of [['benchmark', 'measured', 'baseline', 'ratio'], ...rows])
  console.log(row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  '));
console.log(
  `baseline: one PutItem on the embedded store (median of 200), a plain string scan, a bare Node process${sink < 0 ? '' : '.'}`,
);

// 5. Fan-out efficiency against a provider of R parts a second (bench/fan-out.ts).
const cases = quick ? QUICK_FAN_OUT_CASES : [...FAN_OUT_CASES, ...(national ? [NATIONAL_FAN_OUT_CASE] : [])];
const fanOut = [];
for (const fanOutCase of cases) fanOut.push(await runFanOut(fanOutCase));
console.log(
  `\nFan-out efficiency (ideal = parts beyond the first second's burst ÷ R):\n${fanOutTable(fanOut)}`,
);

// 6. Engine overhead: sequential activations, then concurrent ones, with an instant provider (bench/engine.ts).
const engineOverhead = await runEngineOverhead(
  quick ? { sequential: 5, concurrent: 3 } : { sequential: 50, concurrent: 20 },
);
console.log(
  `\nEngine overhead (202 → every audience's dispatch.completed, instant provider):\n${engineTable(engineOverhead)}`,
);

// 7. Cold start of each function's bundle in a fresh process (bench/cold-start.ts).
const coldStart = await runColdStart(quick ? { runs: 3, only: QUICK_COLD_START_FUNCTIONS } : { runs: 15 });
console.log(`\nCold start (import of the minified bundle in a fresh node):\n${coldStartTable(coldStart)}`);

// 8. What one activation costs on AWS, at the prices of bench/prices-eu-west-3.json (bench/cost.ts).
const cost = await runCost({ department: !quick });
console.log(`\nCost of one activation on AWS (eu-west-3):\n${costTable(cost)}`);

mkdirSync(RESULTS, { recursive: true });
writeFileSync(
  // The national case's run is kept apart: it is not the five-minute run the README quotes first.
  join(RESULTS, quick ? 'quick.json' : national ? 'national.json' : 'latest.json'),
  `${JSON.stringify(
    {
      measuredAt: new Date().toISOString(),
      machine: machine(),
      quick,
      fanOut,
      engineOverhead,
      coldStart,
      cost,
    },
    null,
    2,
  )}\n`,
);
console.log(`\nbench: ${(performance.now() / 1_000).toFixed(0)} s in all`);
process.exit(0);
