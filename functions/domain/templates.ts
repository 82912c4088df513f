/**
 * Message templates: per hazard, a ready SMS and e-mail in French with placeholders, what the ministry's GALA
 * and the télé-alerte tools give a duty officer at 3 a.m. A template is filled (`renderTemplate`) into the
 * factual message of an activation or a follow-up; `validateTemplate` refuses at write time what rendering
 * could not handle (an unknown placeholder, an SMS too long for the worst case). Pure.
 */
import { type FactualMessage, HAZARD_LABELS, HAZARDS, type Hazard } from './activation.ts';
import type { FieldIssue } from './errors.ts';
import { countSms, frameSms, MAX_SMS_PARTS } from './messages.ts';

export interface MessageTemplate {
  eventType: Hazard;
  /** The SMS, with placeholders. */
  sms: string;
  /** The e-mail, with placeholders (the subject only `{communes}` and `{heure}`). */
  email: { subject: string; body: string };
  /** The default safety instructions for the hazard, in French, without placeholders: what `{consignes}` becomes. */
  consignes: string;
  updatedAt?: string;
  /** The user id (token subject) of whoever wrote it last. */
  updatedBy?: string;
}

/** A template as its author writes it, before the store stamps it. */
export type TemplateFields = Omit<MessageTemplate, 'updatedAt' | 'updatedBy'>;

