/**
 * The shapes of the API's answers, for the OpenAPI document only: kept apart from the request schemas so
 * that the functions, which only parse requests, do not bundle them.
 */
import * as z from 'zod/mini';
import { AUDIENCES, HAZARDS, MODES } from '#domain/activation';
import {
  CONTACT_FIELDS,
  DIRECTORY_AUDIENCES,
  DIRECTORY_EVENT_ACTIONS,
  REJECTION_CODES,
} from '#domain/contacts';
import { CONTACT_FUNCTIONS, type ContactFunction } from '#domain/directory';
import { MESSAGE_KINDS } from '#domain/follow-ups';
import { CELLS, ROSTER_FIELDS } from '#domain/rosters';
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
  status: z.enum(['active', 'evaluated', 'closed']),
  activatedBy: z.string(),
  executionName: z.string(),
  evaluatedAt: z.optional(instant),
  settledAt: z.optional(instant),
  closedAt: z.optional(instant),
  closedBy: z.optional(z.string()),
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
  crisisNumberPublishedAt: z.optional(
    instant.check(
      z.meta({ description: 'M7-4 : envoi du numéro unique à la ligne d’information du public.' }),
    ),
  ),
  closedBeforeDue: z.optional(
    z.literal(true).check(z.meta({ description: 'Fin d’alerte avant l’échéance : jugé à la fin d’alerte.' })),
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
    onCall: audienceReadiness,
  }),
  summary: z.string().check(z.meta({ description: 'Pour le mur : « 279 communes sur 279 joignables ».' })),
});

// ---------------------------------------------------------------------------------------------------------
// The directory

export const ContactSchema = z.object({
  id: z.string(),
  audience: z.enum(DIRECTORY_AUDIENCES),
  function: z.optional(z.enum(Object.keys(CONTACT_FUNCTIONS) as [ContactFunction, ...ContactFunction[]])),
  name: z.string(),
  organisation: z.optional(z.string()),
  communes: z.optional(z.array(z.string())),
  phone: z.optional(
    z.string().check(
      z.meta({
        description: 'E.164 pour l’administrateur ; masqué pour les autres rôles (+33 6 •• •• •• 12).',
      }),
    ),
  ),
  email: z.optional(
    z.string().check(
      z.meta({
        description: 'En clair pour l’administrateur ; masquée pour les autres (é•••@example.org).',
      }),
    ),
  ),
  active: z.optional(z.boolean()),
});

export const ContactPageResponse = z.object({
  items: z.array(ContactSchema),
  cursor: z.optional(z.string()),
});

const ContactIssueSchema = z.object({
  field: z.string(),
  code: z.enum(REJECTION_CODES),
  message: z.string(),
});

export const ImportReportResponse = z.object({
  audience: z.enum(DIRECTORY_AUDIENCES),
  dryRun: z.boolean(),
  applied: z.boolean(),
  importId: z.optional(z.string()),
  file: z.object({
    encoding: z.enum(['UTF-8', 'Windows-1252']),
    delimiter: z.enum([';', ',']),
    ignoredColumns: z.array(z.string()),
  }),
  summary: z.object({
    rows: z.int(),
    created: z.int(),
    updated: z.int(),
    unchanged: z.int(),
    deactivated: z.int(),
    rejected: z.int(),
  }),
  rows: z.array(
    z.object({
      row: z
        .int()
        .check(z.meta({ description: 'Le numéro de ligne du tableur (l’en-tête est la ligne 1).' })),
      action: z.enum(['create', 'update', 'unchanged', 'deactivate', 'reject']),
      name: z.optional(z.string()),
      contactId: z.optional(z.string()),
      fields: z.optional(z.array(z.enum(CONTACT_FIELDS))),
      reasons: z.optional(z.array(ContactIssueSchema)),
    }),
  ),
  absent: z
    .array(z.object({ contactId: z.string(), name: z.string() }))
    .check(
      z.meta({ description: 'Les contacts actifs du public absents du fichier : l’import les désactive.' }),
    ),
  error: z.optional(z.object({ code: z.string(), message: z.string() })),
});

