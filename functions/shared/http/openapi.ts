/** The OpenAPI 3.1 document, generated from the route table and the zod schemas: no schema is written by hand. */
import * as z from 'zod/mini';
import { type RouteName, type RouteSpec, routes } from '../routes.ts';
import {
  AcknowledgementResponse,
  ActivationDetailResponse,
  ActivationPreviewResponse,
  ActivationSchema,
  CipOrderResponse,
  ClosureResponse,
  CommitmentsReportResponse,
  ContactPageResponse,
  ContactSchema,
  DirectoryAuditResponse,
  ErrorResponse,
  GeographyResponse,
  ImportReportResponse,
  PostedMessageResponse,
  ReadinessResponse,
  RecipientsResponse,
  RosterCoverageResponse,
  RosterSchema,
  RostersResponse,
  StartActivationResponse,
  TemplateSchema,
  TimelineEventSchema,
  VerdictSchema,
} from './response-schemas.ts';

export type Responses = Record<
  number,
  { description: string; schema?: z.ZodMiniType /** A French HTML page (public routes). */; html?: true }
>;

const errors: Responses = {
  400: { description: 'Requête invalide : chaque champ en cause est nommé.', schema: ErrorResponse },
  401: { description: 'Jeton absent ou invalide.', schema: ErrorResponse },
  403: { description: 'Rôle insuffisant.', schema: ErrorResponse },
};
const notFound: Responses = { 404: { description: 'Activation inconnue.', schema: ErrorResponse } };
const contactNotFound: Responses = { 404: { description: 'Contact inconnu.', schema: ErrorResponse } };
const withBody = (mediaType: string): Responses => ({
  413: { description: 'Corps de requête trop volumineux (1 Mio au plus).', schema: ErrorResponse },
  415: {
    description: `Corps de requête autre que ${mediaType} (en-tête Content-Type).`,
    schema: ErrorResponse,
  },
});
const contact = (description: string): Responses => ({ 200: { description, schema: ContactSchema } });

