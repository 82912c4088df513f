/**
 * What the deployment may import from `functions/`: the rules it shares with the runtime, from modules that
 * load no AWS SDK, so that synthesizing the CDK app never loads the runtime's clients. The handlers are named
 * by their paths as strings (`functions/handlers/…`, the bundling entries), never imported.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../infra/bundle.ts';

/** The modules of `functions/` that `infra/` may import. */
const ALLOWED: RegExp[] = [
  // The table's key schema and item keys: pure data.
  /^#adapters\/dynamodb-keys$/,
  // Environment variable names, department and sender ID rules, telemetry names: pure data.
  /^#shared\/contract$/,
  // The route table. It imports its request schemas, and with them zod and the domain: zod is a validation
  // library, not an AWS SDK, so the route table stays SDK-free (checked below, however deep).
  /^#shared\/routes$/,
  // Pure TypeScript: the domain imports no SDK.
  /^#domain\/[\w-]+$/,
];

/** Packages that must never load during a synth: the AWS SDK and the runtime's instrumentation. */
const RUNTIME_PACKAGES = /^(@aws-sdk|@smithy|@aws-lambda-powertools|@middy)\//;

const FUNCTIONS = join(projectRoot, 'functions');

/** `"#shared/*": "./functions/shared/*.ts"` from package.json: the one definition of the subpath imports. */
const SUBPATHS = Object.entries(
  (JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { imports: Record<string, string> })
    .imports,
).map(([pattern, target]) => ({ prefix: pattern.replace(/\*$/, ''), target }));

/**
 * The module specifiers of a source text: `import … from '…'` and `export … from '…'` (on one line or
 * several), `import '…'` and `import('…')`.
 */
const importSpecifiers = (source: string): string[] =>
  [
    ...source.matchAll(
      /\b(?:import|export)\s[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]|\bimport\s*\(?\s*['"]([^'"]+)['"]/g,
    ),
  ].map((match) => match[1] ?? match[2] ?? '');

/** The file a specifier of `file` names, when it is one of ours (a subpath import or a relative path). */
const resolveSpecifier = (file: string, specifier: string): string | undefined => {
  if (specifier.startsWith('.')) return resolve(dirname(file), specifier);
  const subpath = SUBPATHS.find(({ prefix }) => specifier.startsWith(prefix));
  return subpath && join(projectRoot, subpath.target.replace('*', specifier.slice(subpath.prefix.length)));
};

/** A module of `functions/` as a subpath import (`#adapters/dynamodb-table`), or undefined for any other. */
const functionsModule = (file: string, specifier: string): string | undefined => {
  const target = resolveSpecifier(file, specifier);
  if (!target?.startsWith(`${FUNCTIONS}/`)) return undefined;
  return `#${relative(FUNCTIONS, target).replace(/\.ts$/, '')}`;
};

/** The modules of `functions/` a source imports that `infra/` may not. */
const forbiddenImports = (file: string, source: string): string[] =>
  importSpecifiers(source)
    .map((specifier) => functionsModule(file, specifier))
    .filter((module): module is string => module !== undefined)
    .filter((module) => !ALLOWED.some((pattern) => pattern.test(module)));

const infraFiles = readdirSync(join(projectRoot, 'infra'), { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.ts'))
  .map((file) => join(projectRoot, 'infra', file));

/** The files of ours a module reaches through its imports, however deep, and the packages they import. */
const reach = (entry: string) => {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const specifier of importSpecifiers(readFileSync(file, 'utf8'))) {
      if (specifier.startsWith('node:')) continue;
      const target = resolveSpecifier(file, specifier);
      if (target) visit(target);
      else packages.add(specifier);
    }
  };
  visit(entry);
  return { files, packages };
};

describe('what the deployment imports from the functions', () => {
  it('recognizes a forbidden import, on one line or several, by subpath or relative path', () => {
    const file = join(projectRoot, 'infra', 'lib', 'example.ts');
    const source = [
      "import { keys } from '#adapters/dynamodb-table';",
      "import type { Clock } from '#domain/ports';",
      "import {\n  ENV,\n  TELEMETRY,\n} from '#shared/contract';",
      "export { startActivation } from '../../functions/use-cases/start-activation.ts';",
      "import '#shared/powertools';",
      "const config = await import('#shared/config');",
      "import { Stack } from 'aws-cdk-lib';",
      "import { projectRoot } from '../bundle.ts';",
    ].join('\n');
    expect(importSpecifiers(source)).toHaveLength(8);
    expect(forbiddenImports(file, source)).toEqual([
      '#adapters/dynamodb-table',
      '#use-cases/start-activation',
      '#shared/powertools',
      '#shared/config',
    ]);
  });

  it('imports from functions/ only the SDK-free modules it shares with the runtime', () => {
    expect(infraFiles.length).toBeGreaterThan(5);
    const forbidden = infraFiles.flatMap((file) =>
      forbiddenImports(file, readFileSync(file, 'utf8')).map(
        (module) => `${relative(projectRoot, file)} imports ${module}`,
      ),
    );
    expect(forbidden).toEqual([]);
  });

  it('reaches no AWS SDK through the modules it may import, however deep', () => {
    const used = new Set(
      infraFiles.flatMap((file) =>
        importSpecifiers(readFileSync(file, 'utf8'))
          .map((specifier) => resolveSpecifier(file, specifier))
          .filter((target): target is string => target?.startsWith(`${FUNCTIONS}/`) === true),
      ),
    );
    // The rules the issue moved out of the SDK-loading modules are read from their SDK-free homes.
    expect([...used].map((file) => relative(projectRoot, file))).toEqual(
      expect.arrayContaining(['functions/adapters/dynamodb-keys.ts', 'functions/shared/contract.ts']),
    );
    for (const file of used) {
      const { packages } = reach(file);
      expect(
        [...packages].filter((name) => RUNTIME_PACKAGES.test(name)),
        relative(projectRoot, file),
      ).toEqual([]);
    }
    // The walk follows imports beyond the first file: the route table reaches its schemas and the domain.
    const routeTable = reach(join(FUNCTIONS, 'shared', 'routes.ts'));
    expect(routeTable.files.size).toBeGreaterThan(2);
    expect(routeTable.packages).toContain('zod/mini');
    // And it would see an SDK: the adapters' shared module, which infra/ no longer imports, loads DynamoDB's.
    expect([...reach(join(FUNCTIONS, 'adapters', 'dynamodb-table.ts')).packages]).toEqual(
      expect.arrayContaining([expect.stringMatching(RUNTIME_PACKAGES)]),
    );
  });
});
