import { describe, expect, it } from 'vitest';
import { HAZARDS } from '#domain/activation';
import { countSms, frameEmail, frameSms, isGsm7, MAX_SMS_PARTS } from '#domain/messages';
import {
  communesText,
  DEMO_TEMPLATES,
  PLACEHOLDER_DESCRIPTIONS,
  PLACEHOLDERS,
  renderTemplate,
  type TemplateFields,
  validateTemplate,
  WORST_CASE_VALUES,
} from '#domain/templates';

/** Two communes of Haute-Savoie at five past two: what a duty officer typically fills. */
const TYPICAL = { communes: 'Annecy et Thonon-les-Bains', heure: '14:05' };
const DEMO_NUMBER = '01 99 00 74 74';

const aTemplate = (overrides: Partial<TemplateFields> = {}): TemplateFields => ({
  eventType: 'flood',
  sms: 'Crue à {communes} depuis {heure}. {consignes}\nNuméro unique : {numero}',
  email: {
    subject: 'Crue : {communes} ({heure})',
    body: 'Crue à {communes} depuis {heure}.\n\nConsignes : {consignes}\n\nNuméro unique : {numero}\n\nLa préfecture.',
  },
  consignes: 'Éloignez-vous des berges.',
  ...overrides,
});

describe('communesText', () => {
  it.each([
    [[], ''],
    [['Annecy'], 'Annecy'],
    [['Annecy', 'Thonon-les-Bains'], 'Annecy et Thonon-les-Bains'],
    [['Annecy', 'Cluses', 'Thonon-les-Bains'], 'Annecy, Cluses et Thonon-les-Bains'],
    [
      ['Annecy', 'Cluses', 'Sallanches', 'Thônes', 'Rumilly'],
      'Annecy, Cluses, Sallanches, Thônes et Rumilly',
    ],
  ])('names up to five communes: %j', (names, text) => {
    expect(communesText(names)).toBe(text);
  });

  it('names the first four beyond five, and counts the others', () => {
    const names = [
      'Annecy',
      'Cluses',
      'Sallanches',
      'Thônes',
      ...Array.from({ length: 12 }, (_, i) => `C${i}`),
    ];
    expect(communesText(names)).toBe('Annecy, Cluses, Sallanches, Thônes et 12 autres communes');
    expect(communesText(names.slice(0, 6))).toBe('Annecy, Cluses, Sallanches, Thônes et 2 autres communes');
  });

  it('adds no character outside GSM-7 to names that are in it', () => {
    const names = ['Annecy', 'Cluses', 'Sallanches', 'Rumilly', ...Array.from({ length: 275 }, () => 'Alex')];
    expect(isGsm7(communesText(names))).toBe(true);
  });
});

describe('PLACEHOLDERS', () => {
  it('describes each placeholder in French', () => {
    expect(PLACEHOLDERS).toEqual(['communes', 'heure', 'consignes', 'numero']);
    expect(Object.keys(PLACEHOLDER_DESCRIPTIONS)).toEqual([...PLACEHOLDERS]);
  });
});

describe('renderTemplate', () => {
  it('replaces every placeholder, the template’s consignes by default', () => {
    expect(renderTemplate(aTemplate(), { ...TYPICAL, numero: DEMO_NUMBER })).toEqual({
      sms: 'Crue à Annecy et Thonon-les-Bains depuis 14:05. Éloignez-vous des berges.\nNuméro unique : 01 99 00 74 74',
      email: {
        subject: 'Crue : Annecy et Thonon-les-Bains (14:05)',
        body: 'Crue à Annecy et Thonon-les-Bains depuis 14:05.\n\nConsignes : Éloignez-vous des berges.\n\nNuméro unique : 01 99 00 74 74\n\nLa préfecture.',
      },
    });
  });

  it('takes the consignes given instead of the template’s, as written (a value is never read for placeholders)', () => {
    const message = renderTemplate(aTemplate(), { ...TYPICAL, consignes: 'Restez chez vous ({heure}) $&.' });
    expect(message.sms).toBe(
      'Crue à Annecy et Thonon-les-Bains depuis 14:05. Restez chez vous ({heure}) $&.',
    );
  });

  it('removes the lines holding {numero} while no number is known, with the blank line they leave', () => {
    for (const numero of [undefined, '', '   ']) {
      const message = renderTemplate(aTemplate(), numero === undefined ? TYPICAL : { ...TYPICAL, numero });
      expect(message.sms).toBe('Crue à Annecy et Thonon-les-Bains depuis 14:05. Éloignez-vous des berges.');
      expect(message.email.body).toBe(
        'Crue à Annecy et Thonon-les-Bains depuis 14:05.\n\nConsignes : Éloignez-vous des berges.\n\nLa préfecture.',
      );
    }
  });

  it('leaves no trailing blank line when the number closes the text', () => {
    const template = aTemplate({
      email: { subject: 'Crue', body: 'Crue à {communes}.\n\nNuméro : {numero}\n' },
    });
    expect(renderTemplate(template, TYPICAL).email.body).toBe('Crue à Annecy et Thonon-les-Bains.');
  });
});

