/**
 * `npm run bench -- --quick` runs here, so that the benchmark cannot rot: it must finish and write the same
 * JSON shape as the full run. No figure is judged (a shared 2-core machine's speed says nothing); only that
 * every recipient received exactly one SMS, and that the cost run counted every item it prices.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('npm run bench -- --quick', () => {
  it('runs every benchmark on small cases and writes their results: fan-out with no duplicate and no loss, engine overhead, cold start, cost', () => {
    execFileSync(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--quick'], {
      env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'SILENT' },
      stdio: 'pipe',
      timeout: 170_000,
    });
    const results = JSON.parse(readFileSync('bench/results/quick.json', 'utf8'));
    expect(results).toMatchObject({ quick: true, machine: expect.stringContaining('cores') });
    expect(results.fanOut).toHaveLength(1);
    for (const result of results.fanOut) {
      expect(Object.keys(result).sort()).toEqual(
        [
          'recipients',
          'partsPerSecond',
          'parts',
          'idealSeconds',
          'measuredSeconds',
          'efficiency',
          'shareOfHour',
          'throttled',
          'duplicates',
          'losses',
        ].sort(),
      );
      expect(result.duplicates).toBe(0);
      expect(result.losses).toBe(0);
      expect(result.efficiency).toBeGreaterThan(0);
      expect(result.efficiency).toBeLessThanOrEqual(1);
    }

    // Engine overhead: times and ratios are there and positive; what they are is not judged.
    const { engineOverhead } = results;
    expect(engineOverhead.baseline.medianMs).toBeGreaterThan(0);
    for (const [phase, activations] of [
      ['sequential', 5],
      ['concurrent', 3],
    ] as const) {
      expect(Object.keys(engineOverhead[phase]).sort()).toEqual(
        ['activations', 'p50Ms', 'p95Ms', 'p50Ratio', 'p95Ratio'].sort(),
      );
      expect(engineOverhead[phase].activations).toBe(activations);
      expect(engineOverhead[phase].p95Ms).toBeGreaterThanOrEqual(engineOverhead[phase].p50Ms);
      expect(engineOverhead[phase].p50Ratio).toBeGreaterThan(0);
    }

    // Cold start: each function measured has a bundle and an import time.
    expect(results.coldStart.runs).toBe(3);
    expect(results.coldStart.baselineMs).toBeGreaterThan(0);
    expect(results.coldStart.functions.map((fn: { id: string }) => fn.id).sort()).toEqual(
      ['DispatchAudience', 'StartActivation', 'StartWorkflow'].sort(),
    );
    for (const fn of results.coldStart.functions) {
      expect(Object.keys(fn).sort()).toEqual(['id', 'kind', 'bytes', 'importMs', 'ratio'].sort());
      expect(fn.bytes).toBeGreaterThan(0);
      expect(fn.importMs).toBeGreaterThan(0);
    }

    // Cost: the activation ran to its end, and every billed item was counted and priced.
    const { counts, usd, prices } = results.cost;
    expect(prices).toMatchObject({ date: '2026-11-28', region: 'eu-west-3', currency: 'USD' });
    expect(counts.executionStatus).toBe('SUCCEEDED');
    for (const count of [
      'stateTransitions',
      'lambdaInvocations',
      'lambdaGbSeconds',
      'dynamodbRequests',
      'dynamodbWriteUnits',
      'dynamodbReadUnits',
      'httpApiRequests',
      'emails',
      'smsMessages',
      'smsParts',
    ]) {
      expect(counts[count], count).toBeGreaterThan(0);
    }
    // The activation's POST, then the link's page and its button: three API calls, three invocations.
    expect(counts.httpApiRequests).toBe(3);
    expect(counts.byFunction).toMatchObject({
      StartActivation: { invocations: 1 },
      StartWorkflow: { invocations: 1 },
      RecordActivation: { invocations: 1 },
      GetAckPage: { invocations: 1 },
      ConfirmAck: { invocations: 1 },
    });
    expect(counts.smsParts).toBeGreaterThanOrEqual(counts.smsMessages);
    for (const item of ['stepFunctions', 'lambda', 'dynamodb', 'httpApi', 'ses', 'smsPerPart']) {
      expect(usd[item], item).toBeGreaterThan(0);
    }
    expect(usd.perActivationExcludingSms).toBeCloseTo(
      usd.stepFunctions + usd.lambda + usd.dynamodb + usd.httpApi + usd.ses,
      12,
    );
    expect(usd.smsPerActivation).toBeCloseTo(counts.smsParts * usd.smsPerPart, 12);
  }, 180_000);
});
