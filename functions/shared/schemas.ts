/**
 * The API's schemas: requests are parsed with them at the edge, and the OpenAPI document is generated
 * from them. Messages are French (zod's `fr` locale): staff read them. `zod/mini` rather than the chainable
 * API: the same engine and errors at 17 kB instead of 90 kB in every bundle (the budget is 300 kB).
 */

import { fr } from 'zod/locales';
import * as z from 'zod/mini';
import { type Area, EVENT_TYPES, MODES } from '#domain/activation';

// Only the French locale: `z.locales` would bundle every language (~270 kB).
z.config(fr());

const describe = (description: string) => z.meta({ description });
/** A trimmed string of `min` to `max` characters. */
const text = (min: number, max: number) => z.string().check(z.trim(), z.minLength(min), z.maxLength(max));

const inseeCode = z
  .string()
  .check(z.regex(/^(\d{5}|2[AB]\d{3})$/, 'Code INSEE de commune attendu (5 caractères, ex. 74010).'));
const arrondissementCode = z
  .string()
  .check(z.regex(/^(\d{3}|2[AB]\d|97\d{2})$/, 'Code d’arrondissement attendu (ex. 741).'));

export const AreaSchema = z
  .pipe(
    z
      .strictObject({
        communes: z.optional(z.array(inseeCode).check(z.minLength(1), z.maxLength(1_000))),
        arrondissements: z.optional(z.array(arrondissementCode).check(z.minLength(1), z.maxLength(20))),
        department: z.optional(z.literal(true)),
      })
      .check(
        z.refine((area) => Object.keys(area).length === 1, {
          message: 'Indiquer exactement une zone : communes, arrondissements ou department (true).',
        }),
      ),
    z.transform((area): Area => {
      if (area.communes) return { communes: area.communes };
      if (area.arrondissements) return { arrondissements: area.arrondissements };
      return { department: true };
    }),
  )
  .check(
    describe('La zone touchée : une liste de communes, une liste d’arrondissements, ou tout le département.'),
  );

export const StartActivationBody = z.strictObject({
  mode: z.enum(MODES).check(describe('`exercise` : exercice ; `real` : événement réel.')),
  eventType: z.enum(EVENT_TYPES),
  title: text(3, 120),
  synergiRef: text(1, 64).check(describe('Référence de l’événement dans SYNERGI.')),
  decidedAt: z.iso
    .datetime({ offset: true })
    .check(describe('T0 : décision du préfet (ISO 8601 avec décalage), 24 h au plus dans le passé.')),
  area: AreaSchema,
  message: z
    .strictObject({
      sms: text(1, 1_000),
      email: z.strictObject({ subject: text(1, 150), body: text(1, 20_000) }),
    })
    .check(describe('L’information factuelle envoyée à tous les publics.')),
});

export const IdempotencyKeyHeader = text(8, 128).check(
  describe('Clé unique par activation : un nouvel envoi avec la même clé ne crée rien de nouveau.'),
);

export const ListActivationsQuery = z.strictObject({
  mode: z.optional(z.enum(MODES)),
  year: z.optional(z.coerce.number().check(z.int(), z.minimum(2000), z.maximum(2100))),
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 50),
  cursor: z.optional(z.string().check(z.maxLength(2_000))),
});

export const ActivationIdParams = z.strictObject({ id: z.string().check(z.minLength(1), z.maxLength(64)) });
