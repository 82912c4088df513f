import { describe, expect, it } from 'vitest';
import { loadDepartment } from '#adapters/etalab-geography';
import { mobileParserFor } from '#adapters/libphonenumber-mobile-parser';
import type { Contact } from '#domain/directory';
import { columnOf, functionNamed, planImport } from '#domain/directory-import';

describe('columnOf', () => {
  it.each([
    ['Nom', 'name'],
    ['FONCTION', 'function'],
    ['Code INSEE', 'communes'],
    ['code_insee', 'communes'],
    ['Commune', 'communes'],
    ['Portable', 'phone'],
    ['Mobile', 'phone'],
    ['Téléphone portable', 'phone'],
    ['Courriel', 'email'],
    ['E-mail', 'email'],
    ['Adresse électronique', 'email'],
    ['Actif', 'active'],
    ['Organisme', 'organisation'],
  ])('reads the header %s as %s', (header, column) => {
    expect(columnOf(header)).toBe(column);
  });

  it('names no column for another header', () => {
    expect(columnOf('Commentaire')).toBeUndefined();
  });
});

describe('functionNamed', () => {
  it.each([
    ['Maire', 'mayor'],
    ['maire adjoint·e', 'deputy-mayor'],
    ['Maire adjointe', 'deputy-mayor'],
    ['Adjoint au maire', 'deputy-mayor'],
    ['Sénatrice', 'parliamentarian'],
    ['Conseiller·ère départemental·e', 'departmental-councillor'],
    ['Rédaction', 'press-desk'],
    ['press-desk', 'press-desk'],
    ['Opérateur·rice de la ligne d’information', 'public-line-operator'],
    ['Opératrice de la CIP', 'cip-operator'],
    ['Opératrice de la ligne d’information', 'public-line-operator'],
    ['Pompier', undefined],
    ['Opérateur de la CIP', 'cip-operator'],
  ])('reads %s as %s', (cell, key) => {
    expect(functionNamed(cell)).toBe(key);
  });
});

describe('planImport', () => {
  const department = loadDepartment('74');
  const desk: Contact = {
    id: 'presse-1',
    audience: 'press',
    function: 'press-desk',
    name: 'Rédaction (démo)',
    organisation: 'Le Quotidien',
    phone: '+33639982000',
    email: 'presse-1@example.org',
  };
  const plan = (
    existing: Contact[],
    values: Record<string, string>[],
    columns = Object.keys(values[0] ?? {}),
  ) =>
    planImport({
      audience: 'press',
      file: {
        columns: columns as never,
        rows: values.map((row, index) => ({ row: index + 2, values: row })),
      },
      existing,
      department,
      parseMobile: mobileParserFor('74'),
      newId: () => 'ct-new',
    });

  it('leaves a field whose column the file does not have as it is', () => {
    const result = plan(
      [desk],
      [{ name: 'Rédaction (démo)', function: 'Rédaction', phone: '06 39 98 20 00' }],
    );

    expect(result.rows).toEqual([
      { row: 2, action: 'unchanged', name: 'Rédaction (démo)', contactId: 'presse-1' },
    ]);
    expect(result.changes).toEqual([]);
  });

  it('does not deactivate again a contact already inactive and absent from the file', () => {
    const result = plan(
      [{ ...desk, active: false }],
      [{ name: 'Radio (démo)', function: 'Rédaction', email: 'radio@example.org' }],
    );

    expect(result.absent).toEqual([]);
    expect(result.summary).toMatchObject({ created: 1, deactivated: 0 });
  });

  it('rejects a name holding an invisible character, as the API does', () => {
    const result = plan(
      [],
      [{ name: 'Rédaction\u202E (démo)', function: 'Rédaction', phone: '06 39 98 20 00' }],
    );

    expect(result.rows[0]).toMatchObject({
      action: 'reject',
      reasons: [{ field: 'name', code: 'invalid-text' }],
    });
  });

  it('reactivates an inactive contact the file lists as active', () => {
    const result = plan(
      [{ ...desk, active: false }],
      [{ name: 'rédaction (DÉMO)', function: 'Rédaction', phone: '06 39 98 20 00' }],
    );

    expect(result.rows[0]).toMatchObject({ action: 'update', fields: ['name', 'active'] });
  });
});
