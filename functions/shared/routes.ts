/**
 * The HTTP API, one entry per route: method, path, roles and request schemas. The handlers parse with it,
 * the local server routes with it, the OpenAPI document is generated from it (with the responses that
 * `openapi.ts` documents) and the CDK stack declares its routes from it.
 */
import type * as z from 'zod/mini';
import {
  AckCodeParams,
  AcknowledgementBody,
  ActivationIdParams,
  CellParams,
  CloseActivationBody,
  CommitmentsReportQuery,
  ContactBody,
  ContactIdParams,
  CsvFileBody,
  EventTypeParams,
  IdempotencyKeyHeader,
  ImportDirectoryQuery,
  ListActivationsQuery,
  ListContactsQuery,
  ListDirectoryAuditQuery,
  PostMessageBody,
  PreviewActivationBody,
  RosterBody,
  RosterCoverageQuery,
  StartActivationBody,
  TemplateBody,
} from './http/request-schemas.ts';

export const ROLES = ['duty-officer', 'prefect', 'comms', 'quality', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The media types a request body may have: JSON (parsed, then checked by the schema) or a CSV file (its bytes). */
export type BodyMediaType = 'application/json' | 'text/csv';

export interface RouteSpec {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** API Gateway style: `{id}` for a path parameter. */
  path: string;
  summary: string;
  roles: readonly Role[];
  request: {
    body?: z.ZodMiniType;
    /** What the body must be declared as (`Content-Type`), else 415. @default 'application/json' */
    bodyMediaType?: BodyMediaType;
    query?: z.ZodMiniType;
    params?: z.ZodMiniType;
    idempotencyKey?: z.ZodMiniType<string>;
  };
  /** Served by the local runtime only (no Lambda on AWS). */
  localOnly?: true;
  /**
   * Open without a token, answering a French HTML page: the link of a page, whose single-use code is the only
   * credential (the people paged have no account). `roles` is empty.
   */
  public?: true;
}

// One constant per route, so that a handler bundles its own route and request schemas only; `routes` holds
// them all for the local server, the OpenAPI document and the stack.

export const startActivation = {
  method: 'POST',
  path: '/activations',
  summary: 'Activer le COD : enregistre T0 et lance l’information des publics.',
  roles: ['duty-officer'],
  request: { body: StartActivationBody, idempotencyKey: IdempotencyKeyHeader },
} as const satisfies RouteSpec;

export const previewActivation = {
  method: 'POST',
  path: '/activations/preview',
  summary:
    'Avant d’activer : les communes de la zone, le nombre de personnes jointes par public et le SMS compté. Ne change rien.',
  roles: ['duty-officer'],
  request: { body: PreviewActivationBody },
} as const satisfies RouteSpec;

export const getGeography = {
  method: 'GET',
  path: '/geography',
  summary: 'Les arrondissements et les communes du département, pour choisir la zone touchée.',
  roles: ROLES,
  request: {},
} as const satisfies RouteSpec;

export const listActivations = {
  method: 'GET',
  path: '/activations',
  summary: 'Lister les activations, la plus récente (T0) en premier.',
  roles: ROLES,
  request: { query: ListActivationsQuery },
} as const satisfies RouteSpec;

export const getActivation = {
  method: 'GET',
  path: '/activations/{id}',
  summary: 'Une activation et le verdict de chaque engagement.',
  roles: ROLES,
  request: { params: ActivationIdParams },
} as const satisfies RouteSpec;

export const getTimeline = {
  method: 'GET',
  path: '/activations/{id}/timeline',
  summary: 'La chronologie d’une activation, dans l’ordre du temps.',
  roles: ROLES,
  request: { params: ActivationIdParams },
} as const satisfies RouteSpec;

export const listRecipients = {
  method: 'GET',
  path: '/activations/{id}/recipients',
  summary:
    'Les destinataires de l’activation par public, par nom (coordonnées masquées sauf pour l’administrateur) : envoyé, incertain, en cours, échec, non envoyé ; les personnes d’astreinte appelées ; les messages de suivi.',
  roles: ROLES,
  request: { params: ActivationIdParams },
} as const satisfies RouteSpec;

export const getReadiness = {
  method: 'GET',
  path: '/directory/readiness',
  summary:
    'Joignabilité de l’annuaire : chaque commune et chaque public peuvent-ils être informés maintenant ?',
  roles: ROLES,
  request: {},
} as const satisfies RouteSpec;

export const listContacts = {
  method: 'GET',
  path: '/directory/contacts',
  summary:
    'Lister les contacts de l’annuaire (filtres : public, commune, texte, actif). Numéros et adresses masqués, sauf pour l’administrateur.',
  roles: ROLES,
  request: { query: ListContactsQuery },
} as const satisfies RouteSpec;

export const getContact = {
  method: 'GET',
  path: '/directory/contacts/{id}',
  summary: 'Un contact de l’annuaire (numéro et adresse masqués, sauf pour l’administrateur).',
  roles: ROLES,
  request: { params: ContactIdParams },
} as const satisfies RouteSpec;

export const createContact = {
  method: 'POST',
  path: '/directory/contacts',
  summary: 'Ajouter un contact à l’annuaire.',
  roles: ['admin'],
  request: { body: ContactBody },
} as const satisfies RouteSpec;

export const updateContact = {
  method: 'PUT',
  path: '/directory/contacts/{id}',
  summary: 'Remplacer un contact (le corps est le contact entier ; un champ omis est retiré).',
  roles: ['admin'],
  request: { params: ContactIdParams, body: ContactBody },
} as const satisfies RouteSpec;

export const deactivateContact = {
  method: 'DELETE',
  path: '/directory/contacts/{id}',
  summary: 'Retirer un contact des listes : il reste, inactif, pour l’historique des activations.',
  roles: ['admin'],
  request: { params: ContactIdParams },
} as const satisfies RouteSpec;

export const importDirectory = {
  method: 'POST',
  path: '/directory/imports',
  summary:
    'Importer la liste d’un public (fichier CSV du tableur de la préfecture) : essai à blanc par défaut, application tout ou rien.',
  roles: ['admin'],
  request: { query: ImportDirectoryQuery, body: CsvFileBody, bodyMediaType: 'text/csv' },
} as const satisfies RouteSpec;

export const listDirectoryAudit = {
  method: 'GET',
  path: '/directory/audit',
  summary:
    'Le journal des modifications de l’annuaire : qui, quand, quels champs (jamais un numéro ni une adresse).',
  roles: ['admin', 'quality'],
  request: { query: ListDirectoryAuditQuery },
} as const satisfies RouteSpec;

export const listRosters = {
  method: 'GET',
  path: '/rosters',
  summary:
    'Les astreintes des deux cellules (communication, CIP) : créneaux, remplacements, suppléants, et qui est d’astreinte maintenant. Jamais un numéro ni une adresse.',
  roles: ROLES,
  request: {},
} as const satisfies RouteSpec;

export const updateRoster = {
  method: 'PUT',
  path: '/rosters/{cell}',
  summary:
    'Remplacer l’astreinte d’une cellule (le corps est l’astreinte entière) : créneaux hebdomadaires à l’heure de la préfecture, remplacements ponctuels, suppléants.',
  roles: ['admin'],
  request: { params: CellParams, body: RosterBody },
} as const satisfies RouteSpec;

export const getRosterCoverage = {
  method: 'GET',
  path: '/rosters/coverage',
  summary:
    'Les heures des jours à venir où personne n’est d’astreinte, par cellule : chacune rompt la promesse du 24 h sur 24.',
  roles: ROLES,
  request: { query: RosterCoverageQuery },
} as const satisfies RouteSpec;

export const acknowledgeCell = {
  method: 'POST',
  path: '/activations/{id}/acknowledgements',
  summary:
    'Prendre l’astreinte d’une cellule (communication par défaut) : la cellule est opérationnelle, les appels s’arrêtent.',
  roles: ['comms'],
  request: { params: ActivationIdParams, body: AcknowledgementBody },
} as const satisfies RouteSpec;

export const orderCip = {
  method: 'POST',
  path: '/activations/{id}/cip',
  summary:
    'Ordonner l’activation de la cellule d’information du public (M7-4) : ses opérateurs sont appelés, le numéro unique est publié dès qu’elle est opérationnelle.',
  roles: ['prefect'],
  request: { params: ActivationIdParams },
} as const satisfies RouteSpec;

export const postMessage = {
  method: 'POST',
  path: '/activations/{id}/messages',
  summary:
    'Envoyer un point de situation aux publics choisis (avec le numéro unique une fois publié), une seule fois par Idempotency-Key.',
  roles: ['comms', 'prefect'],
  request: { params: ActivationIdParams, body: PostMessageBody, idempotencyKey: IdempotencyKeyHeader },
} as const satisfies RouteSpec;

export const closeActivation = {
  method: 'POST',
  path: '/activations/{id}/close',
  summary:
    'Fin d’alerte : les appels s’arrêtent, le message de fin part aux publics informés, les engagements encore en attente sont jugés. La répéter ne change rien.',
  roles: ['prefect'],
  request: { params: ActivationIdParams, body: CloseActivationBody },
} as const satisfies RouteSpec;

export const listTemplates = {
  method: 'GET',
  path: '/templates',
  summary: 'Les modèles de message de chaque type d’événement (ceux de la préfecture, sinon ceux livrés).',
  roles: ROLES,
  request: {},
} as const satisfies RouteSpec;

export const getTemplate = {
  method: 'GET',
  path: '/templates/{eventType}',
  summary: 'Le modèle de message d’un type d’événement : SMS, courriel et consignes, avec leurs variables.',
  roles: ROLES,
  request: { params: EventTypeParams },
} as const satisfies RouteSpec;

export const updateTemplate = {
  method: 'PUT',
  path: '/templates/{eventType}',
  summary:
    'Remplace le modèle d’un type d’événement ; refusé s’il nomme une variable inconnue ou si le SMS, au pire, dépasse 6 parties.',
  roles: ['comms', 'admin'],
  request: { params: EventTypeParams, body: TemplateBody },
} as const satisfies RouteSpec;

export const getCommitmentsReport = {
  method: 'GET',
  path: '/reports/commitments',
  summary:
    'La revue annuelle Qual-e-pref : exercices et activations réelles, taux de chaque engagement tenu, délais d’information, M7-3, registre ; en JSON ou en CSV.',
  roles: ['quality', 'prefect', 'admin'],
  request: { query: CommitmentsReportQuery },
} as const satisfies RouteSpec;

export const getAckPage = {
  method: 'GET',
  path: '/ack/{code}',
  summary:
    'La page du lien d’un appel d’astreinte : qui est appelé et pour quoi, avec un bouton. L’ouvrir ne change rien.',
  roles: [],
  public: true,
  request: { params: AckCodeParams },
} as const satisfies RouteSpec;

export const confirmAck = {
  method: 'POST',
  path: '/ack/{code}',
  summary: 'Le bouton de la page d’appel : prend l’astreinte, une seule fois.',
  roles: [],
  public: true,
  request: { params: AckCodeParams },
} as const satisfies RouteSpec;

export const getOpenapi = {
  method: 'GET',
  path: '/openapi.json',
  summary: 'Cette description de l’API (OpenAPI 3.1).',
  roles: ROLES,
  request: {},
} as const satisfies RouteSpec;

export const routes = {
  startActivation,
  previewActivation,
  getGeography,
  listActivations,
  getActivation,
  getTimeline,
  listRecipients,
  getReadiness,
  listContacts,
  getContact,
  createContact,
  updateContact,
  deactivateContact,
  importDirectory,
  listDirectoryAudit,
  listRosters,
  updateRoster,
  getRosterCoverage,
  acknowledgeCell,
  orderCip,
  postMessage,
  closeActivation,
  listTemplates,
  getTemplate,
  updateTemplate,
  getCommitmentsReport,
  getAckPage,
  confirmAck,
  getOpenapi,
} as const;

export type RouteName = keyof typeof routes;
