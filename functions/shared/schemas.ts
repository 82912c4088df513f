/**
 * The API's schemas: requests are parsed with them at the edge, and the OpenAPI document is generated
 * from them. Messages are French (zod's `fr` locale): staff read them.
 */
import * as z from 'zod';
import { type Area, AUDIENCES, EVENT_TYPES, MODES } from '#domain/activation';
import { EVENT_TYPES as TIMELINE_EVENT_TYPES } from '#domain/timeline';

z.config(z.locales.fr());

const inseeCode = z
  .string()
  .regex(/^(\d{5}|2[AB]\d{3})$/, 'Code INSEE de commune attendu (5 caractères, ex. 74010).');
const arrondissementCode = z
  .string()
  .regex(/^(\d{3}|2[AB]\d|97\d{2})$/, 'Code d’arrondissement attendu (ex. 741).');

export const AreaSchema = z
  .object({
    communes: z.array(inseeCode).min(1).max(1_000).optional(),
    arrondissements: z.array(arrondissementCode).min(1).max(20).optional(),
    department: z.literal(true).optional(),
  })
  .strict()
  .superRefine((area, context) => {
    const given = ['communes', 'arrondissements', 'department'].filter((key) => key in area);
    if (given.length !== 1) {
      context.addIssue({
        code: 'custom',
        message: 'Indiquer exactement une zone : communes, arrondissements ou department (true).',
      });
    }
  })
  .transform((area): Area => {
    if (area.communes) return { communes: area.communes };
    if (area.arrondissements) return { arrondissements: area.arrondissements };
    return { department: true };
  })
  .meta({
    description:
      'La zone touchée : une liste de communes, une liste d’arrondissements, ou tout le département.',
  });

export const StartActivationBody = z
  .object({
    mode: z.enum(MODES).meta({ description: '`exercise` : exercice ; `real` : événement réel.' }),
    eventType: z.enum(EVENT_TYPES),
    title: z.string().trim().min(3).max(120),
    synergiRef: z
      .string()
      .trim()
      .min(1)
      .max(64)
      .meta({ description: 'Référence de l’événement dans SYNERGI.' }),
    decidedAt: z.iso
      .datetime({ offset: true })
      .meta({ description: 'T0 : décision du préfet (ISO 8601 avec décalage), 24 h au plus dans le passé.' }),
    area: AreaSchema,
    message: z
      .object({
        sms: z.string().trim().min(1).max(1_000),
        email: z
          .object({ subject: z.string().trim().min(1).max(150), body: z.string().trim().min(1).max(20_000) })
          .strict(),
      })
      .strict()
      .meta({ description: 'L’information factuelle envoyée à tous les publics.' }),
  })
  .strict();

export const IdempotencyKeyHeader = z
  .string({ error: 'En-tête Idempotency-Key obligatoire.' })
  .trim()
  .min(8)
  .max(128)
  .meta({
    description: 'Clé unique par activation : un nouvel envoi avec la même clé ne crée rien de nouveau.',
  });

export const ListActivationsQuery = z
  .object({
    mode: z.enum(MODES).optional(),
    year: z.coerce.number().int().min(2000).max(2100).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
    cursor: z.string().max(2_000).optional(),
  })
  .strict();

export const ActivationIdParams = z.object({ id: z.string().min(1).max(64) }).strict();

const SmsCountSchema = z.object({
  encoding: z.enum(['GSM-7', 'UCS-2']),
  units: z.number().int(),
  parts: z.number().int(),
});

export const StartActivationResponse = z.object({
  id: z.string(),
  status: z.enum(['active', 'evaluated']),
  decidedAt: z.iso.datetime(),
  deadline: z.iso.datetime(),
  communes: z.number().int(),
  sms: SmsCountSchema,
});

export const ActivationSchema = z.object({
  id: z.string(),
  mode: z.enum(MODES),
  eventType: z.enum(EVENT_TYPES),
  title: z.string(),
  synergiRef: z.string(),
  decidedAt: z.iso.datetime(),
  acceptedAt: z.iso.datetime(),
  deadline: z.iso.datetime(),
  warnAt: z.iso.datetime(),
  area: z.union([
    z.object({ communes: z.array(z.string()) }),
    z.object({ arrondissements: z.array(z.string()) }),
    z.object({ department: z.literal(true) }),
  ]),
  communes: z.array(z.string()),
  status: z.enum(['active', 'evaluated']),
  activatedBy: z.string(),
  evaluatedAt: z.iso.datetime().optional(),
});

export const VerdictSchema = z.object({
  commitment: z.enum(['M7-1', 'M7-2', 'M7-3', 'M7-4']),
  audience: z.enum(AUDIENCES).optional(),
  dueAt: z.iso.datetime(),
  metAt: z.iso.datetime().nullable(),
  status: z.enum(['met', 'missed', 'pending']),
  marginSeconds: z.number().int(),
});

export const TimelineEventSchema = z.object({
  at: z.iso.datetime(),
  type: z.enum(TIMELINE_EVENT_TYPES),
  actor: z.string(),
  audience: z.enum(AUDIENCES).optional(),
  details: z.record(z.string(), z.unknown()),
});

export const ErrorResponse = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  }),
});
