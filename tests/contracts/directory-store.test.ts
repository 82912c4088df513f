/**
 * The DirectoryStore contract: the contacts of each audience, written in batches and replaced by id; run on
 * the DynamoDB adapter and on the in-memory fake.
 */
import { describe, expect, it } from 'vitest';
import type { Contact } from '#domain/directory';
import type { DirectoryStore } from '#domain/ports';
import { fakeDirectoryStore } from '#tests/helpers/fakes';
import { someContacts } from '#tests/helpers/fixtures';
import { startTestTable } from '#tests/helpers/local-table';
import { inMemory, onTable, type Subject, useFreshSubject } from './subject.ts';

const byId = (contacts: readonly Contact[]) => [...contacts].sort((a, b) => a.id.localeCompare(b.id));
const ofAudience = (audience: Contact['audience']) =>
  someContacts.filter((contact) => contact.audience === audience);

export const directoryStoreContract = (name: string, start: () => Promise<Subject<DirectoryStore>>) =>
  describe(`DirectoryStore contract: ${name}`, () => {
    const directory = useFreshSubject(start);

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

    it('lists the contacts of one audience only, as written', async () => {
      await directory().putAll(someContacts);

      for (const audience of ['officials', 'press', 'publicLine', 'cabinet'] as const) {
        expect(byId(await directory().list(audience))).toEqual(byId(ofAudience(audience)));
      }
    });

    it('replaces a contact written again with the same audience and id', async () => {
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

    it('keeps the same id in two audiences as two contacts', async () => {
      const official: Contact = { id: 'same-1', audience: 'officials', name: 'Élu', phone: '+33639980001' };
      const press: Contact = { id: 'same-1', audience: 'press', name: 'Rédaction', phone: '+33639980002' };

      await directory().putAll([official, press]);

      expect(await directory().list('officials')).toEqual([official]);
      expect(await directory().list('press')).toEqual([press]);
    });

    it('writes and lists a whole department (more contacts than one batch of writes)', async () => {
      const mayors: Contact[] = Array.from({ length: 293 }, (_, index) => ({
        id: `maire-${String(74_000 + index)}`,
        audience: 'officials',
        name: `Maire de la commune ${index}`,
        phone: `+336399${String(index).padStart(5, '0')}`,
        email: `maire-${index}@example.org`,
        communes: [String(74_000 + index)],
      }));

      await directory().putAll(mayors);

      expect(byId(await directory().list('officials'))).toEqual(byId(mayors));
    });
  });

directoryStoreContract('dynamodbDirectoryStore', async () => {
  const table = await startTestTable();
  return onTable(table, table.directory);
});

directoryStoreContract('fakeDirectoryStore', async () => inMemory(fakeDirectoryStore()));
