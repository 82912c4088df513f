/**
 * The API's schemas: requests are parsed with them at the edge, and the OpenAPI document is generated
 * from them. Messages are French sentences (`frenchIssue`): staff read them. `zod/mini` rather than the
 * chainable API: the same engine and errors at 17 kB instead of 90 kB in every bundle. Each schema is built
 * through `schema`, so that a function bundles the schemas of its own route only.
 */

import * as z from 'zod/mini';
import { type Area, AUDIENCES, HAZARDS, MODES } from '#domain/activation';
import { DIRECTORY_AUDIENCES } from '#domain/contacts';
import { CONTACT_FUNCTIONS, type ContactFunction, DIRECTORY_AUDIENCE_LABELS } from '#domain/directory';
import { CELL_LABELS, CELLS, SHIFT_END, SHIFT_START } from '#domain/rosters';

const plural = (count: number | bigint, word: string) => `${count} ${word}${Number(count) > 1 ? 's' : ''}`;
const joinOptions = (values: readonly unknown[]) => {
  const names = values.map(String);
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} ou ${names.at(-1)}` : (names[0] ?? '');
};

const EXPECTED_TYPES: Record<string, string> = {
  string: 'Texte attendu.',
  number: 'Nombre attendu.',
  int: 'Nombre entier attendu.',
  boolean: 'Booléen attendu (true ou false).',
  array: 'Liste attendue.',
  object: 'Objet attendu.',
};

/** One French sentence per issue, for a duty officer: what is expected, never what zod received. */
const frenchIssue = (issue: z.core.$ZodRawIssue): string => {
  switch (issue.code) {
    case 'invalid_type': {
      const expected = EXPECTED_TYPES[issue.expected] ?? 'Valeur d’un autre type attendue.';
      if (issue.input === undefined) return `Champ obligatoire. ${expected}`;
      if (issue.expected === 'object' && (issue.path ?? []).length === 0)
        return 'Le corps de la requête doit être un objet JSON.';
      return expected;
    }
    case 'invalid_value': {
      const expected = `Valeur attendue : ${joinOptions(issue.values)}.`;
      return issue.input === undefined ? `Champ obligatoire. ${expected}` : expected;
    }
    case 'too_small':
      if (issue.origin === 'string') return `Au moins ${plural(issue.minimum, 'caractère')}.`;
      if (issue.origin === 'array') return `Au moins ${plural(issue.minimum, 'élément')}.`;
      return `${issue.inclusive ? 'Au minimum' : 'Plus de'} ${issue.minimum}.`;
    case 'too_big':
      if (issue.origin === 'string') return `Au plus ${plural(issue.maximum, 'caractère')}.`;
      if (issue.origin === 'array') return `Au plus ${plural(issue.maximum, 'élément')}.`;
      return `${issue.inclusive ? 'Au maximum' : 'Moins de'} ${issue.maximum}.`;
    case 'invalid_format':
      return issue.format === 'datetime'
        ? 'Date et heure ISO 8601 avec décalage attendues (ex. 2026-03-10T11:00:00+01:00).'
        : 'Format invalide.';
    case 'unrecognized_keys':
      return 'Champ inconnu.';
    default:
      return 'Valeur invalide.';
  }
};

// The messages a schema sets itself come first, then `frenchIssue`, which answers every issue: no zod locale
// is ever reached, so none is bundled.
z.config({ customError: frenchIssue });

/**
 * Builds a schema at load, as a call the bundler may drop when nothing uses its result: zod's builders are
 * calls that esbuild must otherwise keep, and every function would bundle every route's schemas.
 */
/* @__NO_SIDE_EFFECTS__ */
const schema = <T>(build: () => T): T => build();

const describe = (description: string) => z.meta({ description });

/**
 * Free text (title, SYNERGI reference, SMS, e-mail subject and body) is NFC-normalised and trimmed, and must
 * hold at least one letter or digit. It is refused, naming the field and the character (`U+202E`), when it
 * holds a lone surrogate, a control character (C0, DEL, C1) other than the line feed, a format character
 * (category Cf: bidi embeddings, overrides and isolates, zero-width spaces and joiners, BOM, soft hyphen) or
 * a line or paragraph separator: what a person cannot see must not reach a phone. The SMS and the e-mail body
 * are multi-line, and CR or CRLF become LF there first; every other text is one line and refuses any line
 * break. Emoji joined by a zero-width joiner are refused with it: the price of a closed rule.
 */
const forbiddenCharacter = (value: string, multiline: boolean): string | undefined => {
  const forbidden = multiline
    ? /(?!\n)[\p{Cc}\p{Cf}\p{Cs}\u2028\u2029]/u
    : /[\p{Cc}\p{Cf}\p{Cs}\u2028\u2029]/u;
  const found = forbidden.exec(value);
  if (!found) return undefined;
  const [character = ''] = found;
  const code = `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
  const at = `en position ${[...value.slice(0, found.index)].length + 1}`;
  if (/\p{Cs}/u.test(character))
    return `Caractère ${code} invalide ${at} : moitié de paire de substitution isolée (texte mal encodé).`;
  if (/[\n\r\u2028\u2029]/.test(character))
    return multiline
      ? `Séparateur de ligne ${code} interdit ${at} : utiliser un retour à la ligne simple.`
      : `Retour à la ligne ${code} interdit dans ce champ (${at}).`;
  if (/\p{Cc}/u.test(character)) return `Caractère de contrôle ${code} interdit ${at}.`;
  return `Caractère invisible de mise en forme ${code} interdit ${at}.`;
};

