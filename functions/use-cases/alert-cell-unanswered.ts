/**
 * Alert the cabinet that a crisis cell did not answer (the workflow's last escalation step).
 * Input: the activation and the cell. Output: how many cabinet contacts were alerted.
 * Main course: unless the cell became operational meanwhile, send each cabinet contact an SMS once and
 * record `cell.unanswered` with how many people were paged.
 */
import { CellAlreadyOperationalError, SendsInFlightError } from '#domain/errors';
import { countSms, frameSms, timeOfDay } from '#domain/messages';
import { operationalEventOf } from '#domain/paging';
import type { Ports } from '#domain/ports';
import { CELL_LABELS, type Cell } from '#domain/rosters';
import { loadActivation } from './load-activation.ts';
import { sendSmsOnce } from './send-once.ts';
import { settleAll } from './settle-all.ts';

export const alertCellUnanswered = async (
  input: { activationId: string; cell: Cell },
  deps: Pick<Ports, 'store' | 'timeline' | 'directory' | 'ledger' | 'messenger' | 'clock' | 'signal'>,
): Promise<{ cabinetAlerted: number }> => {
  const activation = await loadActivation(deps.store, input.activationId);
  const events = await deps.timeline.list(activation.id);
  if (operationalEventOf(input.cell, events)) {
    throw new CellAlreadyOperationalError(`The ${input.cell} cell is already operational`);
  }
  const paged = events.filter((event) => event.type === 'cell.paged' && event.details['cell'] === input.cell);
  const text = frameSms(
    `Module 7 - ${activation.title} : personne n’a pris l’astreinte ${CELL_LABELS[input.cell]} (${paged.length} personne${paged.length > 1 ? 's' : ''} appelée${paged.length > 1 ? 's' : ''}). Échéance ${timeOfDay(activation.deadline)}.`,
    activation.mode,
  );
  const { encoding, parts } = countSms(text);
  const cabinet = (await deps.directory.list('cabinet')).flatMap((contact) =>
    contact.active !== false && contact.phone ? [{ ...contact, phone: contact.phone }] : [],
  );
  let unresolved = 0;
  const failures = await settleAll(
    cabinet,
    4,
    async (recipient) => {
      const outcome = await sendSmsOnce(deps, activation, {
        messageKey: `unanswered#${input.cell}#${recipient.id}`,
        audience: 'cabinet',
        recipient,
        text,
        encoding,
        parts,
      });
      if (outcome === 'in-flight') unresolved += 1;
    },
    deps.signal,
  );
  if (failures.length > 0) throw failures[0];
  if (unresolved > 0) throw new SendsInFlightError(`${unresolved} cabinet alert(s) still claimed`);
  await deps.timeline.append({
    activationId: activation.id,
    at: deps.clock.now().toISOString(),
    type: 'cell.unanswered',
    actor: 'system',
    subject: input.cell,
    details: { cell: input.cell, paged: paged.length, cabinetAlerted: cabinet.length },
  });
  return { cabinetAlerted: cabinet.length };
};
