/**
 * How every Lambda function is bundled: one set of esbuild options, used by the deployment (through the
 * house function construct), by `npm run size` and by the bundle-size test, so that what is measured is what
 * is deployed.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build, type Metafile, type Plugin } from 'esbuild';
import { DEPARTMENT_CODE } from '#shared/contract';

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/**
 * Above this, a function's cold start and deployment grow for no reason: the bundle-size check fails. 280 kB:
 * 47–273 kB measured once each function bundled its own route's schemas and adapters only. The AWS SDK's
 * shared core with the DynamoDB client is ~185 kB of every function that reads the table; 150 kB would take
 * the runtime's copy of the SDK (marked external) or a smaller client.
 */
export const MAX_BUNDLE_BYTES = 280 * 1024;

/** The module through which the functions read the national geography files. */
const GEOGRAPHY_SOURCE = /[\\/]functions[\\/]adapters[\\/]etalab-geography-source\.ts$/;

/** The fields of a geography record that `functions/adapters/etalab-geography.ts` reads; the others are dropped. */
const KEPT_FIELDS = ['code', 'nom', 'type', 'departement', 'arrondissement', 'chefLieu'];

/** The records of one department in an `@etalab/decoupage-administratif` file (communes or arrondissements). */
export const departmentRecords = (records: unknown, code: string): unknown[] => {
  if (!Array.isArray(records)) throw new Error('Expected an array of geography records');
  return records
    .filter(
      (record: unknown) =>
        typeof record === 'object' &&
        record !== null &&
        'departement' in record &&
        record.departement === code,
    )
    .map((record: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(record).filter(([field]) => KEPT_FIELDS.includes(field))),
    );
};

/**
 * An expression that rebuilds the same records at load: one line per record, one column per kept field,
 * each column's repeated values (`commune-actuelle`, the department, the arrondissement) written once.
 * A third of the size of the JSON for the function that bundles the geography.
 */
export const compactRecords = (records: readonly Record<string, string>[]): string => {
  const fields = KEPT_FIELDS.filter((field) => records.some((record) => record[field] !== undefined));
  const dictionaries = fields.map((field) => [...new Set(records.map((record) => record[field] ?? ''))]);
  const repeated = dictionaries.map((values) => values.length * 4 < records.length);
  const rows = records.map((record) =>
    fields
      .map((field, column) => {
        const value = record[field] ?? '';
        return repeated[column] ? String(dictionaries[column]?.indexOf(value)) : value;
      })
      .join('\t'),
  );
  return `(() => {
  const fields = ${JSON.stringify(fields)};
  const dictionaries = ${JSON.stringify(dictionaries.map((values, column) => (repeated[column] ? values : null)))};
  return ${JSON.stringify(rows.join('\n'))}.split('\\n').map((row) => {
    const record = {};
    row.split('\\t').forEach((cell, column) => {
      const value = dictionaries[column] ? dictionaries[column][Number(cell)] : cell;
      if (value !== '') record[fields[column]] = value;
    });
    return record;
  });
})()`;
};

/**
 * In Lambda the credentials are always in the environment: the SDK's default provider chain (SSO, INI files,
 * process, web identity, container and instance metadata, with the STS and SSO clients they need) would add
 * ~140 kB to every bundle for sources that are never read there. This resolves it to the environment provider,
 * behind the same `defaultProvider` export.
 */
export const environmentCredentials: Plugin = {
  name: 'environment-credentials',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^@aws-sdk\/credential-provider-node$/ }, () => ({
      path: 'credential-provider-node',
      namespace: 'environment-credentials',
    }));
    esbuild.onLoad({ filter: /.*/, namespace: 'environment-credentials' }, () => ({
      contents:
        "import { fromEnv } from '@aws-sdk/credential-provider-env'; export const defaultProvider = (init) => fromEnv(init);",
      loader: 'js',
      resolveDir: projectRoot,
    }));
  },
};

/** The schema modules of the AWS SDK clients: every shape and operation of the service, one statement each. */
const SDK_SCHEMAS = /[\\/]@aws-sdk[\\/]client-[\w-]+[\\/]dist-es[\\/]schemas[\\/]schemas_\d+\.js$/;
/** The manifests of the AWS SDK clients, which each client imports whole for its version (the user agent). */
const SDK_MANIFESTS = /[\\/]@aws-sdk[\\/]client-[\w-]+[\\/]package\.json$/;

