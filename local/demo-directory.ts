/**
 * The demo directory created at first start: the mayor of every commune of the department, a few other
 * officials, press desks, public-line operators and the cabinet; and the people on call of the two cells with
 * their rosters (written apart, see `provideDemoRosters`). Every number is in the range ARCEP reserves for
 * fiction (+33 6 39 98 xx xx) and every address is under example.org: no message can reach a person.
 */
import { randomUUID } from 'node:crypto';
import { PREFECTURE_TIME_ZONE } from '#domain/activation';
import type { Contact, ContactFunction } from '#domain/directory';
import type { Department } from '#domain/geography';
import type { DirectoryStore } from '#domain/ports';
import { CELLS, changedRosterFields, emptyRoster, type Roster } from '#domain/rosters';

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

/**
 * The people on call (audience `onCall`): four communication officers and four CIP operators, department-wide.
 * They are paged through the rosters only, never sent an audience's message.
 */
export const demoOnCall = (): Contact[] => {
  const people = (prefix: string, base: number, label: string, role: ContactFunction): Contact[] =>
    [1, 2, 3, 4].map((n) => ({
      id: `${prefix}-${n}`,
      audience: 'onCall',
      function: role,
      name: `${label} ${n} (démo)`,
      organisation: 'Préfecture (démo)',
      phone: fictionMobile(base + n - 1),
      email: `${prefix}-${n}@example.org`,
      active: true,
    }));
  return [
    ...people('astreinte-com', 5_000, 'Chargé·e de communication', 'communication-officer'),
    ...people('astreinte-cip', 5_100, 'Opérateur·rice de la CIP', 'cip-operator'),
  ];
};

/**
 * A full week for both cells, on the prefecture's wall clock: every minute has someone on duty, the changes
 * of time included (a shift keeps its wall-clock hours), and everyone of the cell is a backup.
 * - Communication: weekdays 08:00–19:00 (officers 1 and 2), weeknights from Monday to Thursday (3, then 1),
 *   the weekend from Friday 19:00 to Monday 08:00 (4, then 3 at night; 4, then 2 by day).
 * - CIP: every day 07:00–19:00 (operators 1 and 2) and 19:00–07:00 (3 and 4): two at a time, the quorum.
 */
export const demoRosters = (): Roster[] => {
  const com = (n: number) => `astreinte-com-${n}`;
  const cip = (n: number) => `astreinte-cip-${n}`;
  return [
    {
      cell: 'communication',
      timeZone: PREFECTURE_TIME_ZONE,
      shifts: [
        { days: [1, 2, 3, 4, 5], start: '08:00', end: '19:00', contactIds: [com(1), com(2)] },
        { days: [1, 2, 3, 4], start: '19:00', end: '08:00', contactIds: [com(3), com(1)] },
        { days: [5, 6, 7], start: '19:00', end: '08:00', contactIds: [com(4), com(3)] },
        { days: [6, 7], start: '08:00', end: '19:00', contactIds: [com(4), com(2)] },
      ],
      overrides: [],
      backup: [com(1), com(2), com(3), com(4)],
    },
    {
      cell: 'cip',
      timeZone: PREFECTURE_TIME_ZONE,
      shifts: [
        { days: [1, 2, 3, 4, 5, 6, 7], start: '07:00', end: '19:00', contactIds: [cip(1), cip(2)] },
        { days: [1, 2, 3, 4, 5, 6, 7], start: '19:00', end: '07:00', contactIds: [cip(3), cip(4)] },
      ],
      overrides: [],
      backup: [cip(1), cip(2), cip(3), cip(4)],
    },
  ];
};

/**
 * Writes the demo rosters when neither cell has a roster: at first start, and on a data folder made before
 * the rosters existed. The on-call contacts they name are written first, those the directory lacks only (a
 * contact already there, changed or withdrawn by an administrator, is left as it is). Once a roster of either
 * cell exists, the rosters are the administrator's: nothing is written, even if one cell has none. Each roster
 * written is a `roster.updated` event by `system`. Answers whether it wrote them.
 */
export const provideDemoRosters = async (directory: DirectoryStore, now: Date): Promise<boolean> => {
  const existing = await Promise.all(CELLS.map((cell) => directory.getRoster(cell)));
  if (existing.some((roster) => roster !== undefined)) return false;
  const present = await Promise.all(demoOnCall().map((contact) => directory.get(contact.id)));
  await directory.putAll(demoOnCall().filter((_, index) => present[index] === undefined));
  const at = now.toISOString();
  for (const roster of demoRosters()) {
    await directory.putRoster(
      { ...roster, updatedAt: at, updatedBy: 'system' },
      {
        id: randomUUID(),
        at,
        actor: 'system',
        action: 'roster.updated',
        audience: 'onCall',
        cell: roster.cell,
        fields: changedRosterFields(emptyRoster(roster.cell), roster),
      },
    );
  }
  return true;
};
