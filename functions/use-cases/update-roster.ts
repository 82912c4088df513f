/**
 * Replace a cell's roster (PUT): the body is the whole roster, a part it leaves out is emptied. Input: the cell,
 * its shifts, overrides and backup list (checked at the edge: times, days, `from` before `to`), and the caller.
 * Output: the roster as every role reads it. Main course: every person it names must be an active contact of
 * the `onCall` audience; the shifts take the prefecture's time zone; when something differs, the roster is
 * written and a `roster.updated` event names the parts that changed; when nothing differs, nothing is written.
 * @throws ValidationError naming each person refused (`shifts[0].contactIds[1]`, `backup[0]`).
 */
import { randomUUID } from 'node:crypto';
import { PREFECTURE_TIME_ZONE } from '#domain/activation';
import type { DirectoryCaller } from '#domain/contacts';
import { DIRECTORY_AUDIENCE_LABELS } from '#domain/directory';
import { type FieldIssue, ValidationError } from '#domain/errors';
import type { Ports } from '#domain/ports';
import {
  type Cell,
  changedRosterFields,
  emptyRoster,
  type IsoWeekday,
  type Roster,
  type RosterOverride,
  rosterReferences,
} from '#domain/rosters';
import { contactsNamed, type RosterView, rosterView } from './list-rosters.ts';

/** A roster as the administrator writes it (the API's body, once parsed). */
export interface RosterFields {
  shifts: { days: number[]; start: string; end: string; contactIds: string[] }[];
  overrides: RosterOverride[];
  backup: string[];
}

export const updateRoster = async (
  cell: Cell,
  fields: RosterFields,
  caller: DirectoryCaller,
  deps: Pick<Ports, 'directory' | 'clock'>,
): Promise<RosterView> => {
  const references = rosterReferences(fields);
  const contacts = await contactsNamed(
    references.map((reference) => reference.contactId),
    deps,
  );
  const issues = references.flatMap(({ field, contactId }): FieldIssue[] => {
    const contact = contacts.get(contactId);
    if (!contact) return [{ field, message: `Contact inconnu : ${contactId}.` }];
    if (contact.active === false)
      return [
        {
          field,
          message: `${contact.name} est retiré·e des listes (inactif) : le réactiver ou choisir une autre personne.`,
        },
      ];
    if (contact.audience !== 'onCall')
      return [
        {
          field,
          message: `${contact.name} n’est pas dans le public « ${DIRECTORY_AUDIENCE_LABELS.onCall} » (onCall) de l’annuaire.`,
        },
      ];
    return [];
  });
  if (issues.length > 0) throw new ValidationError(issues);

  const current = (await deps.directory.getRoster(cell)) ?? emptyRoster(cell);
  const next: Roster = {
    cell,
    timeZone: PREFECTURE_TIME_ZONE,
    shifts: fields.shifts.map((shift) => ({
      // The edge lets through days 1 to 7, each once.
      days: [...shift.days].sort((a, b) => a - b) as IsoWeekday[],
      start: shift.start,
      end: shift.end,
      contactIds: shift.contactIds,
    })),
    overrides: fields.overrides.map((override) => ({
      from: new Date(override.from).toISOString(),
      to: new Date(override.to).toISOString(),
      contactIds: override.contactIds,
      reason: override.reason,
    })),
    backup: fields.backup,
  };
  const changed = changedRosterFields(current, next);
  const now = deps.clock.now();
  if (changed.length === 0) return rosterView(current, contacts, now);
  const stored: Roster = { ...next, updatedAt: now.toISOString(), updatedBy: caller.id };
  await deps.directory.putRoster(stored, {
    id: randomUUID(),
    at: now.toISOString(),
    actor: caller.id,
    action: 'roster.updated',
    audience: 'onCall',
    cell,
    fields: changed,
  });
  return rosterView(stored, contacts, now);
};
