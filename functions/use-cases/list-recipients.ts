/**
 * The recipients table of an activation (`GET /activations/{id}/recipients`).
 * Input: the activation id and the caller's roles. Output: the report of functions/domain/recipients.ts (per
 * audience the people by name with where their SMS and e-mail stand, the people of the cells paged, the
 * follow-ups' progress). Main course: read the activation, its ledger and timeline, and the directory's lists
 * of the three audiences and of the people on call; the people due the first message are those of each list
 * concerned by the affected communes now, as a dispatch resolves them. The ledger is the truth of what left,
 * on AWS as locally.
 */
import { AUDIENCES, type Audience } from '#domain/activation';
import { type Contact, recipientsFor } from '#domain/directory';
import { NotFoundError } from '#domain/errors';
import type { Ports } from '#domain/ports';
import { parseMessageKey, type RecipientsReport, recipientsReport } from '#domain/recipients';

/** @throws NotFoundError for an unknown activation. */
export const listRecipients = async (
  activationId: string,
  { roles }: { roles: readonly string[] },
  deps: Pick<Ports, 'store' | 'ledger' | 'directory' | 'timeline'>,
): Promise<RecipientsReport> => {
  const activation = await deps.store.get(activationId);
  if (!activation) throw new NotFoundError('Activation', activationId);
  const [entries, events, onCall, ...lists] = await Promise.all([
    deps.ledger.list(activation.id),
    deps.timeline.list(activation.id),
    deps.directory.list('onCall'),
    ...AUDIENCES.map((audience) => deps.directory.list(audience)),
  ]);
  const listed = [...lists.flat(), ...onCall];
  // Someone the ledger names who is in none of these lists now (moved to the cabinet's): read by id, for a name.
  const ids = new Set(listed.map(({ id }) => id));
  const named = entries.flatMap(({ messageKey }) => {
    const key = parseMessageKey(messageKey);
    return key?.kind === 'information' || key?.kind === 'page' ? [key.contactId] : [];
  });
  const missing = [...new Set(named)].filter((id) => !ids.has(id));
  const found = await Promise.all(missing.map((id) => deps.directory.get(id)));
  const expected = Object.fromEntries(
    AUDIENCES.map((audience, index) => [audience, recipientsFor(lists[index] ?? [], activation.communes)]),
  ) as Record<Audience, Contact[]>;

  return recipientsReport({
    activation,
    contacts: [...listed, ...found.filter((contact) => contact !== undefined)],
    expected,
    entries,
    events,
    roles,
  });
};
