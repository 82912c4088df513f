/**
 * A prefecture's contact list as its spreadsheet exports it, read with csv-parse: UTF-8 with or without BOM, or
 * Windows-1252 (what Excel in French still writes) when the bytes are not valid UTF-8; `;` or `,` between
 * cells (Excel's `sep=;` first line is understood); a header row whose French or English names say which
 * column is which. Each data row keeps its number as the spreadsheet shows it (the header is row 1).
 */
import { CsvError, parse } from 'csv-parse/sync';
import {
  COLUMN_HEADERS,
  columnOf,
  type DirectoryFile,
  type ImportColumn,
  type ImportRow,
} from '#domain/directory-import';
import { type FieldIssue, ValidationError } from '#domain/errors';

/**
 * Windows-1252's bytes 0x80 to 0x9F (the rest is Latin-1): `€`, `’`, `œ`, `…` live here. The five bytes it leaves
 * unassigned become U+FFFD, as iconv-lite decodes them (a test compares every byte with iconv-lite). Neither
 * iconv-lite itself (495 kB in a bundle, 57 kB for its single-byte tables alone) nor Node's `TextDecoder`
 * (which, on Node 20, reads these 32 bytes as Latin-1 control characters) is used here.
 */
const WINDOWS_1252_80_9F = '€\uFFFD‚ƒ„…†‡ˆ‰Š‹Œ\uFFFDŽ\uFFFD\uFFFD‘’“”•–—˜™š›œ\uFFFDžŸ';

const refused = (...messages: string[]) =>
  new ValidationError(messages.map((message): FieldIssue => ({ field: 'body', message })));

/** The text of the file: UTF-8 when the bytes are valid UTF-8 (a BOM is dropped), Windows-1252 otherwise. */
export const decodeDirectoryFile = (
  bytes: Uint8Array,
): { text: string; encoding: DirectoryFile['encoding'] } => {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw refused('Fichier en UTF-16 : l’enregistrer au format « CSV UTF-8 (délimité par des virgules) ».');
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'UTF-8' };
  } catch {
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
      .toString('latin1')
      .replace(/[\x80-\x9f]/g, (character) => WINDOWS_1252_80_9F[character.charCodeAt(0) - 0x80] ?? '\uFFFD');
    return { text, encoding: 'Windows-1252' };
  }
};

/** Counts a character in a line, outside double quotes. */
const countOutsideQuotes = (line: string, character: string) => {
  let count = 0;
  let quoted = false;
  for (const current of line) {
    if (current === '"') quoted = !quoted;
    else if (current === character && !quoted) count += 1;
  }
  return count;
};

/** The delimiter Excel's `sep=` line names, or the one the header row uses most (`;` when tied). */
const delimiterOf = (text: string): { delimiter: DirectoryFile['delimiter']; body: string } => {
  const firstLine = /^[^\r\n]*/.exec(text)?.[0] ?? '';
  const hint = /^"?sep=([;,])"?$/i.exec(firstLine.trim());
  if (hint)
    return { delimiter: hint[1] as ';' | ',', body: text.slice(firstLine.length).replace(/^\r?\n/, '') };
  const semicolons = countOutsideQuotes(firstLine, ';');
  return {
    delimiter: semicolons > 0 && semicolons >= countOutsideQuotes(firstLine, ',') ? ';' : ',',
    body: text,
  };
};

const CSV_REASONS: Partial<Record<string, string>> = {
  CSV_QUOTE_NOT_CLOSED: 'un guillemet ouvert n’est jamais fermé',
  CSV_INVALID_CLOSING_QUOTE: 'un guillemet fermant est suivi d’autre chose qu’un séparateur',
  INVALID_OPENING_QUOTE: 'un guillemet apparaît au milieu d’une cellule',
  CSV_RECORD_INCONSISTENT_FIELDS_LENGTH: 'le nombre de cellules varie',
};

/** The header's French names, for the messages. */
const HEADER_NAMES: Record<ImportColumn, string> = Object.fromEntries(
  (Object.entries(COLUMN_HEADERS) as [ImportColumn, readonly string[]][]).map(([column, names]) => [
    column,
    names[0] ?? column,
  ]),
) as Record<ImportColumn, string>;

/**
 * Reads the file: its encoding, delimiter, columns and data rows (blank rows are skipped, their numbers kept).
 * @throws ValidationError naming `body` for a file that cannot be read as a contact list: not CSV, no header,
 * a required column missing (`nom`, `fonction`, and `portable` or `courriel`), a column given twice, or no row.
 */
export const readDirectoryFile = (bytes: Uint8Array): DirectoryFile => {
  const { text, encoding } = decodeDirectoryFile(bytes);
  const { delimiter, body } = delimiterOf(text);
  let records: string[][];
  try {
    records = parse(body, { delimiter, relax_column_count: true, skip_empty_lines: false, trim: true });
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = typeof error['lines'] === 'number' ? ` près de la ligne ${error['lines']}` : '';
    throw new ValidationError(
      [
        {
          field: 'body',
          message: `Fichier CSV illisible${line} : ${CSV_REASONS[error.code] ?? 'format invalide'}.`,
        },
      ],
      { cause: error },
    );
  }
  const [header = [], ...data] = records;
  if (header.every((cell) => cell === '')) {
    throw refused(
      'Fichier vide : une ligne d’en-tête est attendue (nom, fonction, code INSEE, portable, courriel, actif).',
    );
  }
  const columns: (ImportColumn | undefined)[] = header.map(columnOf);
  const issues: string[] = [];
  const ignoredColumns = header.filter((name, index) => name !== '' && columns[index] === undefined);
  for (const column of new Set(columns)) {
    if (!column) continue;
    const named = header.filter((_, index) => columns[index] === column);
    if (named.length > 1)
      issues.push(
        `Les colonnes ${named.map((name) => `« ${name} »`).join(' et ')} désignent la même donnée : en garder une.`,
      );
  }
  for (const required of ['name', 'function'] as const) {
    if (!columns.includes(required)) issues.push(`Colonne « ${HEADER_NAMES[required]} » absente.`);
  }
  if (!columns.includes('phone') && !columns.includes('email')) {
    issues.push('Colonne « portable » ou « courriel » attendue.');
  }
  const rows: ImportRow[] = data
    .map((cells, index) => ({
      row: index + 2,
      values: Object.fromEntries(
        columns.flatMap((column, position) => (column ? [[column, cells[position] ?? '']] : [])),
      ) as ImportRow['values'],
      blank: cells.every((cell) => cell === ''),
    }))
    .filter((row) => !row.blank)
    .map(({ row, values }) => ({ row, values }));
  if (issues.length === 0 && rows.length === 0)
    issues.push('Aucune ligne de contact après la ligne d’en-tête.');
  if (issues.length > 0) {
    const read = header.filter((name) => name !== '').map((name) => `« ${name} »`);
    throw refused(...issues.map((issue) => `${issue} En-têtes lus : ${read.join(', ')}.`));
  }
  return {
    columns: [...new Set(columns.filter((column): column is ImportColumn => column !== undefined))],
    ignoredColumns,
    rows,
    encoding,
    delimiter,
  };
};
