/**
 * A data folder belongs to one department: its directory, its activations and its verdicts are that
 * prefecture's. The runtime writes the department's code in the folder at first start and refuses to start on
 * a folder made for another one, rather than mixing directories (an activation for Grenoble would otherwise
 * reach the officials of Haute-Savoie's demo directory, and none of Isère's mayors).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Department } from '#domain/geography';
import type { DirectoryStore } from '#domain/ports';

/**
 * @throws Error (in French) when the folder was made for another department. A folder made before this guard
 * has no marker: its directory's officials tell which department it holds.
 */
export const guardDepartment = async (dataDir: string, department: Department, directory: DirectoryStore) => {
  const path = join(dataDir, 'department');
  const refuse = (other: string) =>
    new Error(
      `Le dossier de données ${dataDir} a été créé pour le département ${other} : il ne peut pas servir au ` +
        `département ${department.code}. Choisir un autre DATA_DIR, ou DEPARTMENT=${other}.`,
    );
  if (existsSync(path)) {
    const recorded = readFileSync(path, 'utf8').trim();
    if (recorded !== department.code) throw refuse(recorded);
    return;
  }
  const known = new Set(department.communes.map((commune) => commune.code));
  const foreign = (await directory.list('officials'))
    .flatMap((contact) => contact.communes ?? [])
    .find((code) => !known.has(code));
  if (foreign) throw refuse(foreign.startsWith('97') ? foreign.slice(0, 3) : foreign.slice(0, 2));
  writeFileSync(path, `${department.code}\n`, { flag: 'wx' });
};
