/**
 * Keeping the contact directory: what makes a contact valid, how a contact is shown to those who may not see
 * its coordinates, what changed between two versions, and the audit events that record each change. Pure.
 */
import {
  CONTACT_FUNCTIONS,
  type Contact,
  type ContactFunction,
  type DirectoryAudience,
} from './directory.ts';
import type { FieldIssue } from './errors.ts';
import type { Department } from './geography.ts';
import type { Cell, RosterField } from './rosters.ts';

/** The audiences of the directory, in the order the directory lists them. */
export const DIRECTORY_AUDIENCES = [
  'officials',
  'press',
  'publicLine',
  'cabinet',
  'onCall',
] as const satisfies readonly DirectoryAudience[];

/** The functions that stand for one commune: they must name it. */
const COMMUNE_FUNCTIONS: readonly ContactFunction[] = ['mayor', 'deputy-mayor'];

/**
 * Reads a mobile number as a person types it (`06 39 98 12 34`, `+33639981234`) and answers it in E.164, or
 * undefined when it is not a mobile number the system can text. Given by an adapter (libphonenumber-js).
 */
export type MobileParser = (text: string) => string | undefined;

// ---------------------------------------------------------------------------------------------------------
// Who sees what

/** Who reads or changes the directory: the caller's id (the token's subject) and roles. */
export interface DirectoryCaller {
  id: string;
  roles: readonly string[];
}

/** The role that keeps the directory, and the only one that reads numbers and addresses in full. */
export const DIRECTORY_KEEPER = 'admin';

/** The known calling codes of the French numbering plans, longest first (metropolitan France and overseas). */
const FRENCH_CALLING_CODES = ['262', '508', '590', '594', '596', '681', '687', '689', '33'];

/** Bullets for the hidden digits, grouped by two from the right as a French number is written. */
const bullets = (count: number) => {
  const groups: string[] = [];
  for (let left = count; left > 0; left -= 2) groups.unshift('•'.repeat(Math.min(2, left)));
  return groups.join(' ');
};

/**
 * An E.164 number with only its calling code, the first digit and the last two left: `+33 6 •• •• •• 12`. Enough
 * to recognise a line, not to call it.
 */
export const maskPhone = (phone: string): string => {
  const digits = phone.replace(/\D/g, '');
  if (!phone.startsWith('+') || digits.length < 6)
    return `${'•'.repeat(Math.max(digits.length - 2, 4))}${digits.slice(-2)}`;
  const code = FRENCH_CALLING_CODES.find((known) => digits.startsWith(known)) ?? digits.slice(0, 2);
  const national = digits.slice(code.length);
  return `+${code} ${national.slice(0, 1)} ${bullets(national.length - 3)} ${national.slice(-2)}`;
};

/** An address with only the first character of its local part and its domain left: `é•••@example.org`. */
export const maskEmail = (email: string): string => {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '•••';
  const [first = ''] = [...email.slice(0, at)];
  return `${first}•••${email.slice(at)}`;
};

/** The contact with its number and address masked. */
export const maskContact = (contact: Contact): Contact => ({
  ...contact,
  ...(contact.phone !== undefined ? { phone: maskPhone(contact.phone) } : {}),
  ...(contact.email !== undefined ? { email: maskEmail(contact.email) } : {}),
});

/** Whether a caller with these roles reads numbers and addresses in full: the directory's keeper only. */
export const seesCoordinates = (roles: readonly string[]): boolean => roles.includes(DIRECTORY_KEEPER);

/** The contact as a caller with these roles may read it: in full for the keeper, masked for everyone else. */
export const contactFor = (roles: readonly string[], contact: Contact): Contact =>
  seesCoordinates(roles) ? contact : maskContact(contact);

// ---------------------------------------------------------------------------------------------------------
// What changed

/** The fields of a contact an audit event may name, in the order it names them. */
export const CONTACT_FIELDS = [
  'audience',
  'function',
  'name',
  'organisation',
  'communes',
  'phone',
  'email',
  'active',
] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];

const comparable = (contact: Contact, field: ContactField): string => {
  switch (field) {
    case 'communes':
      return [...(contact.communes ?? [])].sort().join(' ');
    case 'active':
      return String(contact.active !== false);
    default:
      return contact[field] ?? '';
  }
};

