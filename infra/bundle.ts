/**
 * How every Lambda function is bundled: one set of esbuild options, used by the deployment (through the
 * house function construct), by `npm run size` and by the bundle-size test, so that what is measured is what
 * is deployed.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build, type Metafile, type Plugin } from 'esbuild';

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Above this, a function's cold start and deployment grow for no reason: the bundle-size check fails. */
export const MAX_BUNDLE_BYTES = 300 * 1024;

/** The INSEE code of a department, as `functions/shared/config.ts` accepts it. */
export const DEPARTMENT_CODE = /^(\d{2}|2A|2B|97\d)$/;

const GEOGRAPHY_FILES =
  /[\\/]@etalab[\\/]decoupage-administratif[\\/]data[\\/](communes|arrondissements)\.json$/;

/** The records of one department in an `@etalab/decoupage-administratif` file (communes or arrondissements). */
export const departmentRecords = (records: unknown, code: string): unknown[] => {
  if (!Array.isArray(records)) throw new Error('Expected an array of geography records');
  return records.filter(
    (record: unknown) =>
      typeof record === 'object' && record !== null && 'departement' in record && record.departement === code,
  );
};

/**
 * Replaces the national communes and arrondissements files (8.6 MB) by the department's records, which are
 * all `functions/shared/department.ts` reads.
 * @throws Error at bundling time when the department has no commune: a wrong code fails the synth, not the
 * first activation.
 */
export const departmentGeography = (code: string): Plugin => ({
  name: 'department-geography',
  setup(esbuild) {
    if (!DEPARTMENT_CODE.test(code)) throw new Error(`Not an INSEE department code: ${code}`);
    esbuild.onLoad({ filter: GEOGRAPHY_FILES }, async ({ path }) => {
      const kept = departmentRecords(JSON.parse(await readFile(path, 'utf8')), code);
      if (kept.length === 0) {
        throw new Error(`Department ${code} has no record in ${path}: check the department context value`);
      }
      return { contents: JSON.stringify(kept), loader: 'json', watchFiles: [path] };
    });
  },
});

/**
 * The esbuild options of a function: one minified ESM file for nodejs22.x with the AWS SDK inside (it starts
 * faster than the runtime's copy), class and function names kept (the state machine's Retry and Catch match
 * our error classes by name), and the department's geography only.
 */
export const bundleOptions = (department: string): BuildOptions => ({
  absWorkingDir: projectRoot,
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  outExtension: { '.js': '.mjs' },
  mainFields: ['module', 'main'],
  minify: true,
  keepNames: true,
  external: [],
  // Some CommonJS dependencies call `require` for Node built-ins, which an ES module does not have.
  banner: { js: "import{createRequire}from'node:module';const require=createRequire(import.meta.url);" },
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
  plugins: [departmentGeography(department)],
});

export interface BuiltFunction {
  /** The handler file, relative to the project root. */
  entry: string;
  /** The folder holding `index.mjs`: a Lambda handler of `index.handler`. */
  outdir: string;
  bytes: number;
  metafile: Metafile;
}

/** Bundles one handler file into `outdir/index.mjs`. */
export const bundleFunction = async (entry: string, outdir: string, department: string) => {
  const result = await build({
    ...bundleOptions(department),
    entryPoints: { index: resolve(projectRoot, entry) },
    outdir,
  });
  const metafile = result.metafile ?? { inputs: {}, outputs: {} };
  const output = Object.entries(metafile.outputs).find(([file]) => file.endsWith('index.mjs'));
  if (!output) throw new Error(`esbuild wrote no index.mjs for ${entry}`);
  return { entry, outdir: resolve(outdir), bytes: output[1].bytes, metafile } satisfies BuiltFunction;
};

/** Where a function's bundle goes under a folder: one sub-folder per handler name. */
export const bundleFolder = (root: string, entry: string) =>
  join(root, entry.replace(/^.*[\\/]/, '').replace(/\.ts$/, ''));
