import { describe, expect, it } from 'vitest';
import { type Contact, recipientsFor } from '#domain/directory';

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
});