/** What each route answers. */
const RESPONSES: Record<RouteName, Responses> = {
  startActivation: {
    202: { description: 'Activation acceptée ; le workflow est lancé.', schema: StartActivationResponse },
    ...errors,
    409: { description: 'Idempotency-Key déjà utilisée avec une autre requête.', schema: ErrorResponse },
    413: { description: 'Corps de requête trop volumineux (1 Mio au plus).', schema: ErrorResponse },
    415: {
      description: 'Corps de requête autre que du JSON (Content-Type: application/json).',
      schema: ErrorResponse,
    },
  },
  listActivations: {
    200: {
      description: 'Une page d’activations, chacune avec ses verdicts.',
      schema: z.object({
        items: z.array(z.extend(ActivationSchema, { verdicts: z.array(VerdictSchema) })),
        cursor: z.optional(z.string()),
      }),
    },
    ...errors,
  },
  previewActivation: {
    200: { description: 'Ce que l’activation toucherait.', schema: ActivationPreviewResponse },
    ...errors,
    ...withBody('du JSON'),
  },
  listRecipients: {
    200: { description: 'Les destinataires et l’état de chaque envoi.', schema: RecipientsResponse },
    ...errors,
    ...notFound,
  },
  getGeography: {
    200: { description: 'Les arrondissements et les communes du département.', schema: GeographyResponse },
    ...errors,
  },
  getActivation: {
    200: {
      description: 'L’activation et ses verdicts.',
      schema: ActivationDetailResponse,
    },
    ...errors,
    ...notFound,
  },
  getTimeline: {
    200: {
      description: 'Les événements horodatés.',
      schema: z.object({ events: z.array(TimelineEventSchema) }),
    },
    ...errors,
    ...notFound,
  },
  getReadiness: {
    200: { description: 'La joignabilité des communes et des publics.', schema: ReadinessResponse },
    ...errors,
  },
  listContacts: {
    200: {
      description: 'Une page de contacts, du public puis de l’identifiant.',
      schema: ContactPageResponse,
    },
    ...errors,
  },
  getContact: { ...contact('Le contact.'), ...errors, ...contactNotFound },
  createContact: {
    201: { description: 'Le contact créé, avec son identifiant.', schema: ContactSchema },
    ...errors,
    ...withBody('du JSON'),
  },
  updateContact: {
    ...contact('Le contact tel qu’enregistré.'),
    ...errors,
    ...contactNotFound,
    ...withBody('du JSON'),
  },
  deactivateContact: { ...contact('Le contact, désormais inactif.'), ...errors, ...contactNotFound },
  importDirectory: {
    200: {
      description:
        'Ce que fait (ou ferait, à blanc) chaque ligne du fichier, et les contacts absents du fichier.',
      schema: ImportReportResponse,
    },
    ...errors,
    ...withBody('un fichier CSV (text/csv)'),
    422: {
      description:
        'Import refusé : au moins une ligne est rejetée, rien n’a été modifié ; chaque ligne dit pourquoi.',
      schema: ImportReportResponse,
    },
  },
  listDirectoryAudit: {
    200: {
      description: 'Les modifications de l’annuaire, la plus récente en premier.',
      schema: DirectoryAuditResponse,
    },
    ...errors,
  },
  listRosters: {
    200: {
      description: 'Les astreintes des deux cellules, et qui est d’astreinte maintenant.',
      schema: RostersResponse,
    },
    ...errors,
  },
  updateRoster: {
    200: { description: 'L’astreinte de la cellule telle qu’enregistrée.', schema: RosterSchema },
    ...errors,
    ...withBody('du JSON'),
  },
  getRosterCoverage: {
    200: {
      description: 'Par cellule, les heures sans personne d’astreinte.',
      schema: RosterCoverageResponse,
    },
    ...errors,
  },
  acknowledgeCell: {
    201: {
      description: 'Astreinte prise : la cellule est opérationnelle à son quorum.',
      schema: AcknowledgementResponse,
    },
    ...errors,
    ...notFound,
    ...withBody('du JSON'),
    409: {
      description: 'Fin d’alerte déjà décidée, ou CIP pas encore ordonnée par le préfet.',
      schema: ErrorResponse,
    },
  },
  orderCip: {
    201: { description: 'CIP ordonnée : ses opérateurs sont appelés.', schema: CipOrderResponse },
    200: {
      description: 'La CIP était déjà ordonnée : l’ordre enregistré, inchangé.',
      schema: CipOrderResponse,
    },
    ...errors,
    ...notFound,
    409: { description: 'Fin d’alerte déjà décidée : rien n’est ordonné.', schema: ErrorResponse },
  },
  postMessage: {
    202: {
      description: 'Message enregistré : son envoi à chaque public a commencé.',
      schema: PostedMessageResponse,
    },
    200: { description: 'Même Idempotency-Key : le message déjà enregistré.', schema: PostedMessageResponse },
    ...errors,
    ...notFound,
    ...withBody('du JSON'),
    409: {
      description: 'Fin d’alerte déjà décidée, ou Idempotency-Key déjà servie pour un autre message.',
      schema: ErrorResponse,
    },
  },
  closeActivation: {
    200: {
      description:
        'Fin d’alerte enregistrée (la première, si elle l’était déjà) et verdicts jugés à cet instant.',
      schema: ClosureResponse,
    },
    ...errors,
    ...notFound,
    ...withBody('du JSON'),
  },
  listTemplates: {
    200: {
      description: 'Un modèle par type d’événement.',
      schema: z.object({ templates: z.array(TemplateSchema) }),
    },
    ...errors,
  },
  getTemplate: {
    200: {
      description: 'Le modèle (`source` : celui de la préfecture ou celui livré).',
      schema: TemplateSchema,
    },
    ...errors,
  },
  updateTemplate: {
    200: { description: 'Le modèle tel qu’enregistré.', schema: TemplateSchema },
    ...errors,
    ...withBody('du JSON'),
  },
  getCommitmentsReport: {
    200: {
      description:
        'La revue de l’année (JSON), ou le même rapport en CSV (`format=csv`, `text/csv`, séparateur « ; », UTF-8 avec BOM).',
      schema: CommitmentsReportResponse,
    },
    ...errors,
  },
  getAckPage: {
    200: { description: 'Page HTML : l’appel et son bouton (ou le lien déjà utilisé).', html: true },
    404: { description: 'Page HTML : lien inconnu.', html: true },
    410: { description: 'Page HTML : lien expiré, ou alerte terminée.', html: true },
  },
  confirmAck: {
    200: { description: 'Page HTML : astreinte prise.', html: true },
    404: { description: 'Page HTML : lien inconnu.', html: true },
    409: { description: 'Page HTML : lien déjà utilisé, rien n’est changé.', html: true },
    410: { description: 'Page HTML : lien expiré ou alerte terminée, rien n’est changé.', html: true },
  },
  getOpenapi: { 200: { description: 'Le document OpenAPI.' }, ...errors },
};

