/**
 * POST /directory/imports?audience=…&dryRun=… — imports an audience's list from a CSV file (admin): 200 with
 * what each row does (or would do); 422 with the same answer when a row is rejected and nothing was changed.
 */
import { readDirectoryFile } from '#adapters/csv-directory-file';
import { httpHandler } from '#shared/http/edge';
import { logger } from '#shared/powertools';
import * as routes from '#shared/routes';
import { type ImportDirectoryDeps, importDirectory } from '#use-cases/import-directory';
import { awsDirectoryWrites } from '../aws-directory.ts';

export const createImportDirectoryHandler = (deps: () => ImportDirectoryDeps) =>
  httpHandler(routes.importDirectory, async ({ query, body, caller }) => {
    const report = await importDirectory({ ...query, file: body }, caller, deps());
    const rejected = report.rows.filter((row) => row.action === 'reject');
    // Row numbers, actions and reason codes only: never a cell of the file.
    logger.info('Directory import', {
      audience: report.audience,
      dryRun: report.dryRun,
      applied: report.applied,
      ...(report.importId ? { importId: report.importId } : {}),
      summary: report.summary,
      rejectedRows: rejected.map((row) => ({
        row: row.row,
        reasons: row.reasons?.map((reason) => reason.code),
      })),
    });
    if (report.dryRun || report.applied) return { statusCode: 200, body: report };
    const numbers = rejected.map((row) => row.row);
    return {
      statusCode: 422,
      body: {
        error: {
          code: 'import_rejected',
          message: `Import refusé : ${numbers.length > 1 ? `les lignes ${numbers.join(', ')} sont rejetées` : `la ligne ${numbers[0]} est rejetée`}. Rien n’a été modifié ; corriger le fichier et l’envoyer de nouveau.`,
        },
        ...report,
      },
    };
  });

export const handler = createImportDirectoryHandler(() => ({
  ...awsDirectoryWrites(),
  readFile: readDirectoryFile,
}));