/** Free text of `min` to `max` characters once normalised; see `forbiddenCharacter` for what it refuses. */
const text = (min: number, max: number, { multiline = false } = {}) =>
  z.string().check(
    ...(multiline ? [z.overwrite((value: string) => value.replace(/\r\n?/g, '\n'))] : []),
    z.superRefine((value: string, context) => {
      const message = forbiddenCharacter(value, multiline);
      if (message) context.addIssue({ code: 'custom', message, input: value, continue: false });
    }),
    z.normalize('NFC'),
    z.trim(),
    z.minLength(min, { abort: true }),
    z.maxLength(max, { abort: true }),
    z.refine((value: string) => /[\p{L}\p{N}]/u.test(value), {
      message: 'Le texte doit contenir au moins une lettre ou un chiffre.',
    }),
  );

/** The offsets of the zones on Earth, in minutes: UTC−12:00 (Baker Island) to UTC+14:00 (Line Islands). */
const EARTH_OFFSETS = { min: -12 * 60, max: 14 * 60 };
const offsetOnEarth = (value: string) => {
  const offset = /([+-])(\d{2}):(\d{2})$/.exec(value);
  if (!offset) return true;
  const minutes = (offset[1] === '-' ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3]));
  return minutes >= EARTH_OFFSETS.min && minutes <= EARTH_OFFSETS.max;
};

const inseeCode = schema(() =>
  z
    .string()
    .check(z.regex(/^(\d{5}|2[AB]\d{3})$/, 'Code INSEE de commune attendu (5 caractères, ex. 74010).')),
);
const arrondissementCode = schema(() =>
  z.string().check(z.regex(/^(\d{3}|2[AB]\d|97\d{2})$/, 'Code d’arrondissement attendu (ex. 741).')),
);

export const AreaSchema = schema(() =>
  z
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
      describe(
        'La zone touchée : une liste de communes, une liste d’arrondissements, ou tout le département.',
      ),
    ),
);

const ActivationMode = schema(() =>
  z.enum(MODES).check(describe('`exercise` : exercice ; `real` : événement réel.')),
);

/** The message sent to the audiences, first and follow-up alike: the same shape and limits. */
const AudienceMessage = schema(() =>
  z
    .strictObject({
      sms: text(1, 1_000, { multiline: true }),
      email: z.strictObject({ subject: text(1, 150), body: text(1, 20_000, { multiline: true }) }),
    })
    .check(describe('L’information factuelle envoyée à tous les publics.')),
);

export const StartActivationBody = schema(() =>
  z.strictObject({
    mode: ActivationMode,
    eventType: z.enum(HAZARDS),
    title: text(3, 120),
    synergiRef: text(1, 64).check(describe('Référence de l’événement dans SYNERGI.')),
    decidedAt: z.iso.datetime({ offset: true }).check(
      z.refine(offsetOnEarth, {
        message: 'Décalage horaire hors des fuseaux terrestres (de -12:00 à +14:00) : vérifier T0.',
      }),
      describe('T0 : décision du préfet (ISO 8601 avec décalage), 24 h au plus dans le passé.'),
    ),
    area: AreaSchema,
    message: AudienceMessage,
  }),
);

export const CommitmentsReportQuery = schema(() =>
  z.strictObject({
    year: z.coerce
      .number()
      .check(z.int(), z.minimum(2000), z.maximum(2100), describe('L’année civile, à l’heure de Paris.')),
    format: z
      ._default(z.enum(['json', 'csv']), 'json')
      .check(describe('`csv` : le même rapport pour un tableur.')),
  }),
);

export const EventTypeParams = schema(() => z.strictObject({ eventType: z.enum(HAZARDS) }));

