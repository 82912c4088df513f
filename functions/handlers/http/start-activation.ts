/** POST /activations — the duty officer activates; answers 202 once the activation is stored and started. */

import type { Department } from '#domain/geography';
import type { ActivationStore, Clock, WorkflowEngine } from '#domain/ports';
import { httpHandler } from '#shared/http';
import { routes } from '#shared/routes';
import { startActivation } from '#use-cases/start-activation';
import { awsRoot, systemClock } from '../aws-root.ts';

export interface StartActivationDeps {
  store: ActivationStore;
  engine: WorkflowEngine;
  /** Real time: T0 is judged against it. */
  clock: Clock;
  department: Department;
}

export const createStartActivationHandler = (deps: () => StartActivationDeps) =>
  httpHandler(routes.startActivation, async ({ body, idempotencyKey, caller }) => ({
    statusCode: 202,
    body: await startActivation(body, { idempotencyKey, actor: caller.id }, deps()),
  }));

export const handler = createStartActivationHandler(() => ({
  store: awsRoot.store(),
  engine: awsRoot.engine(),
  clock: systemClock,
  department: awsRoot.department(),
}));