export const DirectoryEventSchema = z.object({
  id: z.string(),
  at: instant,
  actor: z.string(),
  action: z.enum(DIRECTORY_EVENT_ACTIONS),
  audience: z.enum(DIRECTORY_AUDIENCES),
  contactId: z.optional(z.string()),
  cell: z.optional(z.enum(CELLS)),
  fields: z.optional(z.array(z.enum([...CONTACT_FIELDS, ...ROSTER_FIELDS]))),
  importId: z.optional(z.string()),
  counts: z.optional(
    z.object({ created: z.int(), updated: z.int(), deactivated: z.int(), unchanged: z.int() }),
  ),
});

export const DirectoryAuditResponse = z.object({
  items: z.array(DirectoryEventSchema),
  cursor: z.optional(z.string()),
});

// ---------------------------------------------------------------------------------------------------------
// The rosters

/** A person a roster names: never a number or an address, whatever the role. */
const RosterContactSchema = z.object({
  id: z.string(),
  name: z.string(),
  available: z.boolean().check(
    z.meta({
      description:
        'Faux pour un contact inconnu, retiré des listes, ou qui n’est plus dans le public des astreintes (onCall) : il ne peut pas être appelé.',
    }),
  ),
});

export const RosterSchema = z.object({
  cell: z.enum(CELLS),
  label: z.string(),
  timeZone: z.string().check(z.meta({ description: 'Le fuseau des créneaux : celui de la préfecture.' })),
  shifts: z.array(
    z.object({
      days: z.array(z.int()),
      start: z.string(),
      end: z.string(),
      contacts: z.array(RosterContactSchema),
    }),
  ),
  overrides: z.array(
    z.object({ from: instant, to: instant, reason: z.string(), contacts: z.array(RosterContactSchema) }),
  ),
  backup: z.array(RosterContactSchema),
  onDuty: z.array(RosterContactSchema).check(
    z.meta({
      description: 'Qui est d’astreinte à cet instant (remplacements compris), dans l’ordre d’appel.',
    }),
  ),
  updatedAt: z.optional(instant),
});

export const RostersResponse = z.object({ at: instant, rosters: z.array(RosterSchema) });

export const RosterCoverageResponse = z.object({
  from: instant.check(z.meta({ description: 'Le début de l’heure en cours : la première heure examinée.' })),
  days: z.int(),
  cells: z.array(
    z.object({
      cell: z.enum(CELLS),
      label: z.string(),
      gaps: z.array(z.object({ from: instant, to: instant })).check(
        z.meta({
          description: 'Les heures (UTC) où personne n’est d’astreinte, les heures voisines réunies.',
        }),
      ),
      hours: z.int(),
      summary: z
        .string()
        .check(
          z.meta({ description: '« Cellule de communication : aucune absence d’astreinte sur 7 jours ».' }),
        ),
    }),
  ),
});

/** The answer to an acknowledgement in the API. */
export const AcknowledgementResponse = z.object({
  cell: z.enum(CELLS),
  at: z.iso.datetime(),
  operational: z.boolean(),
});

/** The prefect's order of the CIP, as recorded. */
export const CipOrderResponse = z.object({
  activationId: z.string(),
  orderedAt: z.iso.datetime(),
  orderedBy: z.string(),
  dueAt: z.iso.datetime().check(z.meta({ description: 'L’échéance de M7-4 : l’ordre plus la cible.' })),
  targetSeconds: z.int(),
  quorum: z.int(),
  crisisNumber: z.string(),
});

/** A follow-up message, as posted. */
export const PostedMessageResponse = z.object({
  id: z.string(),
  kind: z.enum(MESSAGE_KINDS),
  audiences: z.array(z.enum(AUDIENCES)),
  postedAt: z.iso.datetime(),
  sms: SmsCountSchema,
});

/** The end of the alert. */
export const ClosureResponse = z.object({
  closedAt: z.iso.datetime(),
  closedBy: z.string(),
  endMessage: z.nullable(z.object({ id: z.string(), audiences: z.array(z.enum(AUDIENCES)) })),
  verdicts: z.array(VerdictSchema),
});

/** The department's geography, for the area picker. */
export const GeographyResponse = z.object({
  department: z.string(),
  arrondissements: z.array(z.object({ code: z.string(), name: z.string(), communes: z.int() })),
  communes: z.array(z.object({ code: z.string(), name: z.string(), arrondissement: z.string() })),
});

