/**
 * Read the directory's readiness: can every commune of the department, and every audience, be reached now?
 * Input: the department. Output: per commune and per audience, and the summary for the wall.
 */
import { DIRECTORY_AUDIENCES } from '#domain/contacts';
import { directoryReadiness, type Readiness } from '#domain/directory';
import type { Department } from '#domain/geography';
import type { Ports } from '#domain/ports';

export const getReadiness = async (
  deps: Pick<Ports, 'directory'> & { department: Department },
): Promise<Readiness & { department: string }> => {
  const contacts = (
    await Promise.all(DIRECTORY_AUDIENCES.map((audience) => deps.directory.list(audience)))
  ).flat();
  return { department: deps.department.code, ...directoryReadiness(deps.department.communes, contacts) };
};
