/**
 * POST /activations/{id}/cip — the prefect orders the public information cell (M7-4): 201 with the order, or
 * 200 with the order already recorded. The table's stream then starts the order's execution.
 */

import { addSeconds } from '#domain/activation';
import type { Ports } from '#domain/ports';
import { required } from '#shared/config';
import { ENV } from '#shared/contract';
import { httpHandler } from '#shared/http/edge';
import { once } from '#shared/once';
import { logger } from '#shared/powertools';
import * as routes from '#shared/routes';
import { type CipSettings, orderCip } from '#use-cases/order-cip';
import * as awsRoot from '../aws-root.ts';

export type OrderCipDeps = Pick<Ports, 'store' | 'timeline' | 'clockFor'>;

export const createOrderCipHandler = (deps: () => OrderCipDeps, settings: () => CipSettings) =>
  httpHandler(routes.orderCip, async ({ params, caller }) => {
    logger.appendKeys({ activationId: params.id });
    const { created, order } = await orderCip(
      { activationId: params.id },
      { actor: caller.id },
      deps(),
      settings(),
    );
    return {
      statusCode: created ? 201 : 200,
      body: {
        activationId: order.activationId,
        orderedAt: order.orderedAt,
        orderedBy: order.orderedBy,
        dueAt: addSeconds(order.orderedAt, order.targetSeconds),
        targetSeconds: order.targetSeconds,
        quorum: order.quorum,
        crisisNumber: order.crisisNumber,
      },
    };
  });

export const handler = createOrderCipHandler(
  once(() => ({
    store: awsRoot.store(),
    timeline: awsRoot.timeline(),
    clockFor: awsRoot.realActivationClock,
  })),
  once(() => {
    const config = awsRoot.config();
    return {
      crisisNumber: required(config.crisisNumber, ENV.crisisNumber),
      ...(config.cipTargetSeconds ? { targetSeconds: config.cipTargetSeconds } : {}),
      ...(config.cipQuorum ? { quorum: config.cipQuorum } : {}),
    };
  }),
);
