/** Keeping contacts one by one, and reading them per role, on the in-memory fakes. */
import { describe, expect, it } from 'vitest';
import { loadDepartment } from '#adapters/etalab-geography';
import { mobileParserFor } from '#adapters/libphonenumber-mobile-parser';
import type { ContactFields } from '#domain/contacts';
import { NotFoundError, ValidationError } from '#domain/errors';
import { ROLES } from '#shared/routes';
import { fakeClock, fakeDirectoryStore } from '#tests/helpers/fakes';
import { someContacts } from '#tests/helpers/fixtures';
import { createContact } from '#use-cases/create-contact';
import { deactivateContact } from '#use-cases/deactivate-contact';
import { getContact } from '#use-cases/get-contact';
import { listContacts } from '#use-cases/list-contacts';
import { listDirectoryAudit } from '#use-cases/list-directory-audit';
import { updateContact } from '#use-cases/update-contact';

const admin = { id: 'demo-admin', roles: ['admin'] };
const setUp = () => {
  const directory = fakeDirectoryStore(someContacts);
  const clock = fakeClock('2026-03-10T09:00:00.000Z');
  return {
    directory,
    clock,
    deps: { directory, clock, department: loadDepartment('74'), parseMobile: mobileParserFor('74') },
  };
};

const adjointe: ContactFields = {
  audience: 'officials',
  function: 'deputy-mayor',
  name: 'Première adjointe d’Annecy',
  communes: ['74010'],
  phone: '06 39 98 00 19',
  email: 'élise.martin@example.org',
};

describe('reading contacts, per role', () => {
  it.each(ROLES)(
    'gives %s the number and address masked, unless admin, in a list and by id',
    async (role) => {
      const { deps } = setUp();
      const caller = { id: `demo-${role}`, roles: [role] };

      const page = await listContacts({ audience: 'officials', commune: '74010', limit: 10 }, caller, deps);
      const one = await getContact('maire-74010', caller, deps);

      const clear = { phone: '+33639980009', email: 'maire-74010@example.org' };
      const masked = { phone: '+33 6 •• •• •• 09', email: 'm•••@example.org' };
      expect(page.items).toEqual([expect.objectContaining(role === 'admin' ? clear : masked)]);
      expect(one).toMatchObject(role === 'admin' ? clear : masked);
    },
  );

  it('answers 404 for an unknown id', async () => {
    const { deps } = setUp();

    await expect(getContact('nobody', admin, deps)).rejects.toThrow(NotFoundError);
  });
});

describe('createContact', () => {
  it('stores the number in E.164 and records who added which fields', async () => {
    const { deps, directory } = setUp();

    const created = await createContact(adjointe, admin, deps);

    expect(created).toMatchObject({ id: expect.stringMatching(/^ct-/), phone: '+33639980019', active: true });
    expect(await directory.get(created.id)).toEqual(created);
    expect((await listDirectoryAudit({ limit: 10 }, deps)).items).toEqual([
      {
        id: expect.any(String),
        at: '2026-03-10T09:00:00.000Z',
        actor: 'demo-admin',
        action: 'contact.created',
        audience: 'officials',
        contactId: created.id,
        fields: ['audience', 'function', 'name', 'communes', 'phone', 'email', 'active'],
      },
    ]);
  });

  it('refuses, naming each field, a landline and a commune of another department, and stores nothing', async () => {
    const { deps, directory } = setUp();

    const refusal = await createContact(
      { ...adjointe, phone: '04 65 71 12 34', communes: ['38185'] },
      admin,
      deps,
    ).catch((error: unknown) => error);

    expect(refusal).toBeInstanceOf(ValidationError);
    expect((refusal as ValidationError).issues.map((issue) => issue.field)).toEqual(['communes[0]', 'phone']);
    expect(await directory.list('officials')).toHaveLength(
      someContacts.filter((c) => c.audience === 'officials').length,
    );
    expect((await directory.listEvents({ limit: 10 })).items).toEqual([]);
  });
});

describe('updateContact', () => {
  it('moves a contact to another audience, readable by the same id, and records the fields only', async () => {
    const { deps, directory } = setUp();

    const updated = await updateContact(
      'presse-1',
      {
        audience: 'publicLine',
        function: 'public-line-operator',
        name: 'Rédaction (démo)',
        phone: '06 39 98 20 00',
      },
      admin,
      deps,
    );

    expect(updated).toEqual({
      id: 'presse-1',
      audience: 'publicLine',
      function: 'public-line-operator',
      name: 'Rédaction (démo)',
      phone: '+33639982000',
      active: true,
    });
    expect(await directory.list('press')).toEqual([]);
    expect((await directory.list('publicLine')).map((contact) => contact.id)).toContain('presse-1');
    const [event] = (await directory.listEvents({ limit: 10 })).items;
    expect(event).toMatchObject({ action: 'contact.updated', fields: ['audience', 'function', 'email'] });
  });

  it('writes nothing when nothing differs', async () => {
    const { deps, directory } = setUp();
    const mayor = await updateContact(
      'maire-74010',
      { ...adjointe, name: 'Maire d’Annecy', function: 'mayor' },
      admin,
      deps,
    );

    await updateContact(
      'maire-74010',
      {
        audience: 'officials',
        function: 'mayor',
        name: 'Maire d’Annecy',
        communes: ['74010'],
        phone: mayor.phone,
        email: mayor.email,
      },
      admin,
      deps,
    );

    expect((await directory.listEvents({ limit: 10 })).items).toHaveLength(1);
  });

  it('answers 404 for an unknown id, and records nothing', async () => {
    const { deps, directory } = setUp();

    await expect(updateContact('nobody', adjointe, admin, deps)).rejects.toThrow(NotFoundError);
    expect((await directory.listEvents({ limit: 10 })).items).toEqual([]);
  });
});

describe('deactivateContact', () => {
  it('keeps the contact, inactive, with one event; a second call changes nothing', async () => {
    const { deps, directory } = setUp();

    const withdrawn = await deactivateContact('maire-74042', admin, deps);
    await deactivateContact('maire-74042', admin, deps);

    expect(withdrawn).toMatchObject({ id: 'maire-74042', active: false });
    expect(await directory.get('maire-74042')).toMatchObject({ active: false, phone: '+33639980040' });
    expect((await directory.listEvents({ limit: 10, contactId: 'maire-74042' })).items).toEqual([
      expect.objectContaining({ action: 'contact.deactivated', fields: ['active'], actor: 'demo-admin' }),
    ]);
  });
});
