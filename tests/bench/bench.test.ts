/**
 * `npm run bench -- --quick` runs here, so that the benchmark cannot rot: it must finish and write the same
 * JSON shape as the full run. No figure is judged (a shared 2-core machine's speed says nothing); only that
 * every recipient received exactly one SMS.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('npm run bench -- --quick', () => {
  it('runs every benchmark on small cases and writes the fan-out results, no duplicate and no loss', () => {
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
  }, 180_000);
});