describe('validateTemplate', () => {
  it('accepts a template that renders within the limits', () => {
    expect(validateTemplate(aTemplate())).toEqual([]);
  });

  it('refuses an unknown placeholder, naming it and its field', () => {
    expect(validateTemplate(aTemplate({ sms: 'Crue à {commune} depuis {heure}. {Consignes}' }))).toEqual([
      {
        field: 'sms',
        message:
          'Variable inconnue {commune} dans le SMS : les variables sont {communes}, {heure}, {consignes}, {numero} (en minuscules, sans accent).',
      },
      {
        field: 'sms',
        message:
          'Variable inconnue {Consignes} dans le SMS : les variables sont {communes}, {heure}, {consignes}, {numero} (en minuscules, sans accent).',
      },
    ]);
    expect(
      validateTemplate(aTemplate({ email: { subject: 'Crue', body: 'Crue à {communes} ({numéro}).' } })),
    ).toEqual([
      {
        field: 'email.body',
        message:
          'Variable inconnue {numéro} dans le corps du courriel : les variables sont {communes}, {heure}, {consignes}, {numero} (en minuscules, sans accent).',
      },
    ]);
  });

  it('refuses in the subject a placeholder that is not one line, and any placeholder in the consignes', () => {
    const template = aTemplate({
      email: { subject: 'Crue : {consignes} {numero}', body: 'Crue.' },
      consignes: 'Depuis {heure}, éloignez-vous des berges.',
    });
    expect(validateTemplate(template)).toEqual([
      {
        field: 'email.subject',
        message:
          'Variable {consignes} non permise dans l’objet du courriel : l’objet tient sur une ligne courte : seules {communes} et {heure} y sont permises.',
      },
      {
        field: 'email.subject',
        message:
          'Variable {numero} non permise dans l’objet du courriel : l’objet tient sur une ligne courte : seules {communes} et {heure} y sont permises.',
      },
      {
        field: 'consignes',
        message:
          'Variable {heure} non permise dans les consignes : les consignes ne contiennent aucune variable, elles remplacent {consignes} telles quelles.',
      },
    ]);
  });

  it('refuses a lone brace', () => {
    expect(validateTemplate(aTemplate({ sms: 'Crue à {communes depuis {heure}.' }))).toEqual([
      {
        field: 'sms',
        message:
          'Accolade seule dans le SMS : une variable s’écrit entre deux accolades, par exemple {communes}.',
      },
    ]);
  });

  it('refuses empty texts and texts longer than the activation’s message allows', () => {
    expect(
      validateTemplate(
        aTemplate({
          sms: ' \n ',
          email: { subject: 'x'.repeat(151), body: '' },
          consignes: 'y'.repeat(1_001),
        }),
      ),
    ).toEqual([
      { field: 'sms', message: 'Texte vide : ce champ est obligatoire.' },
      { field: 'email.subject', message: 'Au plus 150 caractères (151 écrits).' },
      { field: 'email.body', message: 'Texte vide : ce champ est obligatoire.' },
      { field: 'consignes', message: 'Au plus 1000 caractères (1001 écrits).' },
    ]);
  });

  it('refuses an SMS that would exceed the parts allowed with long communes and a known number', () => {
    // 300 GSM-7 characters: 3 parts with two short names, 8 in UCS-2 with the longest names and a number.
    const template = aTemplate({ sms: `${'a'.repeat(300)} {communes} {heure}\n{numero}` });
    const typical = countSms(frameSms(renderTemplate(template, TYPICAL).sms, 'exercise'));
    expect(typical).toEqual({ encoding: 'GSM-7', units: 387, parts: 3 });
    expect(validateTemplate(template)).toEqual([
      {
        field: 'sms',
        message:
          'Avec des valeurs longues (cinq communes aux noms longs, numéro unique connu), le SMS prendrait 8 parties (UCS-2) une fois encadré pour un exercice ; 6 au plus. Raccourcir le SMS ou les consignes.',
      },
    ]);
  });

  it('refuses a subject that five long commune names would take over 150 characters', () => {
    const template = aTemplate({
      email: { subject: 'Alerte inondation en cours : {communes}', body: 'Crue.' },
    });
    expect(validateTemplate(template)).toEqual([
      {
        field: 'email.subject',
        message: 'Avec cinq communes aux noms longs, l’objet ferait 159 caractères ; 150 au plus.',
      },
    ]);
  });

  it('refuses a text that only the number fills: it would be empty before the number is known', () => {
    expect(
      validateTemplate(
        aTemplate({ sms: 'Numéro unique : {numero}', email: { subject: 'Crue', body: '{numero}' } }),
      ),
    ).toEqual([
      {
        field: 'sms',
        message:
          'Tant que le numéro unique n’est pas connu, la ligne de {numero} est retirée et le SMS serait vide.',
      },
      {
        field: 'email.body',
        message:
          'Tant que le numéro unique n’est pas connu, la ligne de {numero} est retirée et le courriel serait vide.',
      },
    ]);
  });

  it('refuses a hazard it does not know', () => {
    const template = { ...aTemplate(), eventType: 'volcano' } as unknown as TemplateFields;
    expect(validateTemplate(template)).toEqual([
      { field: 'eventType', message: 'Type d’événement inconnu : volcano.' },
    ]);
  });

  it('counts the worst case in UCS-2: one of the longest communes names is outside GSM-7', () => {
    expect(WORST_CASE_VALUES.communes).toBe(
      'La Chapelle-Saint-Maurice, Menthonnex-sous-Clermont, Saint-Julien-en-Genevois, Saint-Pierre-en-Faucigny et Saint-Germain-sur-Rhône',
    );
    expect(WORST_CASE_VALUES.communes).toHaveLength(130);
    expect(isGsm7(WORST_CASE_VALUES.communes)).toBe(false);
  });
});

