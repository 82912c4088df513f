/** PUT /directory/contacts/{id} — replaces a contact (admin): the body is the whole contact. */
import { httpHandler } from '#shared/http/edge';
import * as routes from '#shared/routes';
import type { ContactWriteDeps } from '#use-cases/create-contact';
import { updateContact } from '#use-cases/update-contact';
import { awsDirectoryWrites } from '../aws-directory.ts';

export const createUpdateContactHandler = (deps: () => ContactWriteDeps) =>
  httpHandler(routes.updateContact, async ({ params, body, caller }) => ({
    statusCode: 200,
    body: await updateContact(params.id, body, caller, deps()),
  }));

export const handler = createUpdateContactHandler(awsDirectoryWrites);
