/**
 * Importing a prefecture's contact list for one audience: which column is which, what each row of the file
 * would do to the directory (create, update, leave, deactivate, or be rejected, and why), and the contacts
 * of the audience that the file no longer lists. Pure: the file is read by an adapter, the store written by
 * the use case.
 */
import {
  type ContactField,
  type ContactIssue,
  changedFields,
  checkCommunes,
  checkContactFields,
  filledFields,
  fold,
  type MobileParser,
} from './contacts.ts';
import {
  CONTACT_FUNCTIONS,
  type Contact,
  type ContactFunction,
  type DirectoryAudience,
} from './directory.ts';
import type { Department } from './geography.ts';

/** The columns an import reads. */
export const IMPORT_COLUMNS = [
  'name',
  'function',
  'communes',
  'phone',
  'email',
  'active',
  'organisation',
] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];

/** The headers each column answers to, folded (`fold`): the French ones first, then their English twins. */
export const COLUMN_HEADERS: Record<ImportColumn, readonly string[]> = {
  name: ['nom', 'name'],
  function: ['fonction', 'function'],
  communes: ['code insee', 'insee', 'commune', 'communes', 'code commune', 'insee code', 'municipality'],
  phone: ['portable', 'mobile', 'telephone portable', 'tel portable', 'mobile phone', 'phone'],
  email: ['courriel', 'e-mail', 'email', 'mail', 'adresse electronique', 'adresse mail'],
  active: ['actif', 'active'],
  organisation: ['organisme', 'organisation', 'organization'],
};

/** The column a header names, whatever its case, accents and spacing (`Code INSEE`, `E-mail`), if any. */
export const columnOf = (header: string): ImportColumn | undefined => {
  const folded = fold(header).replace(/[_.]/g, ' ').replace(/\s+/g, ' ');
  return IMPORT_COLUMNS.find((column) => COLUMN_HEADERS[column].includes(folded));
};

/** One data row of a file: its number as the spreadsheet shows it (the header is row 1) and its cells. */
export interface ImportRow {
  row: number;
  values: Partial<Record<ImportColumn, string>>;
}

export interface DirectoryFile {
  /** The columns the header names. */
  columns: ImportColumn[];
  /** Headers that name no column: their cells are not read. */
  ignoredColumns: string[];
  rows: ImportRow[];
  encoding: 'UTF-8' | 'Windows-1252';
  delimiter: ';' | ',';
}

export type RowAction = 'create' | 'update' | 'unchanged' | 'deactivate' | 'reject';

export interface RowOutcome {
  row: number;
  action: RowAction;
  name?: string;
  /** The contact the row updates, leaves or deactivates (a created contact has its id once applied). */
  contactId?: string;
  /** For `update` and `deactivate`: the fields the row changes. */
  fields?: ContactField[];
  /** For `reject`: every reason, each naming its column. */
  reasons?: ContactIssue[];
}

/** A contact the import writes, with what it does to it. */
export interface ImportChange {
  contact: Contact;
  action: 'contact.created' | 'contact.updated' | 'contact.deactivated';
  fields: ContactField[];
}

export interface ImportPlan {
  rows: RowOutcome[];
  /** The active contacts of the audience that no row names: the import deactivates them. */
  absent: { contactId: string; name: string }[];
  changes: ImportChange[];
  summary: {
    rows: number;
    created: number;
    updated: number;
    unchanged: number;
    deactivated: number;
    rejected: number;
  };
}

/** Function names as a spreadsheet may write them (folded), besides the keys and the French labels. */
const FUNCTION_SYNONYMS: Record<string, ContactFunction> = {
  maire: 'mayor',
  'maire adjoint': 'deputy-mayor',
  'maire adjointe': 'deputy-mayor',
  'adjoint au maire': 'deputy-mayor',
  'adjointe au maire': 'deputy-mayor',
  adjoint: 'deputy-mayor',
  adjointe: 'deputy-mayor',
  depute: 'parliamentarian',
  deputee: 'parliamentarian',
  senateur: 'parliamentarian',
  senatrice: 'parliamentarian',
  'conseiller departemental': 'departmental-councillor',
  'conseillere departementale': 'departmental-councillor',
  'agent de la prefecture': 'prefecture-staff',
  'agente de la prefecture': 'prefecture-staff',
  redaction: 'press-desk',
  presse: 'press-desk',
  'charge de communication': 'communication-officer',
  'chargee de communication': 'communication-officer',
  "operatrice de la ligne d'information": 'public-line-operator',
  'operatrice de la cip': 'cip-operator',
};

/** `Maire adjoint·e` → `maire adjoint`, `Opérateur·rice` → `operateur`: the masculine form of a label, folded. */
const withoutInclusiveEndings = (label: string) =>
  fold(label)
    .replace(/·\p{L}+/gu, '')
    .replace(/\(e\)|\.e\b/g, '');