/** The names of the fields that differ between two versions of a contact (never their values). */
export const changedFields = (before: Contact, after: Contact): ContactField[] =>
  CONTACT_FIELDS.filter((field) => comparable(before, field) !== comparable(after, field));

/** The fields a new contact holds, as its creation records them. */
export const filledFields = (contact: Contact): ContactField[] =>
  CONTACT_FIELDS.filter((field) => field === 'active' || comparable(contact, field) !== '');

// ---------------------------------------------------------------------------------------------------------
// Audit

export const DIRECTORY_EVENT_ACTIONS = [
  'contact.created',
  'contact.updated',
  'contact.deactivated',
  /** A file was imported for an audience: written after every contact it changed, so its absence says an import stopped midway. */
  'directory.imported',
  /** A cell's roster was replaced (audience `onCall`, with its `cell`). */
  'roster.updated',
] as const;
export type DirectoryEventAction = (typeof DIRECTORY_EVENT_ACTIONS)[number];

/**
 * One change of the directory: who, when, what. It names fields, never their values: no number or address
 * is ever written in the audit.
 */
export interface DirectoryEvent {
  id: string;
  at: string;
  /** The caller's id (the token's subject). */
  actor: string;
  action: DirectoryEventAction;
  audience: DirectoryAudience;
  contactId?: string;
  /** For `roster.updated`: the cell whose roster changed. */
  cell?: Cell;
  /** The fields that changed (all the fields filled, for a creation; the parts of a roster, for a roster). */
  fields?: (ContactField | RosterField)[];
  /** The import that made the change, when a file did. */
  importId?: string;
  /** For `directory.imported`: how many contacts the file created, updated and deactivated, and left as they were. */
  counts?: { created: number; updated: number; deactivated: number; unchanged: number };
}

// ---------------------------------------------------------------------------------------------------------
// Searching

