/** DELETE /directory/contacts/{id} — withdraws a contact from the lists (admin); it stays, inactive. */
import type { Ports } from '#domain/ports';
import { httpHandler } from '#shared/http/edge';
import * as routes from '#shared/routes';
import { deactivateContact } from '#use-cases/deactivate-contact';
import * as awsRoot from '../aws-root.ts';

export const createDeactivateContactHandler = (deps: () => Pick<Ports, 'directory' | 'clock'>) =>
  httpHandler(routes.deactivateContact, async ({ params, caller }) => ({
    statusCode: 200,
    body: await deactivateContact(params.id, caller, deps()),
  }));

export const handler = createDeactivateContactHandler(() => ({
  directory: awsRoot.directory(),
  clock: awsRoot.systemClock,
}));
