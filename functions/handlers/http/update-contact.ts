/** PUT /directory/contacts/{id} — replaces a contact (admin): the body is the whole contact. */
import { loadDepartment } from '#adapters/etalab-geography';
import { mobileParserFor } from '#adapters/libphonenumber-mobile-parser';
import { httpHandler } from '#shared/http/edge';
import { once } from '#shared/once';
import { routes } from '#shared/routes';
import type { ContactWriteDeps } from '#use-cases/create-contact';
import { updateContact } from '#use-cases/update-contact';
import { awsRoot, systemClock } from '../aws-root.ts';

export const createUpdateContactHandler = (deps: () => ContactWriteDeps) =>
  httpHandler(routes.updateContact, async ({ params, body, caller }) => ({
    statusCode: 200,
    body: await updateContact(params.id, body, caller, deps()),
  }));

export const handler = createUpdateContactHandler(
  once(() => {
    const department = loadDepartment(awsRoot.config().department);
    return {
      directory: awsRoot.directory(),
      clock: systemClock,
      department,
      parseMobile: mobileParserFor(department.code),
    };
  }),
);
