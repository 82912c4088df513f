import { describe, expect, it } from 'vitest';
import { loadDepartment } from '#adapters/etalab-geography';
import { mobileParserFor } from '#adapters/libphonenumber-mobile-parser';
import {
  type ContactFields,
  changedFields,
  checkContactFields,
  contactFor,
  contactMatches,
  filledFields,
  maskContact,
  maskEmail,
  maskPhone,
  normalizeEmail,
  normalizeMobile,
} from '#domain/contacts';
import type { Contact } from '#domain/directory';
import { ROLES } from '#shared/routes';

const mayor: Contact = {
  id: 'maire-74010',
  audience: 'officials',
  function: 'mayor',
  name: 'Maire d’Annecy',
  phone: '+33639981212',
  email: 'élise.martin@example.org',
  communes: ['74010'],
};

describe('masking', () => {
  it('keeps of a French mobile its calling code, first digit and last two', () => {
    expect(maskPhone('+33639981212')).toBe('+33 6 •• •• •• 12');
    expect(maskPhone('+262692123456')).toBe('+262 6 •• •• •• 56');
  });

  it('keeps of an address its first character and its domain', () => {
    expect(maskEmail('élise.martin@example.org')).toBe('é•••@example.org');
    expect(maskEmail('not-an-address')).toBe('•••');
  });

  it('masks the number and the address only', () => {
    expect(maskContact(mayor)).toEqual({ ...mayor, phone: '+33 6 •• •• •• 12', email: 'é•••@example.org' });
    const { phone: _phone, ...withoutPhone } = mayor;
    expect(maskContact(withoutPhone)).not.toHaveProperty('phone');
  });

  it.each(ROLES)('shows %s the coordinates in full only for admin', (role) => {
    const shown = contactFor([role], mayor);

    if (role === 'admin') expect(shown).toEqual(mayor);
    else {
      expect(shown.phone).toBe('+33 6 •• •• •• 12');
      expect(shown.email).toBe('é•••@example.org');
      expect(JSON.stringify(shown)).not.toMatch(/39981212|élise\.martin/);
    }
  });
});

describe('what changed', () => {
  it('names the fields that differ, never their values', () => {
    const moved: Contact = { ...mayor, audience: 'cabinet', phone: '+33639981213', communes: ['74010'] };

    expect(changedFields(mayor, moved)).toEqual(['audience', 'phone']);
  });

  it('reads an absent active flag as active and communes in any order as the same', () => {
    const { active: _active, ...implicit } = { ...mayor, active: true };

    expect(changedFields({ ...mayor, active: true }, implicit)).toEqual([]);
    expect(
      changedFields({ ...mayor, communes: ['74011', '74010'] }, { ...mayor, communes: ['74010', '74011'] }),
    ).toEqual([]);
    expect(changedFields(mayor, { ...mayor, active: false })).toEqual(['active']);
  });

  it('lists the fields a new contact holds', () => {
    expect(filledFields(mayor)).toEqual([
      'audience',
      'function',
      'name',
      'communes',
      'phone',
      'email',
      'active',
    ]);
  });
});

describe('numbers and addresses', () => {
  const parse = mobileParserFor('74');

  it.each([
    ['06 12 34 56 78', '+33612345678'],
    ['+33612345678', '+33612345678'],
    ['0033 6 12 34 56 78', '+33612345678'],
    ['06.12.34.56.78', '+33612345678'],
    ['07 81 23 45 67', '+33781234567'],
  ])('reads %s as %s', (typed, e164) => {
    expect(normalizeMobile(typed, parse)).toBe(e164);
  });

  it.each([
    ['06 39 98 12 34', '+33639981234'],
    ['+33639981234', '+33639981234'],
    ['+33 6 39 98 00 00', '+33639980000'],
  ])('accepts the ARCEP fiction range, unassigned in the numbering plan: %s', (typed, e164) => {
    expect(normalizeMobile(typed, parse)).toBe(e164);
  });

  it.each([
    ['a landline', '04 50 12 34 56'],
    ['too short', '06 12 34'],
    ['letters', 'zéro six'],
    ['a Swiss mobile', '+41 79 123 45 67'],
  ])('refuses %s', (_name, typed) => {
    expect(normalizeMobile(typed, parse)).toBeUndefined();
  });

  it('keeps an address, with its domain in lower case, and refuses what is not one', () => {
    expect(normalizeEmail(' Elise.Martin@EXAMPLE.org ')).toBe('Elise.Martin@example.org');
    expect(normalizeEmail('élise@example.org')).toBe('élise@example.org');
    for (const wrong of [
      'elise',
      'elise@',
      '@example.org',
      'elise@example',
      'a b@example.org',
      'a@b@example.org',
    ]) {
      expect(normalizeEmail(wrong), wrong).toBeUndefined();
    }
  });
});

describe('checkContactFields', () => {
  const context = { department: loadDepartment('74'), parseMobile: mobileParserFor('74') };
  const fields: ContactFields = {
    audience: 'officials',
    function: 'mayor',
    name: 'Maire d’Annecy',
    communes: ['74010'],
    phone: '06 39 98 12 12',
    email: 'maire@example.org',
  };

  it('answers the contact with its number in E.164, active by default', () => {
    expect(checkContactFields(fields, context)).toEqual({
      value: { ...fields, phone: '+33639981212', active: true },
    });
  });

  it('names every refused field at once, with its reason', () => {
    const checked = checkContactFields(
      { ...fields, communes: ['38185', '74999', '74011'], phone: '04 50 00 00 00', email: 'maire@' },
      context,
    );

    expect(checked).toEqual({
      issues: [
        expect.objectContaining({ field: 'communes[0]', code: 'other-department' }),
        expect.objectContaining({ field: 'communes[1]', code: 'unknown-commune' }),
        expect.objectContaining({
          field: 'communes[2]',
          code: 'unknown-commune',
          message: expect.stringMatching(/commune actuelle 74010/),
        }),
        expect.objectContaining({ field: 'phone', code: 'invalid-phone' }),
        expect.objectContaining({ field: 'email', code: 'invalid-email' }),
      ],
    });
  });

  it('asks a mayor for her commune, and anyone for a number or an address', () => {
    const { communes: _communes, phone: _phone, email: _email, ...bare } = fields;

    const checked = checkContactFields(bare, context);

    expect('issues' in checked && checked.issues.map((issue) => [issue.field, issue.code])).toEqual([
      ['communes', 'missing-field'],
      ['phone', 'missing-field'],
    ]);
  });
});

describe('contactMatches', () => {
  it('finds words of the name or function, whatever the accents and case, never the coordinates', () => {
    expect(contactMatches(mayor, { text: 'MAIRE annecy' })).toBe(true);
    expect(contactMatches(mayor, { text: 'maire d’annecy' })).toBe(true);
    expect(contactMatches(mayor, { text: '39981212' })).toBe(false);
    expect(contactMatches(mayor, { text: 'elise' })).toBe(false);
  });

  it('filters by audience, commune and active flag', () => {
    expect(contactMatches(mayor, { audience: 'officials', commune: '74010', active: true })).toBe(true);
    expect(contactMatches(mayor, { commune: '74281' })).toBe(false);
    expect(contactMatches({ ...mayor, active: false }, { active: true })).toBe(false);
    expect(contactMatches(mayor, { audience: 'press' })).toBe(false);
  });
});
