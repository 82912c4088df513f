/**
 * The demo directory created at first start: the mayor of every commune of the department, a few other
 * officials, press desks, public-line operators and the cabinet. Every number is in the range ARCEP reserves
 * for fiction (+33 6 39 98 xx xx) and every address is under example.org: no message can reach a person.
 */
import type { Contact, ContactFunction } from '#domain/directory';
import type { Department } from '#domain/geography';

/** The n-th fiction mobile number: +33 6 39 98 00 00 to +33 6 39 98 99 99. */
export const fictionMobile = (n: number) => {
  if (n < 0 || n > 9_999) throw new RangeError(`Fiction numbers go from 0 to 9999, not ${n}`);
  return `+3363998${String(n).padStart(4, '0')}`;
};

const elide = (name: string) => (/^[AEIOUYÉÈÊH]/i.test(name) ? `d’${name}` : `de ${name}`);

export const demoDirectory = (department: Department): Contact[] => {
  const mayors: Contact[] = department.communes.map((commune, index) => ({
    id: `maire-${commune.code}`,
    audience: 'officials',
    function: 'mayor',
    name: `Maire ${elide(commune.name)}`,
    organisation: `Mairie ${elide(commune.name)}`,
    phone: fictionMobile(index),
    email: `maire-${commune.code}@example.org`,
    communes: [commune.code],
  }));
  const deputies: Contact[] = department.arrondissements.map((arrondissement, index) => ({
    id: `parlementaire-${arrondissement.code}`,
    audience: 'officials',
    function: 'parliamentarian',
    name: `Député·e (démo) de l’arrondissement ${elide(arrondissement.name)}`,
    phone: fictionMobile(1_000 + index),
    email: `parlementaire-${arrondissement.code}@example.org`,
    communes: department.communes
      .filter((commune) => commune.arrondissement === arrondissement.code)
      .map((c) => c.code),
  }));
  const departmentWide = (
    audience: Contact['audience'],
    prefix: string,
    base: number,
    names: string[],
    role: ContactFunction,
  ): Contact[] =>
    names.map((name, index) => ({
      id: `${prefix}-${index + 1}`,
      audience,
      function: role,
      name,
      phone: fictionMobile(base + index),
      email: `${prefix}-${index + 1}@example.org`,
    }));
  return [
    ...mayors,
    ...deputies,
    // The president of the departmental council, then two senators (parliamentarians): department-wide.
    ...departmentWide(
      'officials',
      'elu-departemental',
      1_100,
      ['Président·e du conseil départemental (démo)', 'Sénateur·rice (démo) 1', 'Sénateur·rice (démo) 2'],
      'departmental-councillor',
    ).map((contact, index): Contact => (index === 0 ? contact : { ...contact, function: 'parliamentarian' })),
    ...departmentWide(
      'press',
      'presse',
      2_000,
      [
        'Rédaction du quotidien régional (démo)',
        'Radio locale, rédaction (démo)',
        'Télévision régionale, rédaction (démo)',
        'Agence de presse, bureau régional (démo)',
      ],
      'press-desk',
    ),
    ...departmentWide(
      'publicLine',
      'ligne-public',
      3_000,
      [
        'Ligne d’information du public, opérateur 1 (démo)',
        'Ligne d’information du public, opérateur 2 (démo)',
        'Site internet et réseaux sociaux de la préfecture (démo)',
      ],
      'public-line-operator',
    ),
    ...departmentWide(
      'cabinet',
      'cabinet',
      4_000,
      ['Cadre de permanence (démo)', 'Directeur·rice de cabinet (démo)'],
      'prefecture-staff',
    ),
  ];
};
