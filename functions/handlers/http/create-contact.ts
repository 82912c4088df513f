/** POST /directory/contacts — adds a contact (admin); 201 with the contact and its id. */
import { loadDepartment } from '#adapters/etalab-geography';
import { mobileParserFor } from '#adapters/libphonenumber-mobile-parser';
import { httpHandler } from '#shared/http/edge';
import { once } from '#shared/once';
import { routes } from '#shared/routes';
import { type ContactWriteDeps, createContact } from '#use-cases/create-contact';
import { awsRoot, systemClock } from '../aws-root.ts';

export const createCreateContactHandler = (deps: () => ContactWriteDeps) =>
  httpHandler(routes.createContact, async ({ body, caller }) => ({
    statusCode: 201,
    body: await createContact(body, caller, deps()),
  }));

export const handler = createCreateContactHandler(
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
