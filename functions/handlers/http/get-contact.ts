/** GET /directory/contacts/{id} — one contact; number and address masked but for admin. */
import type { Ports } from '#domain/ports';
import { httpHandler } from '#shared/http/edge';
import * as routes from '#shared/routes';
import { getContact } from '#use-cases/get-contact';
import * as awsRoot from '../aws-root.ts';

export const createGetContactHandler = (deps: () => Pick<Ports, 'directory'>) =>
  httpHandler(routes.getContact, async ({ params, caller }) => ({
    statusCode: 200,
    body: await getContact(params.id, caller, deps()),
  }));

export const handler = createGetContactHandler(() => ({ directory: awsRoot.directory() }));
