import { describe, expect, it } from 'vitest';
import { loadDepartment } from '#adapters/etalab-geography';
import { ValidationError } from '#domain/errors';
import { resolveArea } from '#domain/geography';

const hauteSavoie = loadDepartment('74');

const issuesOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error.issues;
    throw error;
  }
  throw new Error('expected a ValidationError');
};

describe('the department from the INSEE geography', () => {
  it('has the 279 communes and 4 arrondissements of Haute-Savoie', () => {
    expect(hauteSavoie.communes).toHaveLength(279);
    expect(hauteSavoie.arrondissements.map((a) => a.code)).toEqual(['741', '742', '743', '744']);
    expect(hauteSavoie.communes.find((c) => c.code === '74010')?.name).toBe('Annecy');
  });

  it('refuses a department code with no commune', () => {
    expect(() => loadDepartment('00')).toThrow(/Unknown department 00/);
  });
});

describe('resolveArea', () => {
  it('keeps the listed communes, sorted and without duplicates', () => {
    expect(resolveArea({ communes: ['74281', '74010', '74010'] }, hauteSavoie)).toEqual(['74010', '74281']);
  });

  it('expands arrondissements into their communes', () => {
    const communes = resolveArea({ arrondissements: ['744'] }, hauteSavoie);
    expect(communes).toContain('74281');
    expect(communes).not.toContain('74010');
  });

  it('expands the whole department', () => {
    expect(resolveArea({ department: true }, hauteSavoie)).toHaveLength(279);
  });

  it('names each commune outside the department by its position', () => {
    expect(issuesOf(() => resolveArea({ communes: ['74010', '38185', '74999'] }, hauteSavoie))).toEqual([
      { field: 'area.communes[1]', message: expect.stringContaining('38185') },
      { field: 'area.communes[2]', message: expect.stringContaining('74999') },
    ]);
  });

  it('points a former commune to the current one it belongs to', () => {
    expect(issuesOf(() => resolveArea({ communes: ['74011'] }, hauteSavoie))).toEqual([
      { field: 'area.communes[0]', message: expect.stringContaining('74010 (Annecy)') },
    ]);
  });

  it('names an arrondissement of another department', () => {
    expect(issuesOf(() => resolveArea({ arrondissements: ['381'] }, hauteSavoie))).toEqual([
      { field: 'area.arrondissements[0]', message: expect.stringContaining('381') },
    ]);
  });
});
