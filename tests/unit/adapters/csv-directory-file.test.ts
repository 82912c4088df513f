/** A prefecture's spreadsheet exports as Excel writes them in French, and what the import reads of them. */
import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeDirectoryFile, readDirectoryFile } from '#adapters/csv-directory-file';
import { ValidationError } from '#domain/errors';

const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../../events/directory/${name}`, import.meta.url)));
const utf8 = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));

/** The messages of the ValidationError `read` throws, each naming the body. */
const refusal = (read: () => unknown): string[] => {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    const issues = (error as ValidationError).issues;
    expect(issues.every((issue) => issue.field === 'body')).toBe(true);
    return issues.map((issue) => issue.message);
  }
  throw new Error('Expected a refusal');
};

describe('readDirectoryFile', () => {
  it('reads a UTF-8 export with a BOM, `;` and CRLF, numbering rows as the spreadsheet does', () => {
    const file = readDirectoryFile(fixture('press-utf8-bom.csv'));

    expect(file).toMatchObject({ encoding: 'UTF-8', delimiter: ';', ignoredColumns: [] });
    expect(file.columns).toEqual(['name', 'function', 'phone', 'email', 'active']);
    expect(file.rows.map((row) => row.row)).toEqual([2, 3, 4]);
    expect(file.rows[0]?.values).toEqual({
      name: 'Rédaction du quotidien régional (démo)',
      function: 'Rédaction',
      phone: '06 39 98 20 00',
      email: 'presse-1@example.org',
      active: 'oui',
    });
    // The BOM is not part of the first header.
    expect(file.columns[0]).toBe('name');
  });

  it('reads a Windows-1252 export: accents, the typographic apostrophe, œ and the middle dot come out right', () => {
    const file = readDirectoryFile(fixture('officials-windows-1252.csv'));

    expect(file).toMatchObject({ encoding: 'Windows-1252', delimiter: ';' });
    expect(file.rows.map((row) => row.values.name)).toEqual([
      'Maire d’Annecy',
      'Maire de Thonon-les-Bains',
      'Première adjointe de Bonneville',
      'Maire d’Évian-les-Bains',
      'Maire d’Annecy',
      'Cœur de Cluses, maire délégué',
    ]);
    expect(file.rows[2]?.values.function).toBe('Maire adjoint·e');
  });

  it('reads English headers and `,`, quoted cells holding commas, skips a blank row but keeps the numbers', () => {
    const file = readDirectoryFile(fixture('officials-english.csv'));

    expect(file).toMatchObject({ encoding: 'UTF-8', delimiter: ',', ignoredColumns: ['Comment'] });
    expect(file.columns).toEqual(['name', 'function', 'communes', 'phone', 'email', 'active']);
    expect(file.rows.map((row) => [row.row, row.values.name])).toEqual([
      [2, 'Deputy (demo), 1st constituency'],
      [3, 'Maire de Cluses'],
      [5, 'Maire de Chamonix-Mont-Blanc'],
    ]);
    expect(file.rows[0]?.values.communes).toBe('74010, 74011');
  });

  it('takes the delimiter from Excel’s `sep=` line, and the header after it as row 1', () => {
    const file = readDirectoryFile(utf8('sep=,\nnom,fonction,courriel\nRédaction,Rédaction,r@example.org\n'));

    expect(file.delimiter).toBe(',');
    expect(file.rows).toEqual([
      { row: 2, values: { name: 'Rédaction', function: 'Rédaction', email: 'r@example.org' } },
    ]);
  });

  it('numbers a row after a cell on two lines as the spreadsheet shows it', () => {
    const file = readDirectoryFile(
      utf8(
        'nom;fonction;courriel\n"Rédaction\n(nuit)";Rédaction;a@example.org\nRadio;Rédaction;b@example.org\n',
      ),
    );

    expect(file.rows.map((row) => [row.row, row.values.name])).toEqual([
      [2, 'Rédaction\n(nuit)'],
      [3, 'Radio'],
    ]);
  });

  it.each([
    ['an empty file', '', /Fichier vide/],
    [
      'no name column',
      'fonction;portable\nMaire;0639980000\n',
      /Colonne « nom » absente.*En-têtes lus : « fonction », « portable »/,
    ],
    ['neither number nor address', 'nom;fonction\nA;Maire\n', /« portable » ou « courriel »/],
    [
      'a column given twice',
      'nom;fonction;mobile;portable\nA;Maire;1;2\n',
      /« mobile » et « portable » désignent la même/,
    ],
    ['a header and no row', 'nom;fonction;courriel\n\n', /Aucune ligne de contact/],
    [
      'a quote never closed',
      'nom;fonction;courriel\n"Rédaction;Rédaction;a@example.org\n',
      /illisible.*guillemet/,
    ],
  ])('refuses %s, naming the body', (_name, text, message) => {
    expect(refusal(() => readDirectoryFile(utf8(text)))).toEqual([expect.stringMatching(message)]);
  });

  it('refuses a UTF-16 file with the way to save it as UTF-8', () => {
    const bytes = new Uint8Array(
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('nom;fonction', 'utf16le')]),
    );

    expect(refusal(() => readDirectoryFile(bytes))).toEqual([expect.stringMatching(/CSV UTF-8/)]);
  });
});

describe('decodeDirectoryFile', () => {
  it('decodes every byte of Windows-1252 as iconv-lite does', () => {
    const everyByte = new Uint8Array(Array.from({ length: 256 }, (_, byte) => byte));

    const { text, encoding } = decodeDirectoryFile(everyByte);

    expect(encoding).toBe('Windows-1252');
    expect(text).toBe(iconv.decode(Buffer.from(everyByte), 'windows-1252'));
  });

  it('reads valid UTF-8 as UTF-8, even when it would also be valid Windows-1252', () => {
    expect(decodeDirectoryFile(utf8('Évian’s œuvre'))).toEqual({ text: 'Évian’s œuvre', encoding: 'UTF-8' });
  });
});