describe('DEMO_TEMPLATES', () => {
  it('has a template for every hazard, under its own hazard', () => {
    expect(Object.keys(DEMO_TEMPLATES).sort()).toEqual([...HAZARDS].sort());
    for (const hazard of HAZARDS) expect(DEMO_TEMPLATES[hazard].eventType).toBe(hazard);
  });

  it.each(HAZARDS)('%s: validates, worst case within the parts allowed', (hazard) => {
    const template = DEMO_TEMPLATES[hazard];
    expect(validateTemplate(template)).toEqual([]);
    const worst = countSms(frameSms(renderTemplate(template, WORST_CASE_VALUES).sms, 'exercise'));
    expect(worst.encoding).toBe('UCS-2');
    expect(worst.parts).toBeLessThanOrEqual(MAX_SMS_PARTS);
  });

  it.each(HAZARDS)(
    '%s: an exercise SMS in GSM-7 and 2 parts with typical values, with the number too',
    (hazard) => {
      const template = DEMO_TEMPLATES[hazard];
      for (const values of [TYPICAL, { ...TYPICAL, numero: DEMO_NUMBER }]) {
        const sms = frameSms(renderTemplate(template, values).sms, 'exercise');
        expect(countSms(sms)).toMatchObject({ encoding: 'GSM-7', parts: 2 });
      }
    },
  );

  it.each(HAZARDS)(
    '%s: fills every placeholder, says where, when, what to do and where to learn more',
    (hazard) => {
      const template = DEMO_TEMPLATES[hazard];
      const message = renderTemplate(template, { ...TYPICAL, numero: DEMO_NUMBER });
      for (const text of [message.sms, message.email.subject, message.email.body])
        expect(text).not.toMatch(/[{}]/);
      expect(message.sms).toContain('Annecy et Thonon-les-Bains');
      expect(message.sms).toContain('14:05');
      expect(message.sms).toContain(template.consignes);
      expect(message.sms).toContain('Infos : radio locale, site de la préfecture.');
      expect(message.sms).toContain(`Numéro unique : ${DEMO_NUMBER}`);
      expect(message.email.subject).toContain('14:05');
      expect(message.email.body).toContain('Annecy et Thonon-les-Bains');
      expect(message.email.body).toContain(template.consignes);
      expect(message.email.body).toContain(`Numéro unique d’information du public : ${DEMO_NUMBER}`);
      // Framed for an exercise, the e-mail stays within the activation's limits.
      const framed = frameEmail(message.email, 'exercise');
      expect(framed.subject.length).toBeLessThanOrEqual(150);
      expect(framed.body.length).toBeLessThanOrEqual(20_000);
    },
  );

  it('writes the flood SMS as the duty officer will send it', () => {
    expect(renderTemplate(DEMO_TEMPLATES.flood, TYPICAL).sms).toBe(
      'Inondation en cours depuis 14:05. Communes : Annecy et Thonon-les-Bains. Éloignez-vous des berges. Ne prenez pas votre véhicule. Montez dans les étages. Infos : radio locale, site de la préfecture.',
    );
  });

  it('keeps the SMS and the consignes in GSM-7: one typographic apostrophe would double the parts', () => {
    for (const hazard of HAZARDS) {
      expect(isGsm7(DEMO_TEMPLATES[hazard].sms), hazard).toBe(true);
      expect(isGsm7(DEMO_TEMPLATES[hazard].consignes), hazard).toBe(true);
    }
    const sms = frameSms(renderTemplate(DEMO_TEMPLATES.flood, TYPICAL).sms, 'exercise');
    expect(countSms(sms)).toEqual({ encoding: 'GSM-7', units: 251, parts: 2 });
    const elided = sms.replace('Ne prenez pas votre véhicule.', 'N’utilisez pas votre véhicule.');
    expect(countSms(elided)).toEqual({ encoding: 'UCS-2', units: 252, parts: 4 });
  });

  it('writes the e-mails with French typography', () => {
    for (const hazard of HAZARDS) expect(DEMO_TEMPLATES[hazard].email.body, hazard).toContain('’');
    expect(DEMO_TEMPLATES.storm.email.subject).toBe('Tempête : information de la préfecture ({heure})');
  });
});
