/**
 * Add a contact to the directory. Input: its fields (as the API's body gives them) and the caller. Output: the
 * contact, with its new id. Main course: the fields are checked (communes of the department, a mobile number
 * stored in E.164, an address), the contact is written, and a `contact.created` event names the fields it holds.
 * @throws ValidationError naming each field refused.
 */
import { randomUUID } from 'node:crypto';
import {
  type ContactFields,
  checkContactFields,
  contactFor,
  type DirectoryCaller,
  filledFields,
  type MobileParser,
} from '#domain/contacts';
import type { Contact } from '#domain/directory';
import { ValidationError } from '#domain/errors';
import type { Department } from '#domain/geography';
import type { Ports } from '#domain/ports';

export type ContactWriteDeps = Pick<Ports, 'directory' | 'clock'> & {
  department: Department;
  parseMobile: MobileParser;
};

/** The checked fields of a contact. @throws ValidationError naming each field refused. */
export const checkedFields = (fields: ContactFields, deps: ContactWriteDeps): Omit<Contact, 'id'> => {
  const checked = checkContactFields(fields, deps);
  if ('issues' in checked) {
    throw new ValidationError(checked.issues.map(({ field, message }) => ({ field, message })));
  }
  return checked.value;
};

export const createContact = async (
  fields: ContactFields,
  caller: DirectoryCaller,
  deps: ContactWriteDeps,
): Promise<Contact> => {
  const contact: Contact = { id: `ct-${randomUUID()}`, ...checkedFields(fields, deps) };
  await deps.directory.create(contact, {
    id: randomUUID(),
    at: deps.clock.now().toISOString(),
    actor: caller.id,
    action: 'contact.created',
    audience: contact.audience,
    contactId: contact.id,
    fields: filledFields(contact),
  });
  return contactFor(caller.roles, contact);
};
