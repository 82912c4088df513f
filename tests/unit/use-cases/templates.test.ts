/** Reading and writing the message templates, on the in-memory fakes. */
import { describe, expect, it } from 'vitest';
import { HAZARDS, type Hazard } from '#domain/activation';
import { NotFoundError, ValidationError } from '#domain/errors';
import { DEMO_TEMPLATES, type MessageTemplate, type TemplateFields } from '#domain/templates';
import { fakePorts } from '#tests/helpers/fakes';
import { getTemplate, listTemplates, putTemplate } from '#use-cases/templates';

const comms = { actor: 'demo-comms' };

const floodTemplate = (overrides: Partial<TemplateFields> = {}): TemplateFields => ({
  eventType: 'flood',
  sms: 'Crue du Fier à {communes} depuis {heure}. {consignes}\nNuméro unique : {numero}',
  email: {
    subject: 'Crue du Fier : {communes}',
    body: 'Le Fier déborde à {communes} depuis {heure}.\n\n{consignes}\n\nNuméro unique : {numero}',
  },
  consignes: 'Éloignez-vous des berges du Fier.',
  ...overrides,
});

const aStoredTemplate = (eventType: Hazard, overrides: Partial<MessageTemplate> = {}): MessageTemplate => ({
  ...floodTemplate(),
  eventType,
  updatedAt: '2026-03-01T08:00:00.000Z',
  updatedBy: 'demo-admin',
  ...overrides,
});

describe('getTemplate', () => {
  it('serves the demo template of a hazard nobody wrote, flagged default', async () => {
    const ports = fakePorts();

    const template = await getTemplate('avalanche', ports);

    expect(template).toEqual({ ...DEMO_TEMPLATES.avalanche, label: 'Avalanche', source: 'default' });
    expect(template).not.toHaveProperty('updatedAt');
  });

  it('serves the stored template, flagged stored, with its author and instant', async () => {
    const ports = fakePorts({ templates: [aStoredTemplate('storm')] });

    expect(await getTemplate('storm', ports)).toEqual({
      ...aStoredTemplate('storm'),
      label: 'Tempête',
      source: 'stored',
    });
  });

  it('knows no template of what is not a hazard', async () => {
    await expect(getTemplate('volcano' as Hazard, fakePorts())).rejects.toThrow(NotFoundError);
  });
});

describe('putTemplate', () => {
  it('stores the template stamped with the clock and the author, and gets it back', async () => {
    const ports = fakePorts({ now: '2026-03-10T02:59:00.000Z' });

    const written = await putTemplate(floodTemplate(), comms, ports);

    const expected = {
      ...floodTemplate(),
      updatedAt: '2026-03-10T02:59:00.000Z',
      updatedBy: 'demo-comms',
    };
    expect(written).toEqual({ ...expected, label: 'Inondation', source: 'stored' });
    expect(await ports.templates.get('flood')).toEqual(expected);
    expect(await getTemplate('flood', ports)).toEqual(written);
  });

  it('replaces the previous template, with the new author and instant', async () => {
    const ports = fakePorts({ templates: [aStoredTemplate('flood')], now: '2026-03-10T03:10:00.000Z' });

    await putTemplate(
      floodTemplate({ consignes: 'Montez dans les étages.' }),
      { actor: 'demo-admin-2' },
      ports,
    );

    expect(await ports.templates.list()).toEqual([
      {
        ...floodTemplate({ consignes: 'Montez dans les étages.' }),
        updatedAt: '2026-03-10T03:10:00.000Z',
        updatedBy: 'demo-admin-2',
      },
    ]);
  });

  it('keeps only the template’s fields: an author or instant in the body is not believed', async () => {
    const ports = fakePorts({ now: '2026-03-10T02:59:00.000Z' });
    const forged = {
      ...floodTemplate(),
      updatedBy: 'someone-else',
      updatedAt: '2020-01-01T00:00:00.000Z',
      x: 1,
    };

    await putTemplate(forged, comms, ports);

    expect(await ports.templates.get('flood')).toEqual({
      ...floodTemplate(),
      updatedAt: '2026-03-10T02:59:00.000Z',
      updatedBy: 'demo-comms',
    });
  });

  it('refuses an unknown placeholder, naming it, and writes nothing', async () => {
    const ports = fakePorts();

    const error = await putTemplate(floodTemplate({ sms: 'Crue à {commune}.' }), comms, ports).catch(
      (caught: unknown) => caught,
    );

    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([
      {
        field: 'sms',
        message:
          'Variable inconnue {commune} dans le SMS : les variables sont {communes}, {heure}, {consignes}, {numero} (en minuscules, sans accent).',
      },
    ]);
    expect(await ports.templates.list()).toEqual([]);
  });

  it('stores a demo template as it is', async () => {
    const ports = fakePorts();

    await putTemplate(DEMO_TEMPLATES['forest-fire'], comms, ports);

    expect(await getTemplate('forest-fire', ports)).toMatchObject({
      ...DEMO_TEMPLATES['forest-fire'],
      source: 'stored',
      updatedBy: 'demo-comms',
    });
  });
});

describe('listTemplates', () => {
  it('lists every hazard in order, the stored templates flagged stored, the others default', async () => {
    const ports = fakePorts({ templates: [aStoredTemplate('snow'), aStoredTemplate('flood')] });

    const templates = await listTemplates(ports);

    expect(templates.map((template) => template.eventType)).toEqual([...HAZARDS]);
    expect(templates.map((template) => [template.eventType, template.source])).toEqual(
      HAZARDS.map((hazard) => [hazard, hazard === 'snow' || hazard === 'flood' ? 'stored' : 'default']),
    );
    expect(templates[0]).toEqual({ ...aStoredTemplate('flood'), label: 'Inondation', source: 'stored' });
    expect(templates[1]).toEqual({ ...DEMO_TEMPLATES.avalanche, label: 'Avalanche', source: 'default' });
  });
});
