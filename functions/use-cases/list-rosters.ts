/**
 * Read the rosters of both cells. Input: none (every role reads them). Output: per cell, its shifts, overrides
 * and backup list, each person by id and name with whether they can be paged, and who is on duty now. Main
 * course: the rosters and the contacts they name are read from the directory; a cell without a roster shows
 * an empty one. No number or address is ever given: a roster says who, the directory says how to reach them.
 */
import type { Contact } from '#domain/directory';
import type { Ports } from '#domain/ports';
import {
  CELL_LABELS,
  CELLS,
  type Cell,
  emptyRoster,
  onDutyAt,
  type Roster,
  rosterReferences,
} from '#domain/rosters';

/** A person a roster names, as every role may read it. */
export interface RosterContact {
  id: string;
  name: string;
  /** False for an unknown contact, one withdrawn from the lists, or one no longer in the `onCall` audience. */
  available: boolean;
}

export interface RosterView {
  cell: Cell;
  label: string;
  timeZone: string;
  shifts: { days: number[]; start: string; end: string; contacts: RosterContact[] }[];
  overrides: { from: string; to: string; reason: string; contacts: RosterContact[] }[];
  backup: RosterContact[];
  /** Who is on duty at the instant of the reading, in paging order. */
  onDuty: RosterContact[];
  updatedAt?: string;
}

/** Whether a contact can be paged through a roster: active, in the `onCall` audience. */
export const pageable = (contact: Contact | undefined): contact is Contact =>
  contact !== undefined && contact.active !== false && contact.audience === 'onCall';

/**
 * The contacts named by these ids, by id: the `onCall` audience in one read, then each id it lacks (a contact
 * moved to another audience, or unknown) by itself.
 */
export const contactsNamed = async (
  ids: Iterable<string>,
  deps: Pick<Ports, 'directory'>,
): Promise<Map<string, Contact>> => {
  const found = new Map((await deps.directory.list('onCall')).map((contact) => [contact.id, contact]));
  const missing = [...new Set(ids)].filter((id) => !found.has(id));
  for (const contact of await Promise.all(missing.map((id) => deps.directory.get(id))))
    if (contact) found.set(contact.id, contact);
  return found;
};

/** A roster as every role reads it, at an instant. */
export const rosterView = (roster: Roster, contacts: ReadonlyMap<string, Contact>, at: Date): RosterView => {
  const person = (id: string): RosterContact => {
    const contact = contacts.get(id);
    return { id, name: contact?.name ?? 'Contact inconnu', available: pageable(contact) };
  };
  return {
    cell: roster.cell,
    label: CELL_LABELS[roster.cell],
    timeZone: roster.timeZone,
    shifts: roster.shifts.map((shift) => ({
      days: shift.days,
      start: shift.start,
      end: shift.end,
      contacts: shift.contactIds.map(person),
    })),
    overrides: roster.overrides.map((override) => ({
      from: override.from,
      to: override.to,
      reason: override.reason,
      contacts: override.contactIds.map(person),
    })),
    backup: roster.backup.map(person),
    onDuty: onDutyAt(roster, at).map(person),
    ...(roster.updatedAt ? { updatedAt: roster.updatedAt } : {}),
  };
};

export const listRosters = async (
  deps: Pick<Ports, 'directory' | 'clock'>,
): Promise<{ at: string; rosters: RosterView[] }> => {
  const at = deps.clock.now();
  const rosters = await Promise.all(
    CELLS.map(async (cell) => (await deps.directory.getRoster(cell)) ?? emptyRoster(cell)),
  );
  const contacts = await contactsNamed(
    rosters.flatMap((roster) => rosterReferences(roster).map((reference) => reference.contactId)),
    deps,
  );
  return { at: at.toISOString(), rosters: rosters.map((roster) => rosterView(roster, contacts, at)) };
};
