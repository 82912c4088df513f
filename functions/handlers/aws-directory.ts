/**
 * The directory part of the composition root: what the administrator's directory functions (create, update,
 * import) need, built once per execution environment. Only those functions bundle the phone-number parser.
 */
import { loadDepartment } from '#adapters/etalab-geography';
import { mobileParserFor } from '#adapters/libphonenumber-mobile-parser';
import { once } from '#shared/once';
import type { ContactWriteDeps } from '#use-cases/create-contact';
import * as awsRoot from './aws-root.ts';

export const awsDirectoryWrites = once((): ContactWriteDeps => {
  const department = loadDepartment(awsRoot.config().department);
  return {
    directory: awsRoot.directory(),
    clock: awsRoot.systemClock,
    department,
    parseMobile: mobileParserFor(department.code),
  };
});
