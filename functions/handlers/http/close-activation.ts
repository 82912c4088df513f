/**
 * POST /activations/{id}/close — the prefect ends the alert: 200 with the end as recorded (the first one when
 * it already was). Pages still waiting are answered (`states:SendTaskFailure`); the fin d'alerte is a
 * follow-up message that the table's stream starts sending.
 */
import { httpHandler } from '#shared/http/edge';
import { logger } from '#shared/powertools';
import * as routes from '#shared/routes';
import { type CloseDeps, closeActivation } from '#use-cases/close-activation';
import * as awsRoot from '../aws-root.ts';
import { awsTaskAnswers } from '../aws-task-answers.ts';

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

export const handler = createCloseActivationHandler(() => ({
  store: awsRoot.store(),
  timeline: awsRoot.timeline(),
  pages: awsRoot.pages(),
  engine: awsTaskAnswers(),
  clockFor: awsRoot.realActivationClock,
}));