/** What an activation would reach. */
export const ActivationPreviewResponse = z.object({
  communes: z.int(),
  recipients: z.object({ officials: z.int(), press: z.int(), publicLine: z.int() }),
  sms: SmsCountSchema,
});

const rate = z.object({
  commitment: z.enum(['M7-1', 'M7-2', 'M7-3', 'M7-4']),
  audience: z.optional(z.enum(AUDIENCES)),
  met: z.int(),
  judged: z.int(),
  rate: z.nullable(z.number()),
});
const timeToInform = z.object({
  audience: z.enum(AUDIENCES),
  median: z.nullable(z.int()),
  worst: z.nullable(z.int()),
  count: z.int(),
});

/** The yearly review. */
export const CommitmentsReportResponse = z.object({
  year: z.int(),
  from: instant,
  to: instant,
  computedAt: instant,
  timeZone: z.string(),
  policy: z.object({ minPerYear: z.int(), maxMonthsBetween: z.int() }),
  exercises: z.int(),
  realActivations: z.int(),
  rates: z.array(rate),
  timeToInform: z.array(timeToInform),
  timeToInformByMode: z.object({ exercise: z.array(timeToInform), real: z.array(timeToInform) }),
  daysSinceLastExercise: z.nullable(z.int()),
  m73: z.object({
    commitment: z.literal('M7-3'),
    dueAt: instant,
    status: z.enum(['met', 'missed', 'pending']),
    exercises: z.int(),
    longestGapDays: z.int(),
    lastExerciseAt: z.nullable(instant),
    daysSinceLastExercise: z.nullable(z.int()),
    reasons: z.array(z.string()),
  }),
  register: z.array(
    z.object({
      id: z.string(),
      mode: z.enum(MODES),
      decidedAt: instant,
      title: z.string(),
      eventType: z.enum(HAZARDS),
      synergiRef: z.string(),
      verdicts: z.array(VerdictSchema),
    }),
  ),
});

/** A message template as the form and its editor read it. */
export const TemplateSchema = z.object({
  eventType: z.enum(HAZARDS),
  label: z.string(),
  source: z.enum(['stored', 'default']),
  sms: z.string(),
  email: z.object({ subject: z.string(), body: z.string() }),
  consignes: z.string(),
  updatedAt: z.optional(instant),
  updatedBy: z.optional(z.string()),
});

const recipientStatus = z.nullable(z.enum(['sent', 'uncertain', 'pending', 'failed', 'not-sent']));

/** Who was sent what, from the per-recipient ledger. */
export const RecipientsResponse = z.object({
  activationId: z.string(),
  audiences: z.array(
    z.object({
      audience: z.enum(AUDIENCES),
      recipients: z.array(
        z.object({
          id: z.string(),
          name: z.string(),
          function: z.optional(z.enum(CONTACT_FUNCTIONS)),
          communes: z.optional(z.array(z.string())),
          phone: z.optional(z.string()),
          email: z.optional(z.string()),
          status: z.object({ sms: recipientStatus, email: recipientStatus }),
          reason: z.optional(
            z.object({ sms: z.optional(z.string()), email: z.optional(z.string()) }).check(
              z.meta({
                description: 'Pourquoi le fournisseur a refusé définitivement le message de ce canal.',
              }),
            ),
          ),
        }),
      ),
      counts: z.object({
        sent: z.int(),
        failed: z.int(),
        uncertain: z.int(),
        pending: z.int(),
        notSent: z.int(),
      }),
    }),
  ),
  onCall: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      cell: z.enum(CELLS),
      pages: z.int(),
      acknowledgedAt: z.optional(instant),
    }),
  ),
  followUps: z.array(z.object({ messageId: z.string(), sent: z.int(), pending: z.int(), failed: z.int() })),
});

/** One activation, its verdicts, and its clock's now. */
export const ActivationDetailResponse = z.object({
  activation: ActivationSchema,
  verdicts: z.array(VerdictSchema),
  now: instant.check(
    z.meta({ description: 'L’horloge de l’activation au moment de la réponse (compte à rebours).' }),
  ),
});
