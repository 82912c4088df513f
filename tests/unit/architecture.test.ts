/**
 * The arrows of the house (README, "The house"), kept by reading every import of every source file: a
 * forbidden arrow fails here with the file and the import that crosses it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const sources = (folder: string): string[] =>
  readdirSync(join(ROOT, folder), { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });

/** Every module specifier a file imports or re-exports, static or dynamic. */
const importsOf = (file: string): string[] => {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return [
    ...text.matchAll(
      /(?:^|\s)(?:import|export)\s[^'"`;]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^import\s+['"]([^'"]+)['"]/gm,
    ),
  ].map((match) => match[1] ?? match[2] ?? match[3] ?? '');
};

/** Where an import lands: `functions/domain`, `local`, `infra`, `package` (a dependency), `node`. */
const layerOf = (file: string, specifier: string): string => {
  if (specifier.startsWith('node:')) return 'node';
  const aliases: Record<string, string> = {
    '#domain/': 'functions/domain',
    '#use-cases/': 'functions/use-cases',
    '#handlers/': 'functions/handlers',
    '#adapters/': 'functions/adapters',
    '#shared/': 'functions/shared',
    '#local/': 'local',
    '#tests/': 'tests',
  };
  for (const [alias, layer] of Object.entries(aliases)) if (specifier.startsWith(alias)) return layer;
  if (specifier.startsWith('.')) {
    const target = relative(ROOT, join(ROOT, file, '..', specifier));
    const [top, second] = target.split('/');
    return top === 'functions' ? `functions/${second}` : (top ?? '');
  }
  return 'package';
};

const AWS_SDK = /^@aws-sdk\/|^@aws-lambda-powertools\/|^@middy\//;

/** What each folder may import, besides itself. */
const RULES: { folder: string; may: string[]; sdk: boolean }[] = [
  { folder: 'functions/domain', may: [], sdk: false },
  { folder: 'functions/use-cases', may: ['functions/domain', 'node'], sdk: false },
  { folder: 'functions/adapters', may: ['functions/domain', 'node', 'package'], sdk: true },
  { folder: 'functions/shared', may: ['functions/domain', 'node', 'package'], sdk: true },
  {
    folder: 'functions/handlers',
    may: [
      'functions/domain',
      'functions/use-cases',
      'functions/adapters',
      'functions/shared',
      'node',
      'package',
    ],
    sdk: true,
  },
  {
    folder: 'local',
    may: [
      'functions/domain',
      'functions/use-cases',
      'functions/adapters',
      'functions/shared',
      'functions/handlers',
      'workflows',
      'web',
      'node',
      'package',
    ],
    sdk: true,
  },
];

describe('the arrows of the house', () => {
  for (const rule of RULES) {
    it(`${rule.folder} imports only ${[rule.folder, ...rule.may].join(', ')}${rule.sdk ? '' : ', and no SDK'}`, () => {
      const crossing = sources(rule.folder).flatMap((file) =>
        importsOf(file)
          .filter((specifier) => {
            const layer = layerOf(file, specifier);
            if (layer === rule.folder || rule.may.includes(layer))
              return !rule.sdk && AWS_SDK.test(specifier);
            return true;
          })
          .map((specifier) => `${file} → ${specifier}`),
      );
      expect(crossing).toEqual([]);
    });
  }

  it('reads the imports it judges (a file of every folder imports something)', () => {
    for (const rule of RULES) {
      expect(
        sources(rule.folder).some((file) => importsOf(file).length > 0),
        rule.folder,
      ).toBe(true);
    }
  });
});
