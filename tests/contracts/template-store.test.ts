/**
 * The TemplateStore contract: one template per hazard, replaced whole by a write, read back as written (French
 * typography and audit fields included), listed by hazard key; run on the DynamoDB adapter (dynalite, and
 * DynamoDB Local in the `dynamodb-local` project) and on the in-memory fake.
 */
import { describe, expect, it } from 'vitest';
import type { TemplateStore } from '#domain/ports';
import type { MessageTemplate } from '#domain/templates';
import { fakeTemplateStore } from '#tests/helpers/fakes';
import { startTestTable } from '#tests/helpers/local-table';
import { inMemory, onTable, type Subject, useFreshSubject } from './subject.ts';

const aTemplate = (overrides: Partial<MessageTemplate> = {}): MessageTemplate => ({
  eventType: 'flood',
  sms: 'Crue à {communes} depuis {heure}. {consignes}\nNuméro unique : {numero}',
  email: {
    subject: 'Inondation : {communes}',
    body: 'Madame, Monsieur,\n\nL’eau monte à {communes} depuis {heure}.\n\n{consignes}',
  },
  consignes: 'Éloignez-vous des berges. Montez dans les étages.',
  updatedAt: '2026-03-10T10:05:00.000Z',
  updatedBy: 'demo-comms',
  ...overrides,
});

const templateStoreContract = (name: string, start: () => Promise<Subject<TemplateStore>>) =>
  describe(`TemplateStore contract: ${name}`, () => {
    const templates = useFreshSubject(start);

    it('has no template of a hazard nobody wrote', async () => {
      expect(await templates().get('flood')).toBeUndefined();
      expect(await templates().list()).toEqual([]);
    });

    it('gives a template back as written, with its author and instant', async () => {
      const template = aTemplate({ sms: 'Crue : l’eau monte 🌊 à {communes}.' });
      await templates().put(template);
      expect(await templates().get('flood')).toEqual(template);
      expect(await templates().get('avalanche')).toBeUndefined();
    });

    it('replaces the template of a hazard whole: what the new one leaves out is gone', async () => {
      await templates().put(aTemplate());
      const {
        updatedAt: _at,
        updatedBy: _by,
        ...withoutAudit
      } = aTemplate({ consignes: 'Restez chez vous.' });
      await templates().put(withoutAudit);
      expect(await templates().get('flood')).toEqual(withoutAudit);
      expect(await templates().list()).toEqual([withoutAudit]);
    });

    it('lists every template written, once each, by hazard key', async () => {
      await templates().put(aTemplate({ eventType: 'other' }));
      await templates().put(aTemplate({ eventType: 'flood', updatedBy: 'demo-admin' }));
      await templates().put(aTemplate({ eventType: 'dangerous-goods-transport' }));
      await templates().put(aTemplate({ eventType: 'flood' }));
      expect(await templates().list()).toEqual([
        aTemplate({ eventType: 'dangerous-goods-transport' }),
        aTemplate({ eventType: 'flood' }),
        aTemplate({ eventType: 'other' }),
      ]);
    });
  });

templateStoreContract('dynamodbTemplateStore', async () => {
  const table = await startTestTable();
  return onTable(table, table.templates);
});

templateStoreContract('fakeTemplateStore', async () => inMemory(fakeTemplateStore()));

describe('dynamodbTemplateStore on the one table', () => {
  it('lists only templates, whatever else the table holds', async () => {
    const table = await startTestTable();
    try {
      await table.directory.putAll([
        { id: 'maire-74010', audience: 'officials', name: 'Maire d’Annecy', communes: ['74010'] },
      ]);
      await table.templates.put(aTemplate());
      expect(await table.templates.list()).toEqual([aTemplate()]);
    } finally {
      await table.close();
    }
  });
});
