/**
 * `npm run size [-- <department>]`: bundles every function with the deployment's esbuild settings into a
 * temporary folder and prints each bundle's size against the budget, with the heaviest packages of a bundle
 * over it. Exits with 1 when one is over.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_DEPARTMENT } from '#shared/contract';
import { type BuiltFunction, bundleFolder, bundleFunction, MAX_BUNDLE_BYTES } from './bundle.ts';
import { bundleBudgetOf, functionCatalog } from './lib/function-catalog.ts';

const department = process.argv[2] ?? DEFAULT_DEPARTMENT;
const kB = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;

/** The biggest contributors to a bundle, by npm package (or by folder for our own code). */
const heaviest = (bundle: BuiltFunction, count: number) => {
  const byPackage = new Map<string, number>();
  for (const output of Object.values(bundle.metafile.outputs)) {
    for (const [file, input] of Object.entries(output.inputs)) {
      const name =
        /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1] ?? file.split('/').slice(0, 2).join('/');
      byPackage.set(name, (byPackage.get(name) ?? 0) + input.bytesInOutput);
    }
  }
  return [...byPackage]
    .sort(([, a], [, b]) => b - a)
    .slice(0, count)
    .map(([name, bytes]) => `${name} ${kB(bytes)}`)
    .join(', ');
};

const outdir = mkdtempSync(join(tmpdir(), 'module7-size-'));
try {
  const started = performance.now();
  const built = await Promise.all(
    functionCatalog().map(async (spec) => ({
      spec,
      bundle: await bundleFunction(spec.entry, bundleFolder(outdir, spec.entry), department),
    })),
  );
  const width = Math.max(...built.map(({ spec }) => spec.entry.length));
  for (const { spec, bundle } of built) {
    const budget = bundleBudgetOf(spec);
    const verdict = bundle.bytes <= budget ? 'ok' : `OVER (${heaviest(bundle, 4)})`;
    const own = budget === MAX_BUNDLE_BYTES ? '' : ` (budget ${kB(budget)})`;
    console.log(`${spec.entry.padEnd(width)}  ${kB(bundle.bytes).padStart(10)}  ${verdict}${own}`);
  }
  const over = built.filter(({ spec, bundle }) => bundle.bytes > bundleBudgetOf(spec)).length;
  console.log(
    `\n${built.length} functions, department ${department}, budget ${kB(MAX_BUNDLE_BYTES)} each unless said: ` +
      `${over} over budget (built in ${((performance.now() - started) / 1000).toFixed(1)} s)`,
  );
  process.exitCode = over > 0 ? 1 : 0;
} finally {
  rmSync(outdir, { recursive: true, force: true });
}
