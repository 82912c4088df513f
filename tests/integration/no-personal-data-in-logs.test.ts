/**
 * A whole activation, department-wide, through the embedded runtime, with every line the Powertools logger
 * is asked to write captured: none carries a phone number or an e-mail address (contact ids only).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { signToken } from '#local/auth';
import { type Runtime, startRuntime } from '#local/runtime';
import { logger } from '#shared/powertools';
import { activationBody } from '#tests/helpers/activation-request';
import { eventually, manualClocks } from '#tests/helpers/manual-clock';

describe('the logs of a dispatch', () => {
  let runtime: Runtime;
  const clocks = manualClocks();
  const lines: unknown[][] = [];

  beforeAll(async () => {
    for (const level of ['debug', 'info', 'warn', 'error', 'critical'] as const) {
      vi.spyOn(logger, level).mockImplementation((...args: unknown[]) => {
        lines.push(args);
      });
    }
    runtime = await startRuntime({ port: 0, clockFor: clocks.clockFor, log: (line) => lines.push([line]) });
  });
  afterAll(async () => {
    await runtime.close();
    vi.restoreAllMocks();
  });

  it('tell each state change of a department-wide activation with ids, never a number or an address', async () => {
    const token = await signToken(runtime.key, 'duty-officer');
    const response = await fetch(`${runtime.url}/activations`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'idempotency-key': `logs-${Date.now()}`,
      },
      body: JSON.stringify(activationBody({ area: { department: true } })),
    });
    const { id } = (await response.json()) as { id: string };
    const timeline = async () =>
      (
        (await (
          await fetch(`${runtime.url}/activations/${id}/timeline`, {
            headers: { authorization: `Bearer ${token}` },
          })
        ).json()) as { events: { type: string }[] }
      ).events;
    await eventually(
      async () =>
        (await timeline()).filter((event) => event.type === 'dispatch.completed').length === 3
          ? true
          : undefined,
      { timeoutMs: 60_000, what: 'the three dispatches' },
    );
    clocks.advance(3_600);
    await eventually(
      async () =>
        (await timeline()).some((event) => event.type === 'commitments.evaluated') ? true : undefined,
      { what: 'the evaluation' },
    );

    const written = JSON.stringify(lines);
    expect(lines.length).toBeGreaterThanOrEqual(6);
    expect(written).toContain(id);
    expect(written).not.toMatch(/\+33\s?6|06\s?39|@example\.org/);
  });
});