/**
 * Keeps of each AWS SDK client what a function uses; ~50 kB less for a function that calls SES v2 once.
 * - Schemas: their traits are written with computed keys (`{ [_h]: ["POST", "/v2/email/outbound-emails", 200] }`,
 *   where `const _h = "http"`), which esbuild must assume may run code, so it keeps every statement that has
 *   one: the whole SES v2 model (117 operations, ~43 kB) for one `SendEmail`. Each such key is written as the
 *   string its constant holds (`{ "http": [...] }`), the same object, which esbuild then sees is free of side
 *   effects and drops when unused.
 * - Manifests: a client reads `version` from its `package.json` (~2 kB each); the rest is dropped.
 * - Event streams: every protocol imports their codec on the first event-stream operation, and esbuild puts
 *   that dynamic import in the bundle (~15 kB). None of the operations our clients call (DynamoDB, SNS, SES v2,
 *   Step Functions) streams events, so the import resolves to a module that says so if it is ever loaded.
 */
export const leanSdkClients: Plugin = {
  name: 'lean-sdk-clients',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^@smithy\/core\/event-streams$/ }, ({ kind }) =>
      kind === 'dynamic-import' ? { path: 'event-streams', namespace: 'no-event-streams' } : undefined,
    );
    esbuild.onLoad({ filter: /.*/, namespace: 'no-event-streams' }, () => ({
      contents:
        "const unused = () => { throw new Error('No event-stream operation is bundled: see leanSdkClients in infra/bundle.ts'); };\n" +
        'export const eventStreamSerdeProvider = unused;\nexport class EventStreamSerde { constructor() { unused(); } }\n',
      loader: 'js',
    }));
    esbuild.onLoad({ filter: SDK_SCHEMAS }, async ({ path }) => {
      const text = await readFile(path, 'utf8');
      const strings = new Map(
        [...text.matchAll(/^const (_\w+) = ("[^"\\\n]*");$/gm)].map(([, name, value]) => [name, value]),
      );
      return {
        contents: text.replace(
          /(?<=[{,]\s*)\[(_\w+)\]:/g,
          (key, name: string) => strings.get(name)?.concat(':') ?? key,
        ),
        loader: 'js',
      };
    });
    esbuild.onLoad({ filter: SDK_MANIFESTS }, async ({ path }) => {
      const { name, version } = JSON.parse(await readFile(path, 'utf8')) as { name: string; version: string };
      return { contents: JSON.stringify({ name, version }), loader: 'json' };
    });
  },
};

/**
 * Replaces `functions/adapters/etalab-geography-source.ts`, which reads the national communes and arrondissements
 * files (8.6 MB) at run time, by a module holding the department's records only, all that
 * `functions/adapters/etalab-geography.ts` reads.
 * @throws Error at bundling time when the department has no commune: a wrong code fails the synth, not the
 * first activation.
 */
export const departmentGeography = (code: string): Plugin => ({
  name: 'department-geography',
  setup(esbuild) {
    if (!DEPARTMENT_CODE.test(code)) throw new Error(`Not an INSEE department code: ${code}`);
    esbuild.onLoad({ filter: GEOGRAPHY_SOURCE }, async ({ path }) => {
      const files = ['communes', 'arrondissements'].map((name) =>
        require.resolve(`@etalab/decoupage-administratif/data/${name}.json`),
      );
      const [communes, arrondissements] = await Promise.all(
        files.map(async (file) => {
          const kept = departmentRecords(JSON.parse(await readFile(file, 'utf8')), code);
          if (kept.length === 0) {
            throw new Error(
              `Department ${code} has no record in ${file}: check the department context value`,
            );
          }
          return compactRecords(kept as Record<string, string>[]);
        }),
      );
      return {
        contents: `const communes = ${communes};\nconst arrondissements = ${arrondissements};\nexport const readCommunes = () => communes;\nexport const readArrondissements = () => arrondissements;\n`,
        loader: 'js',
        watchFiles: [path, ...files],
      };
    });
  },
});

/**
 * The esbuild options of a function: one minified ESM file for nodejs22.x with the AWS SDK inside (it starts
 * faster than the runtime's copy), the credentials from the environment only, the SDK's schemas of the
 * operations it calls only, and the department's geography only. Class names are not kept: our error classes
 * name themselves in literals (the state machine's Retry and Catch match them), which a test of the bundles
 * checks.
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
  external: [],
  // Some CommonJS dependencies call `require` for Node built-ins, which an ES module does not have.
  banner: { js: "import{createRequire}from'node:module';const require=createRequire(import.meta.url);" },
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
  plugins: [departmentGeography(department), environmentCredentials, leanSdkClients],
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
