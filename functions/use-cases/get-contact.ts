/**
 * Read one contact by its id, whatever its audience. Input: the id and the caller. Output: the contact,
 * masked unless the caller keeps the directory.
 * @throws NotFoundError when no contact has the id.
 */
import { contactFor, type DirectoryCaller } from '#domain/contacts';
import type { Contact } from '#domain/directory';
import { NotFoundError } from '#domain/errors';
import type { Ports } from '#domain/ports';

export const getContact = async (
  id: string,
  caller: DirectoryCaller,
  deps: Pick<Ports, 'directory'>,
): Promise<Contact> => {
  const contact = await deps.directory.get(id);
  if (!contact) throw new NotFoundError('Contact', id);
  return contactFor(caller.roles, contact);
};