const FUNCTIONS_BY_NAME = new Map<string, ContactFunction>([
  ...Object.entries(FUNCTION_SYNONYMS),
  ...(Object.keys(CONTACT_FUNCTIONS) as ContactFunction[]).flatMap((key) => [
    [key, key] as const,
    [key.replace(/-/g, ' '), key] as const,
    [withoutInclusiveEndings(CONTACT_FUNCTIONS[key]), key] as const,
  ]),
]);

/** The function a cell names (`Maire`, `maire adjoint·e`, `press-desk`, `Rédaction`), if any. */
export const functionNamed = (cell: string): ContactFunction | undefined =>
  FUNCTIONS_BY_NAME.get(withoutInclusiveEndings(cell).replace(/[’']/g, ' ').replace(/\s+/g, ' ').trim()) ??
  FUNCTIONS_BY_NAME.get(withoutInclusiveEndings(cell));

const YES = new Set(['', 'oui', 'o', 'yes', 'y', 'true', 'vrai', '1', 'x', 'actif', 'active']);
const NO = new Set(['non', 'n', 'no', 'false', 'faux', '0', 'inactif', 'inactive']);

/**
 * The communes a cell names, each an INSEE code or a commune's name (`74010`, `Annecy`), separated by spaces,
 * commas, semicolons or vertical bars (names by the last three only: a name holds spaces). A name is looked
 * up in the department; an ambiguous or unknown name is an issue.
 */
const communesOf = (cell: string, department: Department): { codes: string[]; issues: ContactIssue[] } => {
  const tokens = /^[\s\d,;|/AB]*$/i.test(cell)
    ? cell.split(/[\s,;|/]+/)
    : cell.split(/[,;|\n]+/).map((token) => token.trim());
  const codes: string[] = [];
  const issues: ContactIssue[] = [];
  for (const token of tokens.filter((value) => value !== '')) {
    if (/^(\d{5}|2[AB]\d{3})$/i.test(token)) {
      codes.push(token.toUpperCase());
      continue;
    }
    const named = department.communes.filter((commune) => fold(commune.name) === fold(token));
    if (named.length === 1 && named[0]) codes.push(named[0].code);
    else
      issues.push({
        field: 'communes',
        code: 'unknown-commune',
        message:
          named.length > 1
            ? `Plusieurs communes du département s’appellent « ${token} » : indiquer le code INSEE.`
            : `« ${token} » n’est ni un code INSEE ni le nom d’une commune du département ${department.code}.`,
      });
  }
  return { codes, issues };
};

const missing = (field: ImportColumn, header: string): ContactIssue => ({
  field,
  code: 'missing-field',
  message: `Colonne « ${header} » vide : valeur obligatoire.`,
});

/** What a row says, checked: the contact's fields, or every issue of the row. */
const readRow = (
  row: ImportRow,
  audience: DirectoryAudience,
  context: { department: Department; parseMobile: MobileParser },
): { fields: Omit<Contact, 'id'>; communesKey: string } | { issues: ContactIssue[]; communesKey: string } => {
  const issues: ContactIssue[] = [];
  const cell = (column: ImportColumn) => row.values[column]?.normalize('NFC').trim() ?? '';
  const name = cell('name');
  if (name === '') issues.push(missing('name', 'nom'));
  for (const column of ['name', 'organisation'] as const) {
    // As the API refuses them: what a person cannot see must not reach a phone.
    if (cell(column).length > 120 || /[\p{Cc}\p{Cf}\p{Cs}\u2028\u2029]/u.test(cell(column))) {
      issues.push({
        field: column,
        code: 'invalid-text',
        message: 'Au plus 120 caractères, sur une ligne, sans caractère invisible ni de contrôle.',
      });
    }
  }
  const functionCell = cell('function');
  const role = functionNamed(functionCell);
  if (functionCell === '') issues.push(missing('function', 'fonction'));
  else if (!role) {
    issues.push({
      field: 'function',
      code: 'unknown-function',
      message: `Fonction inconnue « ${functionCell} » : ${Object.values(CONTACT_FUNCTIONS).join(', ')}.`,
    });
  }
  const activeCell = fold(cell('active'));
  if (!YES.has(activeCell) && !NO.has(activeCell)) {
    issues.push({ field: 'active', code: 'invalid-active', message: 'Valeur attendue : oui ou non.' });
  }
  const named = communesOf(cell('communes'), context.department);
  issues.push(...named.issues);
  const communesKey = [...new Set(named.codes)].sort().join(' ');
  const has = (column: ImportColumn) => column in row.values && cell(column) !== '';
  const checked = checkContactFields(
    {
      audience,
      function: role ?? 'prefecture-staff',
      name,
      ...(has('organisation') ? { organisation: cell('organisation') } : {}),
      communes: named.codes,
      ...(has('phone') ? { phone: cell('phone') } : {}),
      ...(has('email') ? { email: cell('email') } : {}),
      active: !NO.has(activeCell),
    },
    context,
  );
  if ('issues' in checked) {
    // The communes' codes were checked against the department here: name them by the column.
    issues.push(
      ...checked.issues.map((issue) =>
        issue.field.startsWith('communes') ? { ...issue, field: 'communes' } : issue,
      ),
    );
  }
  if (issues.length > 0 || 'issues' in checked) return { issues, communesKey };
  return { fields: checked.value, communesKey };
};

/** A contact is recognised in a file by its name and its communes, within the audience imported. */
const identity = (name: string, communesKey: string) => `${fold(name)}|${communesKey}`;

/** The columns a file may leave out: a field whose column is absent is left as it is on an existing contact. */
const OPTIONAL_FIELDS: Partial<Record<ImportColumn, keyof Contact>> = {
  organisation: 'organisation',
  phone: 'phone',
  email: 'email',
  communes: 'communes',
};

/**
 * What importing `rows` for `audience` would do, row by row: a row that names an existing contact of the
 * audience (same name, same communes) updates it, or leaves it when nothing differs; any other row creates
 * one; a row that cannot be read is rejected with each reason; a second row for the same contact is a
 * duplicate. The active contacts of the audience that no row names are deactivated: the file is the list.
 */
export const planImport = (input: {
  audience: DirectoryAudience;
  file: Pick<DirectoryFile, 'rows' | 'columns'>;
  existing: readonly Contact[];
  department: Department;
  parseMobile: MobileParser;
  newId: () => string;
}): ImportPlan => {
  const { audience, file, department, parseMobile } = input;
  const existingByIdentity = new Map<string, Contact>();
  // An active contact is preferred when two share a name and communes (made before the import existed).
  for (const contact of [...input.existing].sort(
    (a, b) => Number(a.active === false) - Number(b.active === false),
  )) {
    const key = identity(
      contact.name,
      checkCommunes(contact.communes ?? [], department, () => '').communes.join(' '),
    );
    if (!existingByIdentity.has(key)) existingByIdentity.set(key, contact);
  }
  const seenRows = new Map<string, number>();
  const named = new Set<string>();
  const rows: RowOutcome[] = [];
  const changes: ImportChange[] = [];

  for (const row of file.rows) {
    const read = readRow(row, audience, { department, parseMobile });
    const name = row.values.name?.normalize('NFC').trim() ?? '';
    const key = identity(name, read.communesKey);
    const match = name === '' ? undefined : existingByIdentity.get(key);
    if (match) named.add(match.id);
    const earlier = name === '' ? undefined : seenRows.get(key);
    if (earlier === undefined && name !== '') seenRows.set(key, row.row);
    const issues = 'issues' in read ? [...read.issues] : [];
    if (earlier !== undefined) {
      issues.unshift({
        field: 'name',
        code: 'duplicate',
        message: `Doublon de la ligne ${earlier} : même nom et mêmes communes.`,
      });
    }
    if (issues.length > 0 || !('fields' in read)) {
      rows.push({
        row: row.row,
        action: 'reject',
        ...(name ? { name } : {}),
        ...(match ? { contactId: match.id } : {}),
        reasons: issues,
      });
      continue;
    }
    if (!match) {
      const contact: Contact = { id: input.newId(), ...read.fields };
      rows.push({ row: row.row, action: 'create', name });
      changes.push({ contact, action: 'contact.created', fields: filledFields(contact) });
      continue;
    }
    const kept = Object.fromEntries(
      Object.entries(OPTIONAL_FIELDS)
        .filter(
          ([column, field]) => !file.columns.includes(column as ImportColumn) && match[field] !== undefined,
        )
        .map(([, field]) => [field, match[field]]),
    );
    const next: Contact = { id: match.id, ...read.fields, ...kept };
    const fields = changedFields(match, next);
    if (fields.length === 0) {
      rows.push({ row: row.row, action: 'unchanged', name, contactId: match.id });
      continue;
    }
    const deactivates = match.active !== false && next.active === false;
    rows.push({
      row: row.row,
      action: deactivates ? 'deactivate' : 'update',
      name,
      contactId: match.id,
      fields,
    });
    changes.push({ contact: next, action: deactivates ? 'contact.deactivated' : 'contact.updated', fields });
  }

  const absent = input.existing
    .filter((contact) => contact.active !== false && !named.has(contact.id))
    .sort((a, b) => a.name.localeCompare(b.name, 'fr'))
    .map((contact) => ({ contactId: contact.id, name: contact.name }));
  for (const { contactId } of absent) {
    const contact = input.existing.find((candidate) => candidate.id === contactId) as Contact;
    changes.push({
      contact: { ...contact, active: false },
      action: 'contact.deactivated',
      fields: ['active'],
    });
  }
  const count = (action: RowAction) => rows.filter((outcome) => outcome.action === action).length;
  return {
    rows,
    absent,
    changes,
    summary: {
      rows: rows.length,
      created: count('create'),
      updated: count('update'),
      unchanged: count('unchanged'),
      deactivated: count('deactivate') + absent.length,
      rejected: count('reject'),
    },
  };
};