export const TemplateBody = schema(() =>
  z.strictObject({
    sms: text(1, 1_000, { multiline: true }).check(
      describe(
        'Le SMS, avec {communes}, {heure}, {consignes} et {numero} (le numéro unique, une fois publié).',
      ),
    ),
    email: z.strictObject({ subject: text(1, 150), body: text(1, 20_000, { multiline: true }) }),
    consignes: text(1, 1_000, { multiline: true }).check(
      describe('Les consignes de sécurité par défaut : {consignes}.'),
    ),
  }),
);

/** What the activate form previews: the area, the mode and the SMS as typed. */
export const PreviewActivationBody = schema(() =>
  z.strictObject({
    mode: ActivationMode,
    area: AreaSchema,
    sms: text(1, 1_000, { multiline: true }),
  }),
);

export const PostMessageBody = schema(() =>
  z.strictObject({
    audiences: z.array(z.enum(AUDIENCES)).check(
      z.minLength(1, 'Choisir au moins un public.'),
      z.refine((audiences) => new Set(audiences).size === audiences.length, {
        message: 'Chaque public une seule fois.',
      }),
      describe('Les publics qui reçoivent le message : `officials`, `press`, `publicLine`.'),
    ),
    message: AudienceMessage,
  }),
);

export const CloseActivationBody = schema(() =>
  z.strictObject({
    message: z
      .optional(AudienceMessage)
      .check(
        describe(
          'Le message de fin d’alerte ; sans lui, un message type (l’événement et l’heure de fin) est envoyé.',
        ),
      ),
  }),
);

export const IdempotencyKeyHeader = schema(() =>
  text(8, 128).check(
    describe('Clé unique par activation : un nouvel envoi avec la même clé ne crée rien de nouveau.'),
  ),
);

export const ListActivationsQuery = schema(() =>
  z.strictObject({
    mode: z.optional(z.enum(MODES)),
    year: z.optional(z.coerce.number().check(z.int(), z.minimum(2000), z.maximum(2100))),
    limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 50),
    cursor: z.optional(z.string().check(z.maxLength(2_000))),
  }),
);

export const ActivationIdParams = schema(() =>
  z.strictObject({ id: z.string().check(z.minLength(1), z.maxLength(64)) }),
);

// ---------------------------------------------------------------------------------------------------------
// The directory

const CONTACT_FUNCTION_KEYS = schema(
  () => Object.keys(CONTACT_FUNCTIONS) as [ContactFunction, ...ContactFunction[]],
);

/** A boolean in a query string: `true` or `false`. */
const queryBoolean = schema(() =>
  z.pipe(
    z.enum(['true', 'false']),
    z.transform((value) => value === 'true'),
  ),
);

export const ContactIdParams = schema(() =>
  z.strictObject({
    id: z
      .string()
      .check(z.minLength(1), z.maxLength(64), z.regex(/^[\w-]+$/, 'Identifiant de contact invalide.')),
  }),
);

export const ListContactsQuery = schema(() =>
  z.strictObject({
    audience: z.optional(z.enum(DIRECTORY_AUDIENCES)),
    commune: z.optional(inseeCode),
    text: z.optional(
      text(1, 100).check(describe('Mots cherchés dans le nom, l’organisme, la fonction ou l’identifiant.')),
    ),
    active: z.optional(queryBoolean),
    limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(200)), 50),
    cursor: z.optional(z.string().check(z.maxLength(2_000))),
  }),
);

/**
 * A contact as an administrator writes it (POST and PUT: the whole contact). The number and the address are
 * checked by the use case (libphonenumber-js, the department's communes), which names the field it refuses.
 */
export const ContactBody = schema(() =>
  z.strictObject({
    audience: z.enum(DIRECTORY_AUDIENCES),
    function: z.enum(CONTACT_FUNCTION_KEYS),
    name: text(1, 120).check(
      describe('Comme le destinataire est nommé (« Maire d’Annecy », « Rédaction du Dauphiné »).'),
    ),
    organisation: z.optional(text(1, 120)),
    communes: z.optional(
      z
        .array(inseeCode)
        .check(z.maxLength(1_000), describe('Les communes que le contact représente (codes INSEE).')),
    ),
    phone: z.optional(
      z
        .string()
        .check(
          z.maxLength(40),
          describe('Mobile : 06 39 98 12 34 ou +33 6 39 98 12 34 ; enregistré en E.164.'),
        ),
    ),
    email: z.optional(z.string().check(z.maxLength(254))),
    active: z.optional(z.boolean()),
  }),
);

export const ImportDirectoryQuery = schema(() =>
  z.strictObject({
    audience: z.enum(DIRECTORY_AUDIENCES).check(describe('Le public dont le fichier est la liste.')),
    dryRun: z
      ._default(queryBoolean, true)
      .check(describe('`true` (par défaut) : dit ce que l’import ferait, sans rien changer.')),
  }),
);

