/**
 * The INSEE geography records that `@etalab/decoupage-administratif` ships, read from its files when asked and
 * parsed natively (~100 ms; the national array is garbage once the department is kept). The Lambda bundler
 * replaces this module by one holding the configured department's records only (infra/bundle.ts).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const { resolve } = createRequire(import.meta.url);

const read = (name: 'communes' | 'arrondissements'): unknown =>
  JSON.parse(readFileSync(resolve(`@etalab/decoupage-administratif/data/${name}.json`), 'utf8'));

export const readCommunes = () => read('communes');
export const readArrondissements = () => read('arrondissements');
