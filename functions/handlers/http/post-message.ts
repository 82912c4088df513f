/**
 * POST /activations/{id}/messages — `comms` or the prefect sends an update to chosen audiences: 202 once the
 * message is stored (the table's stream starts its execution), 200 for a replay of the same Idempotency-Key.
 */
import type { Ports } from '#domain/ports';
import { httpHandler } from '#shared/http/edge';
import { once } from '#shared/once';
import { logger } from '#shared/powertools';
import * as routes from '#shared/routes';
import { postMessage } from '#use-cases/post-message';
import * as awsRoot from '../aws-root.ts';

export type PostMessageDeps = Pick<Ports, 'store' | 'timeline' | 'clockFor'>;

export const createPostMessageHandler = (deps: () => PostMessageDeps) =>
  httpHandler(routes.postMessage, async ({ params, body, idempotencyKey, caller }) => {
    logger.appendKeys({ activationId: params.id });
    const { created, result } = await postMessage(
      { activationId: params.id, request: body },
      { idempotencyKey, actor: caller.id },
      deps(),
    );
    return { statusCode: created ? 202 : 200, body: result };
  });

export const handler = createPostMessageHandler(
  once(() => ({
    store: awsRoot.store(),
    timeline: awsRoot.timeline(),
    clockFor: awsRoot.realActivationClock,
  })),
);
