/**
 * The DirectoryStore contract: one contact per id whatever its audience, listed by audience, searched with
 * filters and cursors, written with its audit event; one roster per cell, written with its event too; run on
 * the DynamoDB adapter (dynalite, and DynamoDB Local in the `dynamodb-local` project) and on the in-memory fake.
 */
import { describe, expect, it } from 'vitest';
import { DIRECTORY_AUDIENCES, type DirectoryEvent } from '#domain/contacts';
import type { Contact } from '#domain/directory';
import { ContactExistsError, NotFoundError, ValidationError } from '#domain/errors';
import type { ContactQuery, DirectoryStore } from '#domain/ports';
import type { Roster } from '#domain/rosters';
import { fakeDirectoryStore } from '#tests/helpers/fakes';
import { someContacts } from '#tests/helpers/fixtures';
import { startTestTable } from '#tests/helpers/local-table';
import { inMemory, onTable, type Subject, useFreshSubject } from './subject.ts';

/** The test contacts and one person on call, so that every audience of the directory has someone. */
const contactsOfEveryAudience: Contact[] = [
  ...someContacts,
  {
    id: 'astreinte-com-1',
    audience: 'onCall',
    function: 'communication-officer',
    name: 'Chargé·e de communication 1 (démo)',
    phone: '+33639985000',
  },
];
const byId = (contacts: readonly Contact[]) => [...contacts].sort((a, b) => a.id.localeCompare(b.id));
const ids = (contacts: readonly Contact[]) => contacts.map((contact) => contact.id);
const ofAudience = (audience: Contact['audience']) =>
  contactsOfEveryAudience.filter((contact) => contact.audience === audience);

/** A roster of the communication cell, with an override and its optional attributes left out or in. */
const aRoster = (overrides: Partial<Roster> = {}): Roster => ({
  cell: 'communication',
  timeZone: 'Europe/Paris',
  shifts: [
    {
      days: [1, 2, 3, 4, 5],
      start: '08:00',
      end: '19:00',
      contactIds: ['astreinte-com-1', 'astreinte-com-2'],
    },
    { days: [1, 2, 3, 4, 5, 6, 7], start: '19:00', end: '08:00', contactIds: ['astreinte-com-3'] },
  ],
  overrides: [
    {
      from: '2026-07-13T22:00:00.000Z',
      to: '2026-07-20T22:00:00.000Z',
      contactIds: ['astreinte-com-4'],
      reason: 'Congés',
    },
  ],
  backup: ['astreinte-com-2'],
  updatedAt: '2026-03-10T10:00:00.000Z',
  updatedBy: 'demo-admin',
  ...overrides,
});

let sequence = 0;
const anEvent = (overrides: Partial<DirectoryEvent> = {}): DirectoryEvent => {
  sequence += 1;
  return {
    id: `evt-${String(sequence).padStart(4, '0')}`,
    at: '2026-03-10T10:00:00.000Z',
    actor: 'demo-admin',
    action: 'contact.updated',
    audience: 'officials',
    contactId: 'maire-74010',
    fields: ['phone'],
    ...overrides,
  };
};

/** Every page of a search, following the cursors. */
const allPages = async (directory: DirectoryStore, query: ContactQuery) => {
  const pages: Contact[][] = [];
  let cursor: string | undefined;
  do {
    const page = await directory.search(cursor === undefined ? query : { ...query, cursor });
    pages.push(page.items);
    cursor = page.cursor;
    if (pages.length > 100) throw new Error('The cursors never end');
  } while (cursor !== undefined);
  return pages;
};

const mayors = (count: number): Contact[] =>
  Array.from({ length: count }, (_, index) => ({
    id: `maire-${String(73_000 + index)}`,
    audience: 'officials',
    function: 'mayor',
    name: `Maire de la commune ${index}`,
    phone: `+3363998${String(index).padStart(4, '0')}`,
    email: `maire-${index}@example.org`,
    communes: [String(73_000 + index)],
  }));

