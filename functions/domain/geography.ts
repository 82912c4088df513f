/** The configured department's geography and the resolution of an area into communes. Pure. */
import type { Area } from './activation.ts';
import { type FieldIssue, ValidationError } from './errors.ts';

export interface Commune {
  code: string;
  name: string;
  arrondissement: string;
}

export interface Department {
  code: string;
  communes: Commune[];
  arrondissements: { code: string; name: string }[];
  /** Former communes (déléguées, associées) mapped to the current commune they belong to. */
  formerCommunes: Map<string, string>;
}

/**
 * Resolves an area into the sorted INSEE codes of the current communes it covers.
 * @throws ValidationError naming each code (`area.communes[2]`) that is not in the department.
 */
export const resolveArea = (area: Area, department: Department): string[] => {
  const communesByCode = new Map(department.communes.map((commune) => [commune.code, commune]));
  const issues: FieldIssue[] = [];
  let codes: string[];
  if ('department' in area) {
    codes = department.communes.map((commune) => commune.code);
  } else if ('communes' in area) {
    area.communes.forEach((code, index) => {
      if (communesByCode.has(code)) return;
      const current = department.formerCommunes.get(code);
      issues.push({
        field: `area.communes[${index}]`,
        message: current
          ? `${code} est une commune déléguée ou associée : indiquer la commune actuelle ${current} (${communesByCode.get(current)?.name ?? current}).`
          : `${code} n’est pas une commune actuelle du département ${department.code}.`,
      });
    });
    codes = area.communes;
  } else {
    const known = new Set(department.arrondissements.map((arrondissement) => arrondissement.code));
    area.arrondissements.forEach((code, index) => {
      if (!known.has(code)) {
        issues.push({
          field: `area.arrondissements[${index}]`,
          message: `${code} n’est pas un arrondissement du département ${department.code} (${[...known].join(', ')}).`,
        });
      }
    });
    const chosen = new Set(area.arrondissements);
    codes = department.communes
      .filter((commune) => chosen.has(commune.arrondissement))
      .map((commune) => commune.code);
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return [...new Set(codes)].sort();
};
