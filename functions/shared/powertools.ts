/**
 * The one Powertools setup: logger and metrics shared by every function. No Tracer: its X-Ray SDK costs
 * ~120 kB in every bundle (the budget is 320 kB); the functions and the state machine run with X-Ray active
 * tracing, which traces every invocation and every state without it.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';

import { METRIC_NAMESPACE, SERVICE_NAME } from './contract.ts';

export const logger = /* @__PURE__ */ new Logger({ serviceName: SERVICE_NAME });
/** Only the functions that emit metrics bundle it (the annotation lets esbuild drop it elsewhere). */
export const metrics = /* @__PURE__ */ new Metrics({
  serviceName: SERVICE_NAME,
  namespace: METRIC_NAMESPACE,
});
