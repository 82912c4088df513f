/**
 * The metrics a handler emits, captured: every `addMetric` call and what each flush would print (the EMF
 * document), while POWERTOOLS_METRICS_DISABLED keeps the line off the output. Call in `beforeEach`; restore
 * with `vi.restoreAllMocks()`.
 */
import { type MockInstance, vi } from 'vitest';
import { metrics } from '#shared/powertools';

export const captureMetrics = () => {
  const captured = {
    addMetric: vi.spyOn(metrics, 'addMetric') as MockInstance<typeof metrics.addMetric>,
    flushed: [] as Record<string, unknown>[],
  };
  const publish = metrics.publishStoredMetrics.bind(metrics);
  vi.spyOn(metrics, 'publishStoredMetrics').mockImplementation(() => {
    if (metrics.hasStoredMetrics())
      captured.flushed.push(metrics.serializeMetrics() as Record<string, unknown>);
    return publish();
  });
  return captured;
};