/** Lower case, without accents, with one kind of apostrophe and single spaces: how names are compared. */
export const fold = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[’‘`´]/g, "'")
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();

export interface ContactFilter {
  audience?: DirectoryAudience;
  /** INSEE code: the contacts that list this commune (department-wide contacts list none). */
  commune?: string;
  /** Words to find in the name, organisation, function or id; never in numbers or addresses. */
  text?: string;
  active?: boolean;
}

/** Whether a contact passes the filter. Text is searched in what anyone may read, never in the coordinates. */
export const contactMatches = (contact: Contact, filter: ContactFilter): boolean => {
  if (filter.audience !== undefined && contact.audience !== filter.audience) return false;
  if (filter.active !== undefined && (contact.active !== false) !== filter.active) return false;
  if (filter.commune !== undefined && !(contact.communes ?? []).includes(filter.commune)) return false;
  if (filter.text !== undefined) {
    const haystack = fold(
      [
        contact.name,
        contact.organisation ?? '',
        contact.function ? CONTACT_FUNCTIONS[contact.function] : '',
        contact.id,
      ].join(' '),
    );
    return fold(filter.text)
      .split(' ')
      .every((word) => haystack.includes(word));
  }
  return true;
};

// ---------------------------------------------------------------------------------------------------------
// Validation

/** Why a contact's value is refused: the import's reasons and the API's field issues share them. */
export const REJECTION_CODES = [
  'missing-field',
  'unknown-function',
  'unknown-commune',
  'other-department',
  'invalid-phone',
  'invalid-email',
  'invalid-active',
  'invalid-text',
  'duplicate',
] as const;
export type RejectionCode = (typeof REJECTION_CODES)[number];

export interface ContactIssue extends FieldIssue {
  code: RejectionCode;
}

/** A practical address check: one `@`, no space, a domain with a dot; at most 254 characters. */
const EMAIL = /^[^\s@"<>(),;:\\[\]]+@[^\s@"<>(),;:\\[\]]+\.[^\s@"<>(),;:\\[\].]{2,}$/u;

/** The address, trimmed and with its domain in lower case, or undefined when it is not one. */
export const normalizeEmail = (text: string): string | undefined => {
  const email = text.trim();
  if (email.length > 254 || !EMAIL.test(email)) return undefined;
  const at = email.lastIndexOf('@');
  return `${email.slice(0, at)}${email.slice(at).toLowerCase()}`;
};

/** The ARCEP fiction range for mobiles (+33 6 39 98 xx xx): valid for the demo, assigned to nobody. */
const FICTION_MOBILE = /^\+3363998\d{4}$/;

/**
 * The mobile number in E.164, or undefined when it is not one: the parser's answer, or a number of the range
 * ARCEP reserves for fiction, which the numbering plan (and so libphonenumber) leaves unassigned.
 */
export const normalizeMobile = (text: string, parseMobile: MobileParser): string | undefined => {
  const parsed = parseMobile(text);
  if (parsed) return parsed;
  const digits = text.replace(/[\s.\-()]/g, '');
  const international = digits.replace(/^00/, '+').replace(/^0(?=\d{9}$)/, '+33');
  return FICTION_MOBILE.test(international) ? international : undefined;
};

/**
 * The current communes of the department named by `codes`, or the issue of each that is not one: a code of
 * another department, a former commune (pointed to the current one), an unknown code.
 */
export const checkCommunes = (
  codes: readonly string[],
  department: Department,
  field: (index: number) => string,
): { communes: string[]; issues: ContactIssue[] } => {
  const known = new Map(department.communes.map((commune) => [commune.code, commune]));
  const issues: ContactIssue[] = [];
  codes.forEach((code, index) => {
    if (known.has(code)) return;
    const current = department.formerCommunes.get(code);
    const otherDepartment = !code.startsWith(department.code) && !current;
    issues.push({
      field: field(index),
      code: otherDepartment ? 'other-department' : 'unknown-commune',
      message: otherDepartment
        ? `${code} est une commune d’un autre département que le ${department.code}.`
        : current
          ? `${code} est une commune déléguée ou associée : indiquer la commune actuelle ${current} (${known.get(current)?.name ?? current}).`
          : `${code} n’est pas une commune actuelle du département ${department.code}.`,
    });
  });
  return { communes: [...new Set(codes)].sort(), issues };
};

/** What a person gives for a contact (the API's body, a row of a file), before it is checked. */
export interface ContactFields {
  audience: DirectoryAudience;
  function: ContactFunction;
  name: string;
  organisation?: string | undefined;
  communes?: string[] | undefined;
  phone?: string | undefined;
  email?: string | undefined;
  active?: boolean | undefined;
}

/**
 * Checks and normalises a contact's fields: the communes belong to the department, a mayor or deputy mayor
 * names their commune, the number is a mobile (stored in E.164), the address is one, and the contact can be
 * reached by one or the other. Answers the contact's fields, or every issue at once.
 */
export const checkContactFields = (
  fields: ContactFields,
  context: { department: Department; parseMobile: MobileParser },
): { value: Omit<Contact, 'id'> } | { issues: ContactIssue[] } => {
  const issues: ContactIssue[] = [];
  const { communes, issues: communeIssues } = checkCommunes(
    fields.communes ?? [],
    context.department,
    (index) => `communes[${index}]`,
  );
  issues.push(...communeIssues);
  if (COMMUNE_FUNCTIONS.includes(fields.function) && communes.length === 0) {
    issues.push({
      field: 'communes',
      code: 'missing-field',
      message: `Indiquer la commune (code INSEE) de ce contact : ${CONTACT_FUNCTIONS[fields.function].toLowerCase()}.`,
    });
  }
  const phone = fields.phone === undefined ? undefined : normalizeMobile(fields.phone, context.parseMobile);
  if (fields.phone !== undefined && !phone) {
    issues.push({
      field: 'phone',
      code: 'invalid-phone',
      message:
        'Numéro de mobile invalide : un portable français est attendu (ex. 06 39 98 12 34 ou +33 6 39 98 12 34).',
    });
  }
  const email = fields.email === undefined ? undefined : normalizeEmail(fields.email);
  if (fields.email !== undefined && !email) {
    issues.push({
      field: 'email',
      code: 'invalid-email',
      message: 'Adresse électronique invalide (ex. prenom.nom@example.org).',
    });
  }
  if (fields.phone === undefined && fields.email === undefined) {
    issues.push({
      field: 'phone',
      code: 'missing-field',
      message: 'Indiquer au moins un numéro de mobile ou une adresse électronique.',
    });
  }
  if (issues.length > 0) return { issues };
  return {
    value: {
      audience: fields.audience,
      function: fields.function,
      name: fields.name,
      ...(fields.organisation ? { organisation: fields.organisation } : {}),
      ...(communes.length > 0 ? { communes } : {}),
      ...(phone ? { phone } : {}),
      ...(email ? { email } : {}),
      active: fields.active ?? true,
    },
  };
};
