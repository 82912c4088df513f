/**
 * POST /ack/{code} — the button of a page's link (public): takes the on-call duty once, answers the workflow
 * step waiting for the cell.
 */
import { pageHandler } from '#shared/http/page';
import * as routes from '#shared/routes';
import { type AcknowledgeDeps, acknowledgeLink } from '#use-cases/acknowledge-page';
import { acknowledgedPage } from '../ack-pages.ts';
import { awsAcknowledgeDeps } from '../aws-task-answers.ts';

export const createConfirmAckHandler = (deps: () => AcknowledgeDeps) =>
  pageHandler(routes.confirmAck, async (params) =>
    acknowledgedPage(params ? await acknowledgeLink(params.code, deps()) : { status: 'unknown' }),
  );

export const handler = createConfirmAckHandler(awsAcknowledgeDeps);
