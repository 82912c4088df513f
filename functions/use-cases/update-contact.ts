/**
 * Replace a contact's fields (PUT): the body is the whole contact, a field it leaves out is removed. Input:
 * the id, the fields and the caller. Output: the contact as stored. Main course: the fields are checked as for
 * a creation; when something differs, the contact is written (in its new audience, if it changed) and a
 * `contact.updated` event names the fields that changed; when nothing differs, nothing is written.
 * @throws NotFoundError when no contact has the id; ValidationError naming each field refused.
 */
import { randomUUID } from 'node:crypto';
import { type ContactFields, changedFields, contactFor, type DirectoryCaller } from '#domain/contacts';
import type { Contact } from '#domain/directory';
import { NotFoundError } from '#domain/errors';
import { type ContactWriteDeps, checkedFields } from './create-contact.ts';

export const updateContact = async (
  id: string,
  fields: ContactFields,
  caller: DirectoryCaller,
  deps: ContactWriteDeps,
): Promise<Contact> => {
  const checked = checkedFields(fields, deps);
  const current = await deps.directory.get(id);
  if (!current) throw new NotFoundError('Contact', id);
  const next: Contact = { id, ...checked };
  const changed = changedFields(current, next);
  if (changed.length === 0) return contactFor(caller.roles, current);
  await deps.directory.replace(next, {
    id: randomUUID(),
    at: deps.clock.now().toISOString(),
    actor: caller.id,
    action: 'contact.updated',
    audience: next.audience,
    contactId: id,
    fields: changed,
  });
  return contactFor(caller.roles, next);
};
