/** Task DispatchAudience — informs one audience (M7-2); the Map state runs one per audience. */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { metrics } from '#shared/powertools';
import { AudienceTaskInput, taskHandler } from '#shared/task';
import { dispatchAudience } from '#use-cases/dispatch-audience';
import { awsRoot } from '../aws-root.ts';

export const handler = taskHandler(AudienceTaskInput, async (input) => {
  const result = await dispatchAudience(input, awsRoot.messaging());
  metrics.addMetric('SmsSent', MetricUnit.Count, result.sms);
  return result;
});
