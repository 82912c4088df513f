/**
 * List the directory's contacts. Input: the filters (audience, commune, text, active), a page size and a
 * cursor; the caller. Output: a page of contacts, masked unless the caller keeps the directory, and the cursor
 * of the next page when the page is full.
 */
import { contactFor, type DirectoryCaller } from '#domain/contacts';
import type { ContactQuery, Ports } from '#domain/ports';

export const listContacts = async (
  query: ContactQuery,
  caller: DirectoryCaller,
  deps: Pick<Ports, 'directory'>,
) => {
  const page = await deps.directory.search(query);
  return { ...page, items: page.items.map((contact) => contactFor(caller.roles, contact)) };
};
