/** The one Powertools setup: logger, metrics and tracer shared by every function. */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

const serviceName = 'module7';

export const logger = new Logger({ serviceName });
export const metrics = new Metrics({ serviceName, namespace: 'Module7' });
export const tracer = new Tracer({ serviceName });
