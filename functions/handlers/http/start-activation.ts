/**
 * POST /activations — the duty officer activates; answers 202 once the activation is stored. The table's
 * stream then starts its workflow (functions/handlers/streams/start-workflow.ts).
 */

import { loadDepartment } from '#adapters/etalab-geography';
import type { Department } from '#domain/geography';
import type { Ports } from '#domain/ports';
import { httpHandler } from '#shared/http/edge';
import { once } from '#shared/once';
import { logger } from '#shared/powertools';
import * as routes from '#shared/routes';
import { startActivation } from '#use-cases/start-activation';
import * as awsRoot from '../aws-root.ts';

/** `clock` is real time: T0 is judged against it. */
export type StartActivationDeps = Pick<Ports, 'store' | 'clock'> & { department: Department };

export const createStartActivationHandler = (deps: () => StartActivationDeps) =>
  httpHandler(routes.startActivation, async ({ body, idempotencyKey, caller }) => {
    const result = await startActivation(body, { idempotencyKey, actor: caller.id }, deps());
    logger.appendKeys({ activationId: result.id });
    logger.info('Activation accepted', { mode: body.mode, communes: result.communes, actor: caller.id });
    return { statusCode: 202, body: result };
  });

export const handler = createStartActivationHandler(
  once(() => ({
    store: awsRoot.store(),
    clock: awsRoot.systemClock,
    department: loadDepartment(awsRoot.config().department),
  })),
);
