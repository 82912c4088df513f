import { describe, expect, it } from 'vitest';
import { type Contact, communeCoverage, recipientsFor } from '#domain/directory';

const contact = (id: string, communes?: string[]): Contact => ({
  id,
  audience: 'officials',
  name: id,
  ...(communes ? { communes } : {}),
});

describe('recipientsFor', () => {
  it('keeps the officials of an affected commune and the department-wide ones, and no other', () => {
    const contacts = [
      contact('maire-74010', ['74010']),
      contact('maire-74281', ['74281']),
      contact('senateur'),
    ];
    expect(recipientsFor(contacts, ['74010']).map((c) => c.id)).toEqual(['maire-74010', 'senateur']);
  });

  it('keeps an official whose communes are partly affected', () => {
    expect(recipientsFor([contact('depute', ['74010', '74011'])], ['74011'])).toHaveLength(1);
  });

  it('leaves out a contact withdrawn from the lists', () => {
    expect(recipientsFor([{ ...contact('maire-74010', ['74010']), active: false }], ['74010'])).toEqual([]);
  });
});

describe('communeCoverage', () => {
  it('counts the affected communes with an official who can be reached, and names the others', () => {
    const recipients = [
      { ...contact('maire-74010', ['74010']), phone: '+33639980009' },
      contact('maire-74281', ['74281']),
      { ...contact('senateur'), email: 'senateur@example.org' },
    ];

    expect(communeCoverage(recipients, ['74010', '74281', '74042'])).toEqual({
      expected: 3,
      reached: 1,
      unreached: ['74281', '74042'],
    });
  });
});
