/**
 * Read and write the message templates (GET/PUT /templates/{eventType}). Input: a hazard, or a template and
 * its author. Output: the template as `comms` and `admin` read it, flagged `stored` (someone wrote it) or
 * `default` (the demo template, served from the code). Main course: a hazard without a stored template is
 * served its demo template, so nothing is written at start and a new hazard gets its template with the code;
 * a write is validated (`validateTemplate`), then stamped with its instant and author, and replaces the
 * hazard's template whole.
 */
import { HAZARD_LABELS, HAZARDS, type Hazard } from '#domain/activation';
import { NotFoundError, ValidationError } from '#domain/errors';
import type { Ports } from '#domain/ports';
import {
  DEMO_TEMPLATES,
  type MessageTemplate,
  type TemplateFields,
  validateTemplate,
} from '#domain/templates';

/** `stored`: written by `comms` or `admin`; `default`: the demo template, never written. */
export type TemplateSource = 'stored' | 'default';

export interface TemplateView extends MessageTemplate {
  /** The hazard's French label (`Inondation`). */
  label: string;
  source: TemplateSource;
}

const isHazard = (value: string): value is Hazard => (HAZARDS as readonly string[]).includes(value);

const viewOf = (eventType: Hazard, stored: MessageTemplate | undefined): TemplateView =>
  stored
    ? { ...stored, eventType, label: HAZARD_LABELS[eventType], source: 'stored' }
    : { ...DEMO_TEMPLATES[eventType], label: HAZARD_LABELS[eventType], source: 'default' };

/**
 * The template of one hazard: the stored one, else its demo template.
 * @throws NotFoundError when `eventType` is no hazard (the edge refuses it first).
 */
export const getTemplate = async (
  eventType: Hazard,
  deps: Pick<Ports, 'templates'>,
): Promise<TemplateView> => {
  if (!isHazard(eventType)) throw new NotFoundError('Template', String(eventType));
  return viewOf(eventType, await deps.templates.get(eventType));
};

/** The template of every hazard, in the order of `HAZARDS`: stored, else the demo one. One read of the store. */
export const listTemplates = async (deps: Pick<Ports, 'templates'>): Promise<TemplateView[]> => {
  const stored = new Map((await deps.templates.list()).map((template) => [template.eventType, template]));
  return HAZARDS.map((eventType) => viewOf(eventType, stored.get(eventType)));
};

/**
 * Replaces the template of its hazard, stamped `updatedAt` (the clock) and `updatedBy` (the caller's id).
 * Only the template's own fields are kept, whatever else the object carries.
 * @throws ValidationError with every issue `validateTemplate` finds; nothing is written then.
 */
export const putTemplate = async (
  template: TemplateFields,
  context: { actor: string },
  deps: Pick<Ports, 'templates' | 'clock'>,
): Promise<TemplateView> => {
  const issues = validateTemplate(template);
  if (issues.length > 0) throw new ValidationError(issues);
  const stored: MessageTemplate = {
    eventType: template.eventType,
    sms: template.sms,
    email: { subject: template.email.subject, body: template.email.body },
    consignes: template.consignes,
    updatedAt: deps.clock.now().toISOString(),
    updatedBy: context.actor,
  };
  await deps.templates.put(stored);
  return viewOf(stored.eventType, stored);
};
