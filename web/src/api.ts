/** The API, on the same origin as the dashboard, with the signed-in user's token. */
import { currentSession } from './session.ts';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields: { field: string; message: string }[] = [],
  ) {
    super(message);
  }
}

export const api = async <T>(
  path: string,
  init: { method?: string; body?: unknown; idempotencyKey?: string } = {},
): Promise<T> => {
  const session = currentSession();
  const response = await fetch(path, {
    method: init.method ?? 'GET',
    headers: {
      ...(session ? { authorization: `Bearer ${session.token}` } : {}),
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(init.idempotencyKey ? { 'idempotency-key': init.idempotencyKey } : {}),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const body = (await response.json().catch(() => ({}))) as {
    error?: { message?: string; fields?: { field: string; message: string }[] };
  };
  if (!response.ok) {
    throw new ApiError(
      response.status,
      body.error?.message ?? `Erreur ${response.status}`,
      body.error?.fields ?? [],
    );
  }
  return body as T;
};
