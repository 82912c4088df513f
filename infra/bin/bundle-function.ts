/**
 * `node --import tsx infra/bin/bundle-function.ts <entry> <outdir> <department>`: bundles one handler into
 * `<outdir>/index.mjs`. Called by the CDK asset bundling of each function.
 */
import { bundleFunction } from '../bundle.ts';

const [entry, outdir, department] = process.argv.slice(2);
if (!entry || !outdir || !department) {
  console.error('Usage: bundle-function.ts <entry> <outdir> <department>');
  process.exit(2);
}
await bundleFunction(entry, outdir, department);
