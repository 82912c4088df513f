/**
 * The shapes of the API's answers, for the OpenAPI document only: kept apart from the request schemas so
 * that the functions, which only parse requests, do not bundle them.
 */
import * as z from 'zod/mini';
import { AUDIENCES, HAZARDS, MODES } from '#domain/activation';
import { EVENT_TYPES as TIMELINE_EVENT_TYPES } from '#domain/timeline';

const instant = z.iso.datetime();

const SmsCountSchema = z.object({
  encoding: z.enum(['GSM-7', 'UCS-2']),
  units: z.int(),
  parts: z.int(),
});

export const StartActivationResponse = z.object({
  id: z.string(),
  status: z.enum(['active', 'evaluated']),
  decidedAt: instant,
  deadline: instant,
  communes: z.int(),
  sms: SmsCountSchema,
});

export const ActivationSchema = z.object({
  id: z.string(),
  mode: z.enum(MODES),
  eventType: z.enum(HAZARDS),
  title: z.string(),
  synergiRef: z.string(),
  decidedAt: instant,
  acceptedAt: instant,
  deadline: instant,
  warnAt: instant,
  area: z.union([
    z.object({ communes: z.array(z.string()) }),
    z.object({ arrondissements: z.array(z.string()) }),
    z.object({ department: z.literal(true) }),
  ]),
  communes: z.array(z.string()),
  message: z.object({ sms: z.string(), email: z.object({ subject: z.string(), body: z.string() }) }),
  status: z.enum(['active', 'evaluated']),
  activatedBy: z.string(),
  executionName: z.string(),
  evaluatedAt: z.optional(instant),
  settledAt: z.optional(instant),
});

export const VerdictSchema = z.object({
  commitment: z.enum(['M7-1', 'M7-2', 'M7-3', 'M7-4']),
  audience: z.optional(z.enum(AUDIENCES)),
  dueAt: instant,
  metAt: z.nullable(instant),
  status: z.enum(['met', 'missed', 'pending']),
  marginSeconds: z.int(),
  coverage: z.optional(
    z.object({
      expected: z.int(),
      reached: z.int(),
      unreached: z
        .array(z.string())
        .check(z.meta({ description: 'Communes touchées dont aucun élu n’a été joint.' })),
    }),
  ),
});

export const TimelineEventSchema = z.object({
  activationId: z.string(),
  at: instant,
  type: z.enum(TIMELINE_EVENT_TYPES),
  actor: z.string(),
  audience: z.optional(z.enum(AUDIENCES)),
  subject: z.optional(z.string()),
  details: z.record(z.string(), z.unknown()),
});

export const ErrorResponse = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.optional(z.array(z.object({ field: z.string(), message: z.string() }))),
  }),
});

const audienceReadiness = z.object({ active: z.int(), withMobile: z.int(), withEmail: z.int() });

export const ReadinessResponse = z.object({
  department: z.string(),
  communes: z.array(
    z.object({ code: z.string(), name: z.string(), reachable: z.boolean(), officials: z.int() }),
  ),
  reachable: z.int(),
  total: z.int(),
  unreachable: z.array(z.object({ code: z.string(), name: z.string() })),
  audiences: z.object({
    officials: audienceReadiness,
    press: audienceReadiness,
    publicLine: audienceReadiness,
    cabinet: audienceReadiness,
  }),
  summary: z.string().check(z.meta({ description: 'Pour le mur : « 279 communes sur 279 joignables ».' })),
});
