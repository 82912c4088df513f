/**
 * GET /activations/{id}/recipients — who was sent what, by audience and by name, from the per-recipient
 * ledger (so it works on AWS, where there is no outbox); numbers and addresses masked unless admin.
 */
import type { Ports } from '#domain/ports';
import { httpHandler } from '#shared/http/edge';
import * as routes from '#shared/routes';
import { listRecipients } from '#use-cases/list-recipients';
import * as awsRoot from '../aws-root.ts';

export const createListRecipientsHandler = (
  deps: () => Pick<Ports, 'store' | 'ledger' | 'directory' | 'timeline'>,
) =>
  httpHandler(routes.listRecipients, async ({ params, caller }) => ({
    statusCode: 200,
    body: await listRecipients(params.id, { roles: caller.roles }, deps()),
  }));

export const handler = createListRecipientsHandler(() => ({
  store: awsRoot.store(),
  ledger: awsRoot.ledger(),
  directory: awsRoot.directory(),
  timeline: awsRoot.timeline(),
}));
