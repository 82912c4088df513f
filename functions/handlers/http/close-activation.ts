/**
 * POST /activations/{id}/close — the prefect ends the alert: 200 with the end as recorded (the first one when
 * it already was). Pages still waiting are answered (`states:SendTaskFailure`); the fin d'alerte is a
 * follow-up message that the table's stream starts sending.
 */
import { SFNClient } from '@aws-sdk/client-sfn';
import { sfnTaskAnswers } from '#adapters/sfn-workflow-engine';
import { httpHandler } from '#shared/http/edge';
import { once } from '#shared/once';
import { logger } from '#shared/powertools';
import { routes } from '#shared/routes';
import { type CloseDeps, closeActivation } from '#use-cases/close-activation';
import { awsRoot, realActivationClock } from '../aws-root.ts';

export const createCloseActivationHandler = (deps: () => CloseDeps) =>
  httpHandler(routes.closeActivation, async ({ params, body, caller }) => {
    logger.appendKeys({ activationId: params.id });
    const { closure } = await closeActivation(
      { activationId: params.id, message: body.message },
      { actor: caller.id },
      deps(),
    );
    return { statusCode: 200, body: closure };
  });

const answers = once(() => sfnTaskAnswers(new SFNClient({})));

export const handler = createCloseActivationHandler(() => ({
  store: awsRoot.store(),
  timeline: awsRoot.timeline(),
  pages: awsRoot.pages(),
  engine: answers(),
  clockFor: realActivationClock,
}));
