/** The contact directory: who receives what. Pure. */
import { AUDIENCE_LABELS, type Audience } from './activation.ts';

/**
 * Audiences of the directory: the three M7-2 audiences, the cabinet that the timer warns, and the people on
 * call (`onCall`: communication officers and CIP operators), who are paged through the rosters only and never
 * sent an audience's message.
 */
export type DirectoryAudience = Audience | 'cabinet' | 'onCall';

/** What staff read for each audience of the directory. */
export const DIRECTORY_AUDIENCE_LABELS: Record<DirectoryAudience, string> = {
  ...AUDIENCE_LABELS,
  cabinet: 'Cabinet',
  onCall: 'Astreintes',
};

/** What a contact does, with the French label staff read. */
export const CONTACT_FUNCTIONS = {
  mayor: 'Maire',
  'deputy-mayor': 'Maire adjoint·e',
  parliamentarian: 'Parlementaire',
  'departmental-councillor': 'Conseiller·ère départemental·e',
  'prefecture-staff': 'Agent·e de la préfecture',
  'press-desk': 'Rédaction',
  'public-line-operator': 'Opérateur·rice de la ligne d’information',
  'communication-officer': 'Chargé·e de communication',
  'cip-operator': 'Opérateur·rice de la CIP',
} as const;
export type ContactFunction = keyof typeof CONTACT_FUNCTIONS;

/** The officials who speak for their commune: M7-2 asks that one of them be reached in every affected commune. */
const COMMUNE_OFFICIALS: readonly ContactFunction[] = ['mayor', 'deputy-mayor'];

export interface Contact {
  id: string;
  audience: DirectoryAudience;
  /** What the contact does; absent on contacts made before it was recorded (counted as commune officials). */
  function?: ContactFunction;
  /** As the recipient is addressed, in French (`Maire d’Annecy`). */
  name: string;
  organisation?: string;
  /** E.164 mobile number. */
  phone?: string;
  email?: string;
  /** For officials: the communes they represent. Absent: the whole department (senators, prefecture staff). */
  communes?: string[];
  /** False for a contact withdrawn from the lists (kept for the history of past activations). @default true */
  active?: boolean;
}

/**
 * The active contacts of an audience concerned by the affected communes: an official whose communes are
 * all outside the area is left out; everyone else of the audience is concerned.
 */
export const recipientsFor = (
  contacts: readonly Contact[],
  affectedCommunes: readonly string[],
): Contact[] => {
  const affected = new Set(affectedCommunes);
  return contacts.filter(
    (contact) =>
      contact.active !== false && (!contact.communes || contact.communes.some((code) => affected.has(code))),
  );
};

/** For officials: how many affected communes have an official who can be reached, and which have none. */
export interface CommuneCoverage {
  expected: number;
  reached: number;
  /** INSEE codes of the affected communes with no official to reach (nobody, or nobody with a number or address). */
  unreached: string[];
}

/**
 * Which affected communes have at least one of their own officials (mayor, deputy mayor) among the recipients
 * with a mobile number or an e-mail. A parliamentarian or a department-wide contact covers none: M7-2 asks that
 * each commune's officials be informed.
 */
export const communeCoverage = (
  recipients: readonly Contact[],
  affected: readonly string[],
): CommuneCoverage => {
  const covered = new Set(
    recipients
      .filter(
        (contact) =>
          (contact.phone || contact.email) &&
          (!contact.function || COMMUNE_OFFICIALS.includes(contact.function)),
      )
      .flatMap((contact) => contact.communes ?? []),
  );
  const unreached = affected.filter((code) => !covered.has(code));
  return { expected: affected.length, reached: affected.length - unreached.length, unreached };
};

/** A number SNS can send to: E.164 (the directory stores numbers normalised). */
const E164 = /^\+[1-9]\d{7,14}$/;

/** Whether the directory can reach each commune and each audience before any crisis. */
export interface Readiness {
  communes: { code: string; name: string; reachable: boolean; officials: number }[];
  reachable: number;
  total: number;
  /** The communes nobody can reach: no active official of theirs with both a valid mobile and an e-mail. */
  unreachable: { code: string; name: string }[];
  audiences: Record<DirectoryAudience, { active: number; withMobile: number; withEmail: number }>;
  /** The figure for the wall: `279 communes sur 279 joignables`. */
  summary: string;
}

/**
 * Readiness of the directory for a department: per commune, whether at least one active official of its own
 * (mayor, deputy mayor) has a valid mobile number and an e-mail; per audience, the active contacts and how
 * many can get an SMS and an e-mail.
 */
export const directoryReadiness = (
  communes: readonly { code: string; name: string }[],
  contacts: readonly Contact[],
): Readiness => {
  const active = contacts.filter((contact) => contact.active !== false);
  const reachableBy = new Map<string, number>();
  for (const contact of active) {
    const own =
      contact.audience === 'officials' && (!contact.function || COMMUNE_OFFICIALS.includes(contact.function));
    if (!own || !contact.email || !E164.test(contact.phone ?? '')) continue;
    for (const code of contact.communes ?? []) reachableBy.set(code, (reachableBy.get(code) ?? 0) + 1);
  }
  const perCommune = communes.map(({ code, name }) => ({
    code,
    name,
    reachable: reachableBy.has(code),
    officials: reachableBy.get(code) ?? 0,
  }));
  const unreachable = perCommune
    .filter((commune) => !commune.reachable)
    .map(({ code, name }) => ({ code, name }));
  const audience = (name: DirectoryAudience) => {
    const members = active.filter((contact) => contact.audience === name);
    return {
      active: members.length,
      withMobile: members.filter((contact) => E164.test(contact.phone ?? '')).length,
      withEmail: members.filter((contact) => contact.email).length,
    };
  };
  const reachable = communes.length - unreachable.length;
  return {
    communes: perCommune,
    reachable,
    total: communes.length,
    unreachable,
    audiences: {
      officials: audience('officials'),
      press: audience('press'),
      publicLine: audience('publicLine'),
      cabinet: audience('cabinet'),
      onCall: audience('onCall'),
    },
    summary: `${reachable} commune${reachable > 1 ? 's' : ''} sur ${communes.length} joignable${reachable > 1 ? 's' : ''}`,
  };
};
