/** GET /directory/audit — the directory's changes, newest first (admin, quality). */
import type { Ports } from '#domain/ports';
import { httpHandler } from '#shared/http/edge';
import * as routes from '#shared/routes';
import { listDirectoryAudit } from '#use-cases/list-directory-audit';
import * as awsRoot from '../aws-root.ts';

export const createListDirectoryAuditHandler = (deps: () => Pick<Ports, 'directory'>) =>
  httpHandler(routes.listDirectoryAudit, async ({ query }) => {
    const { contactId, limit, cursor } = query;
    const page = await listDirectoryAudit(
      { limit, ...(contactId ? { contactId } : {}), ...(cursor ? { cursor } : {}) },
      deps(),
    );
    return { statusCode: 200, body: page };
  });

export const handler = createListDirectoryAuditHandler(() => ({ directory: awsRoot.directory() }));