/** The file's bytes, as the edge read them (base64 decoded): read by the import itself. */
export const CsvFileBody = schema(() =>
  z.custom<Uint8Array>((value) => value instanceof Uint8Array && value.length > 0, {
    message: 'Fichier CSV vide.',
  }),
);

export const ListDirectoryAuditQuery = schema(() =>
  z.strictObject({
    contactId: z.optional(ContactIdParams.shape.id),
    limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(200)), 50),
    cursor: z.optional(z.string().check(z.maxLength(2_000))),
  }),
);

// ---------------------------------------------------------------------------------------------------------
// The rosters

export const CellParams = schema(() =>
  z.strictObject({
    cell: z
      .enum(CELLS)
      .check(
        describe(
          `La cellule : ${CELLS.map((cell) => `\`${cell}\` (${CELL_LABELS[cell].toLowerCase()})`).join(', ')}.`,
        ),
      ),
  }),
);

/** The people of a shift or an override, in the order they are paged: contacts of the `onCall` audience. */
const onCallContacts = schema(() =>
  z
    .array(ContactIdParams.shape.id)
    .check(
      z.minLength(1, 'Indiquer au moins une personne d’astreinte.'),
      z.maxLength(20),
      describe(
        `Identifiants de contacts du public « ${DIRECTORY_AUDIENCE_LABELS.onCall} » (onCall), actifs, dans l’ordre d’appel.`,
      ),
    ),
);

const ShiftBody = schema(() =>
  z.strictObject({
    days: z.array(z.int().check(z.minimum(1), z.maximum(7))).check(
      z.minLength(1, 'Indiquer au moins un jour (1 = lundi … 7 = dimanche).'),
      z.maxLength(7),
      z.refine((days: number[]) => new Set(days).size === days.length, {
        message: 'Chaque jour une seule fois.',
      }),
      describe('Les jours où le créneau commence : 1 = lundi … 7 = dimanche.'),
    ),
    start: z
      .string()
      .check(
        z.regex(SHIFT_START, 'Heure attendue au format HH:MM, de 00:00 à 23:59 (ex. 08:00).'),
        describe('Début, heure de la préfecture.'),
      ),
    end: z
      .string()
      .check(
        z.regex(SHIFT_END, 'Heure attendue au format HH:MM, de 00:00 à 24:00 (ex. 20:00).'),
        describe('Fin, heure de la préfecture ; une fin avant ou égale au début se termine le lendemain.'),
      ),
    contactIds: onCallContacts,
  }),
);

const instantWithOffset = schema(() =>
  z.iso.datetime({ offset: true }).check(
    z.refine(offsetOnEarth, {
      message: 'Décalage horaire hors des fuseaux terrestres (de -12:00 à +14:00).',
    }),
  ),
);

const OverrideBody = schema(() =>
  z
    .strictObject({
      from: instantWithOffset,
      to: instantWithOffset,
      contactIds: onCallContacts,
      reason: text(1, 120).check(describe('Le motif, en français : « Congés », « Échange ».')),
    })
    .check(
      z.superRefine((override, context) => {
        if (!(Date.parse(override.from) < Date.parse(override.to)))
          context.addIssue({
            code: 'custom',
            path: ['to'],
            message: 'La fin du remplacement doit suivre son début.',
            input: override.to,
          });
      }),
      describe('Un remplacement ponctuel (congés, échange) : ces personnes remplacent les créneaux.'),
    ),
);

/** A cell's whole roster (PUT): a part left out is emptied. */
export const RosterBody = schema(() =>
  z.strictObject({
    shifts: z
      .array(ShiftBody)
      .check(z.maxLength(100), describe('Les créneaux hebdomadaires, à l’heure de la préfecture.')),
    overrides: z._default(z.array(OverrideBody).check(z.maxLength(366)), []),
    backup: z._default(
      z
        .array(ContactIdParams.shape.id)
        .check(
          z.maxLength(20),
          describe('Les suppléants, appelés après les personnes d’astreinte, dans cet ordre.'),
        ),
      [],
    ),
  }),
);

export const RosterCoverageQuery = schema(() =>
  z.strictObject({
    days: z._default(
      z.coerce
        .number()
        .check(z.int(), z.minimum(1), z.maximum(31), describe('Le nombre de jours à venir (1 à 31).')),
      7,
    ),
  }),
);

// ---------------------------------------------------------------------------------------------------------
// Acknowledgements

/** The code of a page's link: anything else names no page (the page answers so, in French). */
export const AckCodeParams = schema(() =>
  z.strictObject({ code: z.string().check(z.minLength(1), z.maxLength(64)) }),
);

export const AcknowledgementBody = schema(() =>
  z.strictObject({
    cell: z._default(CellParams.shape.cell, 'communication'),
  }),
);
