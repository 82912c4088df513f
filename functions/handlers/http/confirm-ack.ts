/**
 * POST /ack/{code} — the button of a page's link (public): takes the on-call duty once, answers the workflow
 * step waiting for the cell.
 */
import { SFNClient } from '@aws-sdk/client-sfn';
import { sfnTaskAnswers } from '#adapters/sfn-workflow-engine';
import { pageHandler } from '#shared/http/page';
import { once } from '#shared/once';
import { routes } from '#shared/routes';
import { type AcknowledgeDeps, acknowledgeLink } from '#use-cases/acknowledge-page';
import { acknowledgedPage } from '../ack-pages.ts';
import { awsRoot, realActivationClock } from '../aws-root.ts';

export const createConfirmAckHandler = (deps: () => AcknowledgeDeps) =>
  pageHandler(routes.confirmAck, async (params) =>
    acknowledgedPage(params ? await acknowledgeLink(params.code, deps()) : { status: 'unknown' }),
  );

const answers = once(() => sfnTaskAnswers(new SFNClient({})));

export const handler = createConfirmAckHandler(() => ({
  store: awsRoot.store(),
  timeline: awsRoot.timeline(),
  directory: awsRoot.directory(),
  pages: awsRoot.pages(),
  engine: answers(),
  clockFor: realActivationClock,
}));
