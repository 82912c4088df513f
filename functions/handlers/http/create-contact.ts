/** POST /directory/contacts — adds a contact (admin); 201 with the contact and its id. */
import { httpHandler } from '#shared/http/edge';
import * as routes from '#shared/routes';
import { type ContactWriteDeps, createContact } from '#use-cases/create-contact';
import { awsDirectoryWrites } from '../aws-directory.ts';

export const createCreateContactHandler = (deps: () => ContactWriteDeps) =>
  httpHandler(routes.createContact, async ({ body, caller }) => ({
    statusCode: 201,
    body: await createContact(body, caller, deps()),
  }));

export const handler = createCreateContactHandler(awsDirectoryWrites);