export const directoryStoreContract = (name: string, start: () => Promise<Subject<DirectoryStore>>) =>
  describe(`DirectoryStore contract: ${name}`, () => {
    const directory = useFreshSubject(start);

    describe('lists by audience', () => {
      it('is empty until a contact is written, of any audience', async () => {
        expect(await directory().isEmpty()).toBe(true);

        await directory().putAll(ofAudience('cabinet'));

        expect(await directory().isEmpty()).toBe(false);
      });

      it('stays empty when nothing is written', async () => {
        await directory().putAll([]);

        expect(await directory().isEmpty()).toBe(true);
        expect(await directory().list('officials')).toEqual([]);
      });

      it('lists the contacts of one audience only, as written, by id', async () => {
        await directory().putAll(contactsOfEveryAudience);

        for (const audience of DIRECTORY_AUDIENCES) {
          expect(await directory().list(audience)).toEqual(byId(ofAudience(audience)));
        }
      });

      it('replaces a contact written again with the same id', async () => {
        await directory().putAll(someContacts);
        const [mayor] = ofAudience('officials');
        if (!mayor) throw new Error('expected an official');
        const { email: _email, ...withoutEmail } = mayor;
        const moved = { ...withoutEmail, phone: '+33639980999' };

        await directory().putAll([moved]);

        const officials = await directory().list('officials');
        expect(officials).toHaveLength(ofAudience('officials').length);
        expect(officials.find((contact) => contact.id === mayor.id)).toEqual(moved);
      });

      it('keeps one contact per id: written in another audience, it leaves the first one’s list', async () => {
        const official: Contact = { id: 'same-1', audience: 'officials', name: 'Élu', phone: '+33639980001' };
        const press: Contact = { id: 'same-1', audience: 'press', name: 'Rédaction', phone: '+33639980002' };

        await directory().putAll([official]);
        await directory().putAll([press]);

        expect(await directory().list('officials')).toEqual([]);
        expect(await directory().list('press')).toEqual([press]);
        expect(await directory().get('same-1')).toEqual(press);
      });

      it('writes a contact given twice in one call once, as given last', async () => {
        const first: Contact = { id: 'twice', audience: 'press', name: 'Rédaction', phone: '+33639980001' };
        const last: Contact = { ...first, phone: '+33639980002' };

        await directory().putAll([first, last]);

        expect(await directory().list('press')).toEqual([last]);
      });

      it('writes and lists a whole department (more contacts than one batch of writes)', async () => {
        await directory().putAll(mayors(293));

        expect(await directory().list('officials')).toEqual(byId(mayors(293)));
      });
    });

    describe('get by id', () => {
      it('reads a contact by its id alone, and nothing for an unknown id', async () => {
        await directory().putAll(someContacts);

        expect(await directory().get('presse-1')).toEqual(ofAudience('press')[0]);
        expect(await directory().get('nobody')).toBeUndefined();
      });
    });

    describe('search', () => {
      it('pages through every audience in the directory’s order, then by id, with a cursor on each full page', async () => {
        await directory().putAll([...contactsOfEveryAudience, ...mayors(7)]);

        const pages = await allPages(directory(), { limit: 4 });

        const expected = DIRECTORY_AUDIENCES.flatMap((audience) =>
          ids(
            byId(
              [...contactsOfEveryAudience, ...mayors(7)].filter((contact) => contact.audience === audience),
            ),
          ),
        );
        expect(pages.flat().map((contact) => contact.id)).toEqual(expected);
        expect(pages.slice(0, -1).every((page) => page.length === 4)).toBe(true);
        expect(pages.at(-1)?.length).toBeLessThanOrEqual(4);
      });

      it('gives a cursor with a full last page, and an empty page after it, as DynamoDB does', async () => {
        await directory().putAll(ofAudience('officials'));

        const first = await directory().search({ audience: 'officials', limit: 3 });
        expect(first.items).toHaveLength(3);
        expect(first.cursor).toBeDefined();

        const next = await directory().search({
          audience: 'officials',
          limit: 3,
          cursor: first.cursor as string,
        });
        expect(next).toEqual({ items: [] });
      });

      it('filters by audience, commune, active flag and words of the name, across pages', async () => {
        const withdrawn: Contact = { ...mayors(1)[0], id: 'maire-retire', active: false } as Contact;
        await directory().putAll([...someContacts, ...mayors(30), withdrawn]);

        expect(ids((await allPages(directory(), { audience: 'press', limit: 10 })).flat())).toEqual([
          'presse-1',
        ]);
        expect(ids((await allPages(directory(), { commune: '74010', limit: 2 })).flat())).toEqual([
          'maire-74010',
        ]);
        expect(ids((await allPages(directory(), { text: 'MAIRE  bonneville', limit: 3 })).flat())).toEqual([
          'maire-74042',
        ]);
        expect(ids((await allPages(directory(), { active: false, limit: 5 })).flat())).toEqual([
          'maire-retire',
        ]);
        expect(ids((await allPages(directory(), { text: 'annecy', limit: 5 })).flat())).toEqual([
          'maire-74010',
        ]);
      });

      it('never finds a contact by its number or address', async () => {
        await directory().putAll(someContacts);

        expect((await directory().search({ text: '39980009', limit: 10 })).items).toEqual([]);
        expect((await directory().search({ text: 'maire-74010@example', limit: 10 })).items).toEqual([]);
      });

      it.each([
        ['not base64 JSON', 'bm90LWpzb24'],
        ['one part', Buffer.from(JSON.stringify(['officials'])).toString('base64url')],
        ['an unknown audience', Buffer.from(JSON.stringify(['voisins', 'x'])).toString('base64url')],
        ['an empty id', Buffer.from(JSON.stringify(['press', ''])).toString('base64url')],
      ])('refuses a cursor with %s, naming the cursor', async (_name, cursor) => {
        await directory().putAll(someContacts);

        const refusal = await directory()
          .search({ limit: 2, cursor })
          .catch((error: unknown) => error);

        expect(refusal).toBeInstanceOf(ValidationError);
        expect((refusal as ValidationError).issues.map((issue) => issue.field)).toEqual(['cursor']);
      });

      it('refuses the cursor of one audience for another', async () => {
        await directory().putAll(someContacts);
        const { cursor } = await directory().search({ audience: 'officials', limit: 1 });

        await expect(
          directory().search({ audience: 'press', limit: 1, cursor: cursor as string }),
        ).rejects.toThrow(ValidationError);
      });
    });

    describe('changes and their audit', () => {
      it('creates a contact once, with its event', async () => {
        const contact: Contact = { id: 'ct-1', audience: 'press', name: 'Rédaction', email: 'r@example.org' };
        const event = anEvent({ action: 'contact.created', audience: 'press', contactId: 'ct-1' });

        await directory().create(contact, event);

        expect(await directory().get('ct-1')).toEqual(contact);
        expect((await directory().listEvents({ limit: 10 })).items).toEqual([event]);
        await expect(directory().create({ ...contact, name: 'Autre' }, anEvent())).rejects.toThrow(
          ContactExistsError,
        );
        expect(await directory().get('ct-1')).toEqual(contact);
        expect((await directory().listEvents({ limit: 10 })).items).toHaveLength(1);
      });

      it('replaces a contact, moving it to its new audience in one write', async () => {
        await directory().putAll(someContacts);
        const moved: Contact = {
          id: 'maire-74042',
          audience: 'cabinet',
          name: 'Maire de Bonneville',
          phone: '+33639980040',
        };

        await directory().replace(moved, anEvent({ contactId: 'maire-74042', fields: ['audience'] }));

        expect(await directory().get('maire-74042')).toEqual(moved);
        expect(ids(await directory().list('officials'))).not.toContain('maire-74042');
        expect(ids(await directory().list('cabinet'))).toContain('maire-74042');
      });

      it('refuses to replace or deactivate a contact that does not exist, and records nothing', async () => {
        const ghost: Contact = { id: 'ghost', audience: 'press', name: 'Fantôme', email: 'g@example.org' };

        await expect(directory().replace(ghost, anEvent())).rejects.toThrow(NotFoundError);
        await expect(directory().deactivate('ghost', anEvent())).rejects.toThrow(NotFoundError);

        expect(await directory().get('ghost')).toBeUndefined();
        expect((await directory().listEvents({ limit: 10 })).items).toEqual([]);
      });

      it('deactivates a contact, keeping everything else', async () => {
        await directory().putAll(someContacts);

        await directory().deactivate(
          'presse-1',
          anEvent({ action: 'contact.deactivated', fields: ['active'] }),
        );

        expect(await directory().get('presse-1')).toEqual({ ...ofAudience('press')[0], active: false });
        expect(await directory().list('press')).toEqual([{ ...ofAudience('press')[0], active: false }]);
      });

      it('writes many contacts with their events (more than one batch)', async () => {
        const changes = mayors(40).map((contact, index) => ({
          contact,
          event: anEvent({
            action: 'contact.created',
            contactId: contact.id,
            importId: 'imp-1',
            at: `2026-03-10T10:00:${String(index).padStart(2, '0')}.000Z`,
          }),
        }));

        await directory().putMany(changes);

        expect(await directory().list('officials')).toEqual(byId(mayors(40)));
        const events = (await allEvents(directory(), {})).flat();
        expect(events.map((event) => event.contactId)).toEqual(
          mayors(40)
            .map((mayor) => mayor.id)
            .reverse(),
        );
      });

      it('lists events newest first, filtered by contact, page by page', async () => {
        const events = Array.from({ length: 9 }, (_, index) =>
          anEvent({
            at: `2026-03-10T1${index}:00:00.000Z`,
            contactId: index % 3 === 0 ? 'maire-74010' : 'presse-1',
          }),
        );
        for (const event of events) await directory().appendEvent(event);

        const everything = await allEvents(directory(), {});
        expect(everything.flat()).toEqual([...events].reverse());
        expect(everything.slice(0, -1).every((page) => page.length === 4)).toBe(true);
        const ofMayor = (await allEvents(directory(), { contactId: 'maire-74010' })).flat();
        expect(ofMayor).toEqual(events.filter((_, index) => index % 3 === 0).reverse());
      });

      it('refuses an events cursor it could not have given', async () => {
        await expect(directory().listEvents({ limit: 2, cursor: 'e30' })).rejects.toThrow(ValidationError);
      });
    });

    describe('rosters', () => {
      /** A roster's event names no contact. */
      const rosterEvent = (overrides: Partial<DirectoryEvent> = {}): DirectoryEvent => {
        const { contactId: _contactId, ...event } = anEvent({
          action: 'roster.updated',
          audience: 'onCall',
          cell: 'communication',
          fields: ['shifts', 'overrides', 'backup'],
          ...overrides,
        });
        return event;
      };

      it('has no roster for a cell until one is written', async () => {
        expect(await directory().getRoster('communication')).toBeUndefined();
        expect(await directory().getRoster('cip')).toBeUndefined();
      });

      it('reads a roster back as written, for its cell only, and records its event', async () => {
        const roster = aRoster();
        const event = rosterEvent();

        await directory().putRoster(roster, event);

        expect(await directory().getRoster('communication')).toEqual(roster);
        expect(await directory().getRoster('cip')).toBeUndefined();
        expect((await directory().listEvents({ limit: 10 })).items).toEqual([event]);
      });

      it('replaces a roster written again, whole: a part or an attribute left out is gone', async () => {
        await directory().putRoster(aRoster(), rosterEvent());
        const { updatedBy: _updatedBy, ...withoutAuthor } = aRoster({ overrides: [], backup: [] });

        await directory().putRoster(withoutAuthor, rosterEvent({ fields: ['overrides', 'backup'] }));

        expect(await directory().getRoster('communication')).toEqual(withoutAuthor);
        expect((await directory().listEvents({ limit: 10 })).items).toHaveLength(2);
      });

      it('keeps each cell’s roster apart', async () => {
        const cip = aRoster({ cell: 'cip', backup: [] });

        await directory().putRoster(aRoster(), rosterEvent());
        await directory().putRoster(cip, rosterEvent({ cell: 'cip' }));

        expect(await directory().getRoster('communication')).toEqual(aRoster());
        expect(await directory().getRoster('cip')).toEqual(cip);
      });

      it('does not count a roster as a contact: the directory stays empty, no list or search finds it', async () => {
        await directory().putRoster(aRoster(), rosterEvent());

        expect(await directory().isEmpty()).toBe(true);
        expect(await directory().list('onCall')).toEqual([]);
        expect((await directory().search({ limit: 10 })).items).toEqual([]);
      });
    });
  });

/** Every page of the events, four at a time. */
const allEvents = async (directory: DirectoryStore, query: { contactId?: string }) => {
  const pages: DirectoryEvent[][] = [];
  let cursor: string | undefined;
  do {
    const page = await directory.listEvents({ ...query, limit: 4, ...(cursor ? { cursor } : {}) });
    pages.push(page.items);
    cursor = page.cursor;
    if (pages.length > 100) throw new Error('The cursors never end');
  } while (cursor !== undefined);
  return pages;
};

directoryStoreContract('dynamodbDirectoryStore', async () => {
  const table = await startTestTable();
  return onTable(table, table.directory);
});

directoryStoreContract('fakeDirectoryStore', async () => inMemory(fakeDirectoryStore()));
