/**
 * Acknowledge a page: a paged person presses the button of their link, or a `comms` user acknowledges in the
 * API. Input: the link's code (or the activation, the cell and the user). Output: what happened, for the page
 * or the answer to show. Main course: mark the code used (once), record `cell.acknowledged`, and when the
 * cell reaches its quorum record `cell.operational` and answer the workflow step waiting for it. A reused,
 * unknown or expired code changes nothing.
 */

import type { Activation } from '#domain/activation';
import { operationalEventOf } from '#domain/commitments';
import {
  ActivationClosedError,
  CipNotOrderedError,
  NotFoundError,
  TaskNotWaitingError,
} from '#domain/errors';
import { acknowledgementsOf, type Page, quorumOf } from '#domain/paging';
import type { Ports } from '#domain/ports';
import type { Cell } from '#domain/rosters';
import { reviseVerdicts } from './revise-verdicts.ts';

export type AcknowledgeDeps = Pick<Ports, 'store' | 'timeline' | 'directory' | 'pages' | 'clockFor'> & {
  engine: Pick<Ports['engine'], 'sendTaskSuccess'>;
};

export type LinkState =
  | { status: 'unknown' }
  | {
      /** `ended`: the prefect ended the alert; nothing is acknowledged any more. */
      status: 'open' | 'used' | 'expired' | 'ended';
      page: Page;
      activation: Activation;
      name: string;
    };

/** What a link's page shows before anything is pressed: changes nothing (a preview must not acknowledge). */
export const describeLink = async (
  code: string,
  deps: Omit<AcknowledgeDeps, 'engine'>,
): Promise<LinkState> => {
  const page = await deps.pages.byCode(code);
  const activation = page && (await deps.store.get(page.activationId));
  if (!page || !activation) return { status: 'unknown' };
  const now = deps.clockFor(activation.acceptedAt).now().toISOString();
  const contact = await deps.directory.get(page.contactId);
  return {
    status: page.acknowledgedAt
      ? 'used'
      : activation.closedAt
        ? 'ended'
        : now > page.expiresAt
          ? 'expired'
          : 'open',
    page,
    activation,
    name: contact?.name ?? page.contactId,
  };
};

export interface Acknowledgement {
  cell: Cell;
  at: string;
  /** The cell had its quorum once this acknowledgement was recorded. */
  operational: boolean;
}

/** Records an acknowledgement for the cell; makes the cell operational at its quorum. */
const recordAcknowledgement = async (
  activation: Activation,
  cell: Cell,
  by: { id: string; name?: string; via: 'link' | 'api'; step?: number },
  deps: AcknowledgeDeps,
): Promise<Acknowledgement> => {
  const clock = deps.clockFor(activation.acceptedAt);
  const at = clock.now().toISOString();
  await deps.timeline.append({
    activationId: activation.id,
    at,
    type: 'cell.acknowledged',
    actor: by.id,
    subject: `${cell}#${by.id}`,
    details: {
      cell,
      by: by.id,
      via: by.via,
      ...(by.name ? { name: by.name } : {}),
      ...(by.step === undefined ? {} : { step: by.step }),
    },
  });
  const events = await deps.timeline.list(activation.id);
  const acknowledged = new Set(acknowledgementsOf(cell, events).map((event) => event.actor)).size;
  const quorum = quorumOf(cell, events);
  if (acknowledged < quorum) return { cell, at, operational: false };
  if (!operationalEventOf(cell, events)) {
    await deps.timeline.append({
      activationId: activation.id,
      at,
      type: 'cell.operational',
      actor: by.id,
      subject: cell,
      details: { cell, acknowledgements: acknowledged, quorum },
    });
  }
  const token = await deps.pages.waitingToken(activation.id, cell);
  if (token) {
    await deps.engine.sendTaskSuccess(token, { cell, operationalAt: at }).catch((error: unknown) => {
      // The step stopped waiting (it escalated, or the execution ended): the acknowledgement still counts.
      if (!(error instanceof TaskNotWaitingError)) throw error;
    });
  }
  await reviseVerdicts(activation, `cell.operational#${cell}`, {
    timeline: deps.timeline,
    clock: clock,
  });
  return { cell, at, operational: true };
};

/** The button of a link. */
export const acknowledgeLink = async (
  code: string,
  deps: AcknowledgeDeps,
): Promise<LinkState | (Acknowledgement & { status: 'acknowledged'; name: string })> => {
  const state = await describeLink(code, deps);
  if (state.status !== 'open') return state;
  const at = deps.clockFor(state.activation.acceptedAt).now().toISOString();
  if (!(await deps.pages.acknowledge(code, at))) return { ...state, status: 'used' };
  const acknowledgement = await recordAcknowledgement(
    state.activation,
    state.page.cell,
    { id: state.page.contactId, name: state.name, via: 'link', step: state.page.step },
    deps,
  );
  return { status: 'acknowledged', name: state.name, ...acknowledgement };
};

/**
 * A user acknowledges for a cell in the API. @throws NotFoundError for an unknown activation,
 * ActivationClosedError once the alert ended, CipNotOrderedError for the CIP before the prefect's order.
 */
export const acknowledgeAsUser = async (
  input: { activationId: string; cell: Cell; userId: string },
  deps: AcknowledgeDeps,
): Promise<Acknowledgement> => {
  const activation = await deps.store.get(input.activationId);
  if (!activation) throw new NotFoundError('Activation', input.activationId);
  if (activation.closedAt) throw new ActivationClosedError(`Activation ${activation.id} is closed`);
  if (input.cell === 'cip' && !(await deps.store.getCipOrder(activation.id))) {
    throw new CipNotOrderedError(`The CIP of ${activation.id} was not ordered`);
  }
  return recordAcknowledgement(activation, input.cell, { id: input.userId, via: 'api' }, deps);
};
