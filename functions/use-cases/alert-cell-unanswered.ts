/**
 * Alert the cabinet that a crisis cell did not answer (the workflow's last escalation step).
 * Input: the activation and the cell. Output: how many cabinet contacts were alerted.
 * Main course: unless the cell became operational or the alert ended meanwhile, send each cabinet contact an SMS once and
 * record `cell.unanswered` with how many people were paged.
 */
import { cipDueAt, closureOf, operationalEventOf } from '#domain/commitments';
import { ActivationClosedError, CellAlreadyOperationalError } from '#domain/errors';
import { frameSms, timeOfDay } from '#domain/messages';
import type { Ports } from '#domain/ports';
import { CELL_LABELS, type Cell } from '#domain/rosters';
import { loadActivation } from './load-activation.ts';
import { smsCabinet } from './sms-cabinet.ts';

export const alertCellUnanswered = async (
  input: { activationId: string; cell: Cell },
  deps: Pick<Ports, 'store' | 'timeline' | 'directory' | 'ledger' | 'messenger' | 'clock' | 'signal'>,
): Promise<{ cabinetAlerted: number }> => {
  const activation = await loadActivation(deps.store, input.activationId);
  const events = await deps.timeline.list(activation.id);
  if (closureOf(events)) throw new ActivationClosedError(`Activation ${activation.id} is closed`);
  if (operationalEventOf(input.cell, events)) {
    throw new CellAlreadyOperationalError(`The ${input.cell} cell is already operational`);
  }
  const ordered = events.find((event) => event.type === 'cip.ordered');
  const dueAt = input.cell === 'cip' && ordered ? cipDueAt(ordered) : activation.deadline;
  const paged = events.filter((event) => event.type === 'cell.paged' && event.details['cell'] === input.cell);
  const text = frameSms(
    `Module 7 - ${activation.title} : personne n’a pris l’astreinte ${CELL_LABELS[input.cell]} (${paged.length} personne${paged.length > 1 ? 's' : ''} appelée${paged.length > 1 ? 's' : ''}). Échéance ${timeOfDay(dueAt)}.`,
    activation.mode,
  );
  const cabinetAlerted = await smsCabinet(deps, activation, { kind: `unanswered#${input.cell}`, text });
  await deps.timeline.append({
    activationId: activation.id,
    at: deps.clock.now().toISOString(),
    type: 'cell.unanswered',
    actor: 'system',
    subject: input.cell,
    details: { cell: input.cell, paged: paged.length, cabinetAlerted },
  });
  return { cabinetAlerted };
};
