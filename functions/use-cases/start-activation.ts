/**
 * Start an activation.
 * Input: the duty officer's request (T0, SYNERGI reference, area, factual message), its Idempotency-Key
 * and the caller. Output: the activation's id, status, T0, deadline and the SMS count once framed.
 * Main course: derive the id from the key and answer a replay from the stored activation (409 if its
 * request differs), without judging T0 again; otherwise judge T0 against real time, resolve the area, frame
 * and count the SMS, and store the activation once. Storing it is what starts its workflow: on AWS the
 * table's stream invokes `startWorkflow` for every new activation; locally the runtime does it after the
 * write.
 */
import { createHash } from 'node:crypto';
import {
  type Activation,
  type Area,
  addSeconds,
  type FactualMessage,
  type Hazard,
  type Mode,
  ONE_HOUR_SECONDS,
  WARNING_AFTER_SECONDS,
} from '#domain/activation';
import { IdempotencyConflictError, ValidationError } from '#domain/errors';
import { type Department, resolveArea } from '#domain/geography';
import { countSms, frameSms, MAX_SMS_PARTS, type SmsCount } from '#domain/messages';
import type { Ports } from '#domain/ports';

export interface StartActivationRequest {
  mode: Mode;
  eventType: Hazard;
  title: string;
  synergiRef: string;
  /** ISO 8601 with an offset. */
  decidedAt: string;
  area: Area;
  message: FactualMessage;
}

export interface StartActivationResult {
  id: string;
  status: Activation['status'];
  decidedAt: string;
  deadline: string;
  communes: number;
  sms: SmsCount;
}

/** How far in the future T0 may be, for a watch a little ahead of the server. */
export const CLOCK_SKEW_SECONDS = 120;
/** How old T0 may be: an activation is entered the day of the decision. */
export const MAX_T0_AGE_SECONDS = 24 * 3_600;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** JSON with sorted keys, so that the same request always hashes the same. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a.localeCompare(b)))
      : inner,
  );

/** The activation id for a caller's Idempotency-Key: the same key from the same caller is the same activation. */
export const activationIdFor = (actor: string, idempotencyKey: string) =>
  `act-${sha256(`${actor}\n${idempotencyKey}`).slice(0, 20)}`;

const checkDecidedAt = (decidedAt: string, now: Date) => {
  const ageSeconds = (now.getTime() - Date.parse(decidedAt)) / 1_000;
  if (ageSeconds < -CLOCK_SKEW_SECONDS) {
    throw new ValidationError([{ field: 'decidedAt', message: 'T0 ne peut pas être dans le futur.' }]);
  }
  if (ageSeconds > MAX_T0_AGE_SECONDS) {
    throw new ValidationError([
      {
        field: 'decidedAt',
        message: 'T0 ne peut pas remonter à plus de 24 heures : vérifier la date saisie.',
      },
    ]);
  }
};

/** The request's hash, T0 as a UTC instant: `+00:00`, `Z` or `+01:00` for the same instant hash the same. */
const requestHashOf = (request: StartActivationRequest) =>
  sha256(canonical({ ...request, decidedAt: new Date(request.decidedAt).toISOString() }));

/** What the caller gets back, for a new activation and for a replay alike. */
const resultOf = (activation: Activation): StartActivationResult => ({
  id: activation.id,
  status: activation.status,
  decidedAt: activation.decidedAt,
  deadline: activation.deadline,
  communes: activation.communes.length,
  sms: countSms(frameSms(activation.message.sms, activation.mode)),
});

/**
 * A replay of a stored activation: the same request is answered the same, however long ago T0 is by now.
 * Hashes stored before T0 was normalised in them are still recognised.
 * @throws IdempotencyConflictError when the key was used with another request.
 */
const replayOf = (existing: Activation, request: StartActivationRequest) => {
  if (existing.requestHash !== requestHashOf(request) && existing.requestHash !== sha256(canonical(request)))
    throw new IdempotencyConflictError(existing.id);
  return resultOf(existing);
};

export const startActivation = async (
  request: StartActivationRequest,
  context: { idempotencyKey: string; actor: string },
  deps: Pick<Ports, 'store' | 'clock'> & { department: Department },
): Promise<StartActivationResult> => {
  const id = activationIdFor(context.actor, context.idempotencyKey);
  const existing = await deps.store.get(id);
  if (existing) return replayOf(existing, request);

  const now = deps.clock.now();
  checkDecidedAt(request.decidedAt, now);
  const communes = resolveArea(request.area, deps.department);
  const sms = countSms(frameSms(request.message.sms, request.mode));
  if (sms.parts > MAX_SMS_PARTS) {
    throw new ValidationError([
      {
        field: 'message.sms',
        message: `Le SMS prend ${sms.parts} parties (${sms.encoding}) une fois encadré ; ${MAX_SMS_PARTS} au plus.`,
      },
    ]);
  }
  const decidedAt = new Date(request.decidedAt).toISOString();
  const candidate: Activation = {
    id,
    mode: request.mode,
    eventType: request.eventType,
    title: request.title,
    synergiRef: request.synergiRef,
    decidedAt,
    acceptedAt: now.toISOString(),
    deadline: addSeconds(decidedAt, ONE_HOUR_SECONDS),
    warnAt: addSeconds(decidedAt, WARNING_AFTER_SECONDS),
    area: request.area,
    communes,
    message: request.message,
    status: 'active',
    activatedBy: context.actor,
    requestHash: requestHashOf(request),
    executionName: id,
  };
  // Another request with the same key may have stored it since the lookup: it is then a replay.
  const outcome = await deps.store.create(candidate);
  return outcome.created ? resultOf(candidate) : replayOf(outcome.existing, request);
};
