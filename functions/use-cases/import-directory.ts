/**
 * Import a prefecture's contact list for one audience: the file becomes the audience's list. Input: the
 * audience, whether it is a dry run, the file's bytes and the caller. Output: what each row does (or would do)
 * and which contacts the file no longer lists. Main course: the file is read, each row checked and matched
 * against the audience's contacts (by name and communes); a dry run stops there. A real import applies every
 * row or none: when any row is rejected nothing is written, and the answer names the rows. Otherwise each
 * contact is written with its audit event, the contacts absent from the file are deactivated, and a
 * `directory.imported` event, written last, records the counts (an import that stopped midway has none).
 */
import { randomUUID } from 'node:crypto';
import type { DirectoryCaller, MobileParser } from '#domain/contacts';
import type { DirectoryAudience } from '#domain/directory';
import { type DirectoryFile, type ImportPlan, planImport } from '#domain/directory-import';
import { ValidationError } from '#domain/errors';
import type { Department } from '#domain/geography';
import type { Ports } from '#domain/ports';

export interface ImportDirectoryRequest {
  audience: DirectoryAudience;
  dryRun: boolean;
  /** The file as it was sent: CSV, UTF-8 or Windows-1252. */
  file: Uint8Array;
}

export type ImportDirectoryDeps = Pick<Ports, 'directory' | 'clock'> & {
  department: Department;
  parseMobile: MobileParser;
  /** Reads the file's bytes. @throws ValidationError naming `body` when it is not a contact list. */
  readFile: (bytes: Uint8Array) => DirectoryFile;
};

export interface ImportReport {
  audience: DirectoryAudience;
  dryRun: boolean;
  /** Whether the directory was changed: false for a dry run and for a file with a rejected row. */
  applied: boolean;
  /** The import's id, in the audit events it wrote (when applied). */
  importId?: string;
  file: Pick<DirectoryFile, 'encoding' | 'delimiter' | 'ignoredColumns'>;
  summary: ImportPlan['summary'];
  rows: ImportPlan['rows'];
  /** The active contacts of the audience the file does not list: deactivated by the import. */
  absent: ImportPlan['absent'];
}

export const importDirectory = async (
  request: ImportDirectoryRequest,
  caller: DirectoryCaller,
  deps: ImportDirectoryDeps,
): Promise<ImportReport> => {
  const file = deps.readFile(request.file);
  if (request.audience === 'officials' && !file.columns.includes('communes')) {
    // Officials are recognised by their communes, and a mayor must name hers.
    throw new ValidationError([
      { field: 'body', message: 'Colonne « code INSEE » (ou « commune ») attendue pour les élus.' },
    ]);
  }
  const existing = await deps.directory.list(request.audience);
  const plan = planImport({
    audience: request.audience,
    file,
    existing,
    department: deps.department,
    parseMobile: deps.parseMobile,
    newId: () => `ct-${randomUUID()}`,
  });
  const report: ImportReport = {
    audience: request.audience,
    dryRun: request.dryRun,
    applied: false,
    file: { encoding: file.encoding, delimiter: file.delimiter, ignoredColumns: file.ignoredColumns },
    summary: plan.summary,
    rows: plan.rows,
    absent: plan.absent,
  };
  if (request.dryRun || plan.summary.rejected > 0) return report;

  const importId = `imp-${randomUUID()}`;
  const at = deps.clock.now().toISOString();
  await deps.directory.putMany(
    plan.changes.map(({ contact, action, fields }) => ({
      contact,
      event: {
        id: randomUUID(),
        at,
        actor: caller.id,
        action,
        audience: request.audience,
        contactId: contact.id,
        fields,
        importId,
      },
    })),
  );
  const { created, updated, deactivated, unchanged } = plan.summary;
  await deps.directory.appendEvent({
    id: randomUUID(),
    // After the contacts' events, even on a clock that did not move: the audit lists it first.
    at: new Date(Math.max(deps.clock.now().getTime(), Date.parse(at) + 1)).toISOString(),
    actor: caller.id,
    action: 'directory.imported',
    audience: request.audience,
    importId,
    counts: { created, updated, deactivated, unchanged },
  });
  // The created rows now have their contact's id.
  const creations = plan.changes.filter((change) => change.action === 'contact.created');
  let next = 0;
  const rows = plan.rows.map((row) =>
    row.action === 'create' ? { ...row, contactId: creations[next++]?.contact.id ?? '' } : row,
  );
  return { ...report, applied: true, importId, rows };
};
