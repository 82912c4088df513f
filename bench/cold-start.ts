/**
 * Cold start (issue 9): each Lambda function of the catalogue bundled as it is deployed (`infra/bundle.ts`, as
 * `npm run size` does), its minified size, and the wall time of a fresh `node` process that imports the bundle
 * and exits, as a ratio to `node -e 0` (the process alone). The runs are interleaved (a baseline, then each
 * function, again and again) so that a machine slowing down weighs on every figure alike; each figure is the
 * median. The environment is the minimum a function reads: nothing is called at import (handlers build their
 * AWS clients on first use), and any AWS endpoint would be a closed local port, never the network.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { DEFAULT_DEPARTMENT } from '#shared/contract';
import { bundleFolder, bundleFunction } from '../infra/bundle.ts';
import { type FunctionSpec, functionCatalog } from '../infra/lib/function-catalog.ts';
import { percentile } from './engine.ts';

export interface ColdStartFunction {
  id: string;
  kind: FunctionSpec['kind'];
  bytes: number;
  importMs: number;
  ratio: number;
}

export interface ColdStartResult {
  runs: number;
  baselineMs: number;
  functions: ColdStartFunction[];
}

/** What a function finds in its environment on Lambda, less what names real resources. */
const ENVIRONMENT = {
  PATH: process.env['PATH'] ?? '',
  AWS_REGION: 'eu-west-3',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  // Any call would fail at once on a closed local port: an import that called AWS would show.
  AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
  AWS_MAX_ATTEMPTS: '1',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

/** Milliseconds of wall time of `node <args>`, which must exit with 0. */
const wallTime = (args: string[]) => {
  const started = performance.now();
  const run = spawnSync(process.execPath, args, { env: ENVIRONMENT, stdio: ['ignore', 'ignore', 'pipe'] });
  const elapsed = performance.now() - started;
  if (run.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${run.status}: ${run.stderr}`);
  return elapsed;
};

/** The functions quick mode measures: the crisis path's entry, its stream consumer and its heaviest task. */
export const QUICK_COLD_START_FUNCTIONS = ['StartActivation', 'StartWorkflow', 'DispatchAudience'];

export const runColdStart = async ({
  runs,
  only,
}: {
  runs: number;
  only?: readonly string[];
}): Promise<ColdStartResult> => {
  const catalog = functionCatalog().filter((spec) => !only || only.includes(spec.id));
  const outdir = mkdtempSync(join(tmpdir(), 'module7-cold-start-'));
  try {
    const built = await Promise.all(
      catalog.map(async (spec) => ({
        spec,
        bundle: await bundleFunction(spec.entry, bundleFolder(outdir, spec.entry), DEFAULT_DEPARTMENT),
      })),
    );
    const importer = ['--input-type=module', '-e', 'await import(process.argv[1]);'];
    const baseline: number[] = [];
    const times = new Map<string, number[]>(built.map(({ spec }) => [spec.id, []]));
    for (let run = 0; run < runs; run++) {
      baseline.push(wallTime(['-e', '0']));
      for (const { spec, bundle } of built) {
        const file = pathToFileURL(join(bundle.outdir, 'index.mjs')).href;
        times.get(spec.id)?.push(wallTime([...importer, file]));
      }
    }
    const baselineMs = percentile(baseline, 0.5);
    return {
      runs,
      baselineMs,
      functions: built.map(({ spec, bundle }) => {
        const importMs = percentile(times.get(spec.id) ?? [], 0.5);
        return { id: spec.id, kind: spec.kind, bytes: bundle.bytes, importMs, ratio: importMs / baselineMs };
      }),
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
};

/** The results as the README quotes them: a markdown table, heaviest import first. */
export const coldStartTable = (result: ColdStartResult) =>
  [
    '| function | kind | bundle | import in a fresh process | ÷ `node -e 0` |',
    '| :--- | :--- | ---: | ---: | ---: |',
    ...[...result.functions]
      .sort((a, b) => b.importMs - a.importMs)
      .map(
        (fn) =>
          `| ${fn.id} | ${fn.kind} | ${(fn.bytes / 1024).toFixed(1)} kB | ${fn.importMs.toFixed(0)} ms | ${fn.ratio.toFixed(2)}x |`,
      ),
    `| \`node -e 0\` (median of ${result.runs}) | | | ${result.baselineMs.toFixed(0)} ms | 1x |`,
  ].join('\n');
