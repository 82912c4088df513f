/** GET /directory/contacts — a page of the directory, filtered; numbers and addresses masked but for admin. */
import type { Ports } from '#domain/ports';
import { httpHandler } from '#shared/http/edge';
import * as routes from '#shared/routes';
import { listContacts } from '#use-cases/list-contacts';
import * as awsRoot from '../aws-root.ts';

export const createListContactsHandler = (deps: () => Pick<Ports, 'directory'>) =>
  httpHandler(routes.listContacts, async ({ query, caller }) => {
    const { audience, commune, text, active, limit, cursor } = query;
    const page = await listContacts(
      {
        limit,
        ...(audience ? { audience } : {}),
        ...(commune ? { commune } : {}),
        ...(text ? { text } : {}),
        ...(active !== undefined ? { active } : {}),
        ...(cursor ? { cursor } : {}),
      },
      caller,
      deps(),
    );
    return { statusCode: 200, body: page };
  });

export const handler = createListContactsHandler(() => ({ directory: awsRoot.directory() }));