const schemaOf = (schema: z.ZodMiniType, io: 'input' | 'output') =>
  z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' });

const queryParameters = (schema: z.ZodMiniType) => {
  const json = schemaOf(schema, 'input') as { properties?: Record<string, object>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: json.required?.includes(name) ?? false,
    schema: property,
  }));
};

const operation = (name: string, route: RouteSpec, responses: Responses) => ({
  operationId: name,
  summary: route.summary,
  'x-roles': route.roles,
  // A public page's only credential is the code in its path.
  security: route.public ? [] : [{ bearer: [] }],
  parameters: [
    ...(route.request.params
      ? Object.keys(
          (schemaOf(route.request.params, 'input') as { properties?: object }).properties ?? {},
        ).map((param) => ({
          name: param,
          in: 'path',
          required: true,
          schema: { type: 'string' },
        }))
      : []),
    ...(route.request.query ? queryParameters(route.request.query) : []),
    ...(route.request.idempotencyKey
      ? [
          {
            name: 'Idempotency-Key',
            in: 'header',
            required: true,
            schema: schemaOf(route.request.idempotencyKey, 'input'),
          },
        ]
      : []),
  ],
  ...(route.request.body
    ? {
        requestBody: {
          required: true,
          content:
            route.request.bodyMediaType === 'text/csv'
              ? {
                  'text/csv': {
                    schema: {
                      type: 'string',
                      description:
                        'Ligne d’en-tête (nom, fonction, code INSEE ou commune, portable, courriel, actif, ou leurs équivalents anglais), « ; » ou « , », UTF-8 (avec ou sans BOM) ou Windows-1252.',
                    },
                  },
                }
              : { 'application/json': { schema: schemaOf(route.request.body, 'input') } },
        },
      }
    : {}),
  responses: Object.fromEntries(
    Object.entries(responses).map(([status, response]) => [
      status,
      {
        description: response.description,
        ...(response.schema
          ? { content: { 'application/json': { schema: schemaOf(response.schema, 'output') } } }
          : {}),
        ...(response.html ? { content: { 'text/html': { schema: { type: 'string' } } } } : {}),
      },
    ]),
  ),
});

export const openApiDocument = (options: {
  includeLocalRoutes: boolean;
  extraRoutes?: Record<string, { spec: RouteSpec; responses: Responses }>;
}) => {
  const all: { name: string; spec: RouteSpec; responses: Responses }[] = [
    ...Object.entries(routes).map(([name, spec]) => ({
      name,
      spec,
      responses: RESPONSES[name as RouteName],
    })),
    ...Object.entries(options.extraRoutes ?? {}).map(([name, extra]) => ({ name, ...extra })),
  ];
  const paths: Record<string, Record<string, unknown>> = {};
  for (const { name, spec, responses } of all) {
    if (spec.localOnly && !options.includeLocalRoutes) continue;
    paths[spec.path] = { ...paths[spec.path], [spec.method.toLowerCase()]: operation(name, spec, responses) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Module 7 — communication d’urgence',
      version: '0.1.0',
      description: 'API de la cellule de communication d’urgence de la préfecture (Qual-e-pref, module 7).',
    },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    paths,
  };
};
