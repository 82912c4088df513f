/**
 * The API of an embedded runtime as the integration tests call it: a demo user's token per role, JSON in and
 * out, an activation posted, the timeline, the outbox and the verdicts read back.
 */
import { expect } from 'vitest';
import { signToken } from '#local/auth';
import type { Runtime } from '#local/runtime';
import type { Role } from '#shared/routes';
import { activationBody, minutesAgo } from './activation-request.ts';
import { eventually } from './manual-clock.ts';

export type Json = Record<string, unknown>;

export interface ApiEvent {
  type: string;
  at: string;
  subject?: string;
  audience?: string;
  details: Json;
}

export interface SentMessage {
  audience: string;
  channel: string;
  recipientId: string;
  text?: string;
  subject?: string;
}

export const apiClient = (runtime: Runtime) => {
  const tokens = new Map<string, string>();
  /** A request as `role`; a body goes as JSON with an Idempotency-Key (a new one unless given). */
  const call = async (
    method: string,
    path: string,
    role: string,
    body?: unknown,
    idempotencyKey: string = crypto.randomUUID(),
  ) => {
    if (!tokens.has(role)) tokens.set(role, await signToken(runtime.key, role as Role));
    const response = await fetch(`${runtime.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${tokens.get(role)}`,
        ...(body === undefined
          ? {}
          : { 'content-type': 'application/json', 'idempotency-key': idempotencyKey }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Json };
  };
  /** An exercise decided five minutes ago; its id. */
  const activate = async () => {
    const { status, body } = await call(
      'POST',
      '/activations',
      'duty-officer',
      activationBody({ decidedAt: minutesAgo(5) }),
    );
    expect(status).toBe(202);
    return String(body['id']);
  };
  const events = async (id: string): Promise<ApiEvent[]> =>
    (await call('GET', `/activations/${id}/timeline`, 'quality')).body['events'] as ApiEvent[];
  const outbox = async (id: string) =>
    (await call('GET', `/outbox?activationId=${id}`, 'quality')).body['messages'] as SentMessage[];
  /** Waits until the timeline satisfies `check`. */
  const until = <T>(id: string, check: (events: ApiEvent[]) => T | undefined, what: string) =>
    eventually(async () => check(await events(id)), { what });
  const verdict = async (id: string, commitment: string) =>
    ((await call('GET', `/activations/${id}`, 'quality')).body['verdicts'] as Json[]).find(
      (candidate) => candidate['commitment'] === commitment,
    );
  return { call, activate, events, outbox, until, verdict };
};
