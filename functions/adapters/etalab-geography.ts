/**
 * The configured department's communes and arrondissements, from the INSEE geography that
 * `@etalab/decoupage-administratif` ships (through `etalab-geography-source.ts`, which the bundler narrows to the
 * department).
 */
import type { Department } from '#domain/geography';
import { readArrondissements, readCommunes } from './etalab-geography-source.ts';

interface CommuneRecord {
  code: string;
  nom: string;
  type: string;
  departement?: string;
  arrondissement?: string;
  chefLieu?: string;
}

const cache = new Map<string, Department>();

/** @throws Error when the code names no department with communes. */
export const loadDepartment = (code: string): Department => {
  const known = cache.get(code);
  if (known) return known;
  const records = (readCommunes() as CommuneRecord[]).filter((record) => record.departement === code);
  const current = records.filter((record) => record.type === 'commune-actuelle');
  if (current.length === 0) throw new Error(`Unknown department ${code}: no commune in the INSEE geography`);
  const department: Department = {
    code,
    communes: current.map((record) => ({
      code: record.code,
      name: record.nom,
      arrondissement: record.arrondissement ?? '',
    })),
    arrondissements: (readArrondissements() as { code: string; nom: string; departement: string }[])
      .filter((arrondissement) => arrondissement.departement === code)
      .map((arrondissement) => ({ code: arrondissement.code, name: arrondissement.nom })),
    formerCommunes: new Map(
      records.flatMap((record) =>
        record.type !== 'commune-actuelle' && record.chefLieu
          ? [[record.code, record.chefLieu] as const]
          : [],
      ),
    ),
  };
  cache.set(code, department);
  return department;
};
