/**
 * Withdraw a contact from the lists (DELETE): it stays in the directory, inactive, for the history of the
 * activations that reached it. Input: the id and the caller. Output: the contact, now inactive. A contact
 * already inactive is left as it is, with no new event.
 * @throws NotFoundError when no contact has the id.
 */
import { randomUUID } from 'node:crypto';
import { contactFor, type DirectoryCaller } from '#domain/contacts';
import type { Contact } from '#domain/directory';
import { NotFoundError } from '#domain/errors';
import type { Ports } from '#domain/ports';

export const deactivateContact = async (
  id: string,
  caller: DirectoryCaller,
  deps: Pick<Ports, 'directory' | 'clock'>,
): Promise<Contact> => {
  const contact = await deps.directory.get(id);
  if (!contact) throw new NotFoundError('Contact', id);
  if (contact.active === false) return contactFor(caller.roles, contact);
  await deps.directory.deactivate(id, {
    id: randomUUID(),
    at: deps.clock.now().toISOString(),
    actor: caller.id,
    action: 'contact.deactivated',
    audience: contact.audience,
    contactId: id,
    fields: ['active'],
  });
  return contactFor(caller.roles, { ...contact, active: false });
};