export const PLACEHOLDERS = ['communes', 'heure', 'consignes', 'numero'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

/** What each placeholder becomes, in French, for the people who edit templates. */
export const PLACEHOLDER_DESCRIPTIONS: Record<Placeholder, string> = {
  communes:
    'Les communes touchées : « Annecy », « Annecy et Thonon-les-Bains », au-delà de cinq « Annecy, Cluses, Sallanches, Thônes et 12 autres communes ».',
  heure: 'L’heure de la décision du préfet (T0), à l’heure de la préfecture : « 14:05 ».',
  consignes:
    'Les consignes de sécurité du modèle, ou celles que le cadre de permanence écrit à leur place ; insérées telles quelles.',
  numero:
    'Le numéro unique d’information du public, une fois publié. Tant qu’il n’est pas connu, toute ligne qui contient {numero} est retirée : l’écrire sur une ligne à part, avec son libellé.',
};

/** The longest text each field takes, as the activation's message (`StartActivationBody`) does. */
export const TEMPLATE_MAX_LENGTHS = { sms: 1_000, subject: 150, body: 20_000, consignes: 1_000 } as const;

/** The values a template is filled with: plain text, inserted as it is. */
export interface TemplateValues {
  /** The affected communes, as `communesText` writes them. */
  communes: string;
  /** T0 on the prefecture's clock (`timeOfDay`). */
  heure: string;
  /** @default the template's own `consignes` */
  consignes?: string;
  /** The numéro unique once published; absent or blank, every line holding `{numero}` is removed. */
  numero?: string;
}

/** Up to five communes by name, then the first four and how many others. */
const NAMED_COMMUNES = 5;

/**
 * The affected communes as a sentence reads them: `Annecy`, `Annecy et Thonon-les-Bains`,
 * `Annecy, Cluses et Thonon-les-Bains`, up to five names; beyond, the first four and the count of the others
 * (`Annecy, Cluses, Sallanches, Thônes et 12 autres communes`). No ellipsis: `…` is not GSM-7, and one
 * would switch every SMS about a large area to UCS-2 (less than half the characters per part). Empty for no
 * name.
 */
export const communesText = (names: readonly string[]): string => {
  if (names.length <= 1) return names[0] ?? '';
  if (names.length <= NAMED_COMMUNES) return `${names.slice(0, -1).join(', ')} et ${names.at(-1)}`;
  return `${names.slice(0, NAMED_COMMUNES - 1).join(', ')} et ${names.length - (NAMED_COMMUNES - 1)} autres communes`;
};

/**
 * The longest values a template must hold: the longest `communesText` of Haute-Savoie (five names of 23 to
 * 25 characters, one of them outside GSM-7 so that the SMS is counted in UCS-2), the longest number the
 * configuration accepts for the numéro unique (21 characters). The template's own consignes are used.
 */
export const WORST_CASE_VALUES = {
  communes: communesText([
    'La Chapelle-Saint-Maurice',
    'Menthonnex-sous-Clermont',
    'Saint-Julien-en-Genevois',
    'Saint-Pierre-en-Faucigny',
    'Saint-Germain-sur-Rhône',
  ]),
  heure: '23:59',
  numero: '+33 1 99 00 74 74 000',
} as const satisfies TemplateValues;

const PLACEHOLDER_TOKEN = /\{(communes|heure|consignes|numero)\}/g;
/** Anything between braces: a placeholder, known or not. */
const ANY_TOKEN = /\{([^{}\n]*)\}/g;

/** Removes the lines holding `{numero}`, and the blank lines doubled, leading or trailing that they leave. */
const withoutNumberLines = (text: string): string => {
  const lines = text.split('\n');
  const kept = lines.filter((line) => !line.includes('{numero}'));
  if (kept.length === lines.length) return text;
  return kept
    .filter((line, index) => line.trim() !== '' || (index > 0 && kept[index - 1]?.trim() !== ''))
    .join('\n')
    .replace(/\n\s*$/, '');
};

const fill = (text: string, values: Record<Placeholder, string>, hasNumber: boolean): string =>
  // One pass: a value is never read for placeholders (consignes that hold `{heure}` stay as written).
  (hasNumber ? text : withoutNumberLines(text)).replace(
    PLACEHOLDER_TOKEN,
    (_token, name: Placeholder) => values[name],
  );

/**
 * The factual message a template gives with these values: each `{communes}`, `{heure}`, `{consignes}` and
 * `{numero}` replaced by its value. Without a number (absent or blank), every line that holds `{numero}` is
 * removed, with the blank line it would leave. A placeholder it does not know is left as is: the store never
 * holds one (`validateTemplate`).
 */
export const renderTemplate = (
  template: Pick<MessageTemplate, 'sms' | 'email' | 'consignes'>,
  values: TemplateValues,
): FactualMessage => {
  const numero = values.numero?.trim() ?? '';
  const all: Record<Placeholder, string> = {
    communes: values.communes,
    heure: values.heure,
    consignes: values.consignes ?? template.consignes,
    numero,
  };
  const hasNumber = numero !== '';
  return {
    sms: fill(template.sms, all, hasNumber),
    email: {
      subject: fill(template.email.subject, all, hasNumber),
      body: fill(template.email.body, all, hasNumber),
    },
  };
};

interface FieldRule {
  field: string;
  /** The field in a French sentence: `dans le SMS`. */
  where: string;
  max: number;
  placeholders: readonly Placeholder[];
  /** Why the other placeholders are refused there. */
  refusal: string;
}

const RULES = {
  sms: {
    field: 'sms',
    where: 'dans le SMS',
    max: TEMPLATE_MAX_LENGTHS.sms,
    placeholders: PLACEHOLDERS,
    refusal: '',
  },
  subject: {
    field: 'email.subject',
    where: 'dans l’objet du courriel',
    max: TEMPLATE_MAX_LENGTHS.subject,
    placeholders: ['communes', 'heure'],
    refusal: 'l’objet tient sur une ligne courte : seules {communes} et {heure} y sont permises.',
  },
  body: {
    field: 'email.body',
    where: 'dans le corps du courriel',
    max: TEMPLATE_MAX_LENGTHS.body,
    placeholders: PLACEHOLDERS,
    refusal: '',
  },
  consignes: {
    field: 'consignes',
    where: 'dans les consignes',
    max: TEMPLATE_MAX_LENGTHS.consignes,
    placeholders: [],
    refusal: 'les consignes ne contiennent aucune variable, elles remplacent {consignes} telles quelles.',
  },
} as const satisfies Record<string, FieldRule>;

const KNOWN = PLACEHOLDERS.map((name) => `{${name}}`).join(', ');

/** The issues of one text: empty, too long, a placeholder unknown or not allowed there, a lone brace. */
const textIssues = (text: string, rule: FieldRule): FieldIssue[] => {
  if (text.trim() === '') return [{ field: rule.field, message: 'Texte vide : ce champ est obligatoire.' }];
  const issues: FieldIssue[] = [];
  if (text.length > rule.max)
    issues.push({ field: rule.field, message: `Au plus ${rule.max} caractères (${text.length} écrits).` });
  const seen = new Set<string>();
  for (const [token, name = ''] of text.matchAll(ANY_TOKEN)) {
    if (seen.has(token)) continue;
    seen.add(token);
    if (!(PLACEHOLDERS as readonly string[]).includes(name)) {
      issues.push({
        field: rule.field,
        message: `Variable inconnue ${token} ${rule.where} : les variables sont ${KNOWN} (en minuscules, sans accent).`,
      });
    } else if (!(rule.placeholders as readonly string[]).includes(name)) {
      issues.push({
        field: rule.field,
        message: `Variable ${token} non permise ${rule.where} : ${rule.refusal}`,
      });
    }
  }
  if (/[{}]/.test(text.replace(ANY_TOKEN, '')))
    issues.push({
      field: rule.field,
      message: `Accolade seule ${rule.where} : une variable s’écrit entre deux accolades, par exemple {communes}.`,
    });
  return issues;
};

/**
 * Everything wrong with a template, in French, by field (`sms`, `email.subject`, `email.body`, `consignes`):
 * an empty text, a text longer than the activation's message allows, a placeholder unknown or not allowed in
 * its field (named), a lone brace; then, with the worst-case values (`WORST_CASE_VALUES`), an SMS over
 * `MAX_SMS_PARTS` once framed for an exercise, a subject over 150 characters, and a text left empty when the
 * numéro unique is not known yet. Empty when the template can be stored.
 */
export const validateTemplate = (template: TemplateFields): FieldIssue[] => {
  const issues: FieldIssue[] = [];
  if (!(HAZARDS as readonly string[]).includes(template.eventType))
    issues.push({ field: 'eventType', message: `Type d’événement inconnu : ${String(template.eventType)}.` });
  const sms = textIssues(template.sms, RULES.sms);
  const subject = textIssues(template.email.subject, RULES.subject);
  const body = textIssues(template.email.body, RULES.body);
  const consignes = textIssues(template.consignes, RULES.consignes);
  issues.push(...sms, ...subject, ...body, ...consignes);

  const worst = renderTemplate(template, WORST_CASE_VALUES);
  const bare = renderTemplate(template, { communes: WORST_CASE_VALUES.communes, heure: '' });
  if (sms.length === 0 && consignes.length === 0) {
    const count = countSms(frameSms(worst.sms, 'exercise'));
    if (count.parts > MAX_SMS_PARTS)
      issues.push({
        field: 'sms',
        message: `Avec des valeurs longues (cinq communes aux noms longs, numéro unique connu), le SMS prendrait ${count.parts} parties (${count.encoding}) une fois encadré pour un exercice ; ${MAX_SMS_PARTS} au plus. Raccourcir le SMS ou les consignes.`,
      });
  }
  if (sms.length === 0 && bare.sms.trim() === '')
    issues.push({
      field: 'sms',
      message:
        'Tant que le numéro unique n’est pas connu, la ligne de {numero} est retirée et le SMS serait vide.',
    });
  if (subject.length === 0 && worst.email.subject.length > TEMPLATE_MAX_LENGTHS.subject)
    issues.push({
      field: 'email.subject',
      message: `Avec cinq communes aux noms longs, l’objet ferait ${worst.email.subject.length} caractères ; ${TEMPLATE_MAX_LENGTHS.subject} au plus.`,
    });
  if (body.length === 0 && bare.email.body.trim() === '')
    issues.push({
      field: 'email.body',
      message:
        'Tant que le numéro unique n’est pas connu, la ligne de {numero} est retirée et le courriel serait vide.',
    });
  return issues;
};

// ---------------------------------------------------------------------------------------------------------
// The demo set

/**
 * One demo template, in the prefecture's house style. The SMS and the consignes are written without an
 * apostrophe and without `ê â î ô û ç œ`: they stay GSM-7, where two parts hold 252 characters once framed for
 * an exercise; one `’` would switch the SMS to UCS-2, where two parts leave 80, too few for what, where,
 * since when, what to do and where to learn more. The e-mail (UTF-8) keeps French typography.
 */
const demo = (
  eventType: Hazard,
  text: {
    /** The SMS's first sentence: what, since when (`{heure}`). */
    what: string;
    consignes: string;
    /** The e-mail's first paragraph: what, since when, where (`{heure}`, `{communes}`). */
    situation: string;
    /** What the e-mail adds to the consignes. */
    advice: string;
  },
): TemplateFields => ({
  eventType,
  sms: `${text.what} Communes : {communes}. {consignes} Infos : radio locale, site de la préfecture.\nNuméro unique : {numero}`,
  email: {
    subject: `${HAZARD_LABELS[eventType]} : information de la préfecture ({heure})`,
    body: [
      'Madame, Monsieur,',
      text.situation,
      `Consignes à la population :\n{consignes}\n${text.advice}`,
      [
        'Pour s’informer : radio locale, site internet et comptes officiels de la préfecture sur les réseaux sociaux. N’appelez les numéros d’urgence (15, 17, 18, 112) qu’en cas de besoin : laissez-les libres pour les secours.',
        'Numéro unique d’information du public : {numero}',
      ].join('\n'),
      'La préfecture communiquera sur l’évolution de la situation.',
    ].join('\n\n'),
  },
  consignes: text.consignes,
});

const COD = 'Le préfet a activé le centre opérationnel départemental (COD) à {heure}';

/** A demo template for every hazard: served while no template of that hazard is stored. */
export const DEMO_TEMPLATES: Record<Hazard, TemplateFields> = {
  flood: demo('flood', {
    what: 'Inondation en cours depuis {heure}.',
    consignes: 'Éloignez-vous des berges. Ne prenez pas votre véhicule. Montez dans les étages.',
    situation: `${COD} en raison d’inondations sur les communes suivantes : {communes}. Des débordements de cours d’eau et des coupures de routes sont en cours ou attendus.`,
    advice:
      'Ne vous engagez ni à pied ni en voiture sur une route inondée. N’allez pas chercher vos enfants à l’école : ils y sont pris en charge.',
  }),
  avalanche: demo('avalanche', {
    what: 'Avalanches en cours depuis {heure}.',
    consignes: 'Restez hors des zones exposées. Respectez les routes et pistes fermées.',
    situation: `${COD} en raison d’avalanches et d’un risque de nouvelles coulées sur les communes suivantes : {communes}. Des routes et des domaines skiables peuvent être fermés par arrêté.`,
    advice:
      'Ne vous rendez pas sur les lieux des avalanches : les secours y sont engagés. Tenez compte des fermetures décidées par les maires.',
  }),
  landslide: demo('landslide', {
    what: 'Glissement de terrain depuis {heure}.',
    consignes: 'Éloignez-vous de la zone. Ne revenez pas chez vous sans autorisation.',
    situation: `${COD} en raison d’un mouvement de terrain sur les communes suivantes : {communes}. Un périmètre de sécurité est établi ; des habitations peuvent être évacuées.`,
    advice:
      'N’entrez pas dans le périmètre de sécurité. Signalez en mairie toute fissure nouvelle sur un bâtiment ou une route.',
  }),
  storm: demo('storm', {
    what: 'Vents violents depuis {heure}.',
    consignes: 'Restez chez vous. Rangez les objets exposés au vent. Évitez les zones boisées.',
    situation: `${COD} en raison d’une tempête sur les communes suivantes : {communes}. Des chutes d’arbres et des coupures d’électricité sont possibles.`,
    advice:
      'Ne montez pas sur les toits. Ne touchez pas aux câbles électriques tombés au sol. Évitez les forêts et les bords de lac.',
  }),
  snow: demo('snow', {
    what: 'Neige et verglas depuis {heure}.',
    consignes: 'Évitez la route. Sinon, équipez votre véhicule et respectez les restrictions.',
    situation: `${COD} en raison de chutes de neige et de verglas sur les communes suivantes : {communes}. La circulation est très difficile ; des restrictions pour les poids lourds peuvent être prises.`,
    advice:
      'Ne prenez la route qu’en cas de nécessité, avec des équipements spéciaux, après vous être informé des conditions de circulation. Déneigez le trottoir devant chez vous.',
  }),
  'forest-fire': demo('forest-fire', {
    what: 'Incendie de végétation depuis {heure}.',
    consignes: 'Ne vous approchez pas du feu. Rentrez chez vous, fermez portes et volets.',
    situation: `${COD} en raison d’un feu de forêt sur les communes suivantes : {communes}. Des routes peuvent être fermées et des évacuations décidées.`,
    advice:
      'Une maison protège mieux qu’un véhicule : ne fuyez pas en voiture au travers des fumées. N’allumez aucun feu. Suivez les ordres d’évacuation.',
  }),
  earthquake: demo('earthquake', {
    what: 'Séisme ressenti à {heure}.',
    consignes: 'Éloignez-vous des murs. Coupez gaz et électricité. Attendez-vous à des répliques.',
    situation:
      'Un séisme a été ressenti à {heure} sur les communes suivantes : {communes}. Le préfet a activé le centre opérationnel départemental (COD) ; les dégâts sont en cours d’évaluation.',
    advice:
      'Ne rentrez pas dans un bâtiment endommagé. N’utilisez pas les ascenseurs. N’allumez pas de flamme : risque de fuite de gaz.',
  }),
  'industrial-accident': demo('industrial-accident', {
    what: 'Accident industriel depuis {heure}.',
    consignes: 'Confinez-vous dans un local clos. Fermez portes et volets. Coupez la ventilation.',
    situation: `${COD} en raison d’un accident industriel qui concerne les communes suivantes : {communes}. Les secours sont sur place.`,
    advice:
      'N’allez pas chercher vos enfants à l’école : ils y sont mis à l’abri. Ne fumez pas. Ne sortez qu’à l’annonce de la fin d’alerte.',
  }),
  'dangerous-goods-transport': demo('dangerous-goods-transport', {
    what: 'Accident de matières dangereuses depuis {heure}.',
    consignes: 'Confinez-vous dans un local clos. Coupez la ventilation.',
    situation: `${COD} en raison d’un accident de transport de matières dangereuses qui concerne les communes suivantes : {communes}. Un périmètre de sécurité est établi et des routes sont fermées.`,
    advice:
      'Ne vous approchez pas du lieu de l’accident. N’allez pas chercher vos enfants à l’école. Ne sortez qu’à l’annonce de la fin d’alerte.',
  }),
  'network-outage': demo('network-outage', {
    what: 'Panne de réseaux depuis {heure}.',
    consignes: 'Urgence : composez le 112 ou allez en mairie. Veillez sur les personnes fragiles.',
    situation: `${COD} en raison d’une panne de réseaux (électricité, téléphone, internet) sur les communes suivantes : {communes}. Les opérateurs travaillent au rétablissement.`,
    advice:
      'Si les numéros d’urgence ne répondent pas, rendez-vous en mairie ou à la caserne de pompiers la plus proche. N’utilisez pas de groupe électrogène dans un local fermé.',
  }),
  'public-health': demo('public-health', {
    what: 'Alerte sanitaire depuis {heure}.',
    consignes: 'Suivez les consignes sanitaires. Appelez le 15 en cas de signe grave.',
    situation: `${COD} en raison d’un événement sanitaire qui concerne les communes suivantes : {communes}. L’agence régionale de santé (ARS) est mobilisée.`,
    advice:
      'Ne vous rendez pas aux urgences sans avoir appelé le 15. Suivez les recommandations de l’agence régionale de santé.',
  }),
  other: demo('other', {
    what: 'Événement majeur en cours depuis {heure}.',
    consignes: 'Suivez les consignes des autorités. Limitez vos déplacements.',
    situation: `${COD} en raison d’un événement majeur qui concerne les communes suivantes : {communes}.`,
    advice: 'Suivez les consignes des forces de l’ordre et des secours sur place.',
  }),
};
