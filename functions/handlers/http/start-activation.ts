/** POST /activations — the duty officer activates; answers 202 once the activation is stored and started. */

import { SFNClient } from '@aws-sdk/client-sfn';
import { sfnWorkflowEngine } from '#adapters/sfn-workflow-engine';
import type { Department } from '#domain/geography';
import type { ActivationStore, Clock, WorkflowEngine } from '#domain/ports';
import { required } from '#shared/config';
import { loadDepartment } from '#shared/department';
import { httpHandler } from '#shared/http';
import { routes } from '#shared/routes';
import { startActivation } from '#use-cases/start-activation';
import { awsRoot, once, systemClock } from '../aws-root.ts';

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

export const handler = createStartActivationHandler(
  once(() => ({
    store: awsRoot.store(),
    engine: sfnWorkflowEngine({
      client: new SFNClient({}),
      stateMachineArn: required(awsRoot.config().STATE_MACHINE_ARN, 'STATE_MACHINE_ARN'),
    }),
    clock: systemClock,
    department: loadDepartment(awsRoot.config().DEPARTMENT),
  })),
);
