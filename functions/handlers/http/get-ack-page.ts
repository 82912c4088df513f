/** GET /ack/{code} — the page of a page's link (public): who is paged and why, with a button. Changes nothing. */
import type { Ports } from '#domain/ports';
import { pageHandler } from '#shared/http/page';
import * as routes from '#shared/routes';
import { describeLink } from '#use-cases/acknowledge-page';
import { linkPage } from '../ack-pages.ts';
import * as awsRoot from '../aws-root.ts';

export const createGetAckPageHandler = (
  deps: () => Pick<Ports, 'store' | 'timeline' | 'directory' | 'pages' | 'clockFor'>,
) =>
  pageHandler(routes.getAckPage, async (params) =>
    linkPage(params ? await describeLink(params.code, deps()) : { status: 'unknown' }),
  );

export const handler = createGetAckPageHandler(() => ({
  store: awsRoot.store(),
  timeline: awsRoot.timeline(),
  directory: awsRoot.directory(),
  pages: awsRoot.pages(),
  clockFor: awsRoot.realActivationClock,
}));
