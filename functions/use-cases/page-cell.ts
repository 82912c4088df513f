/**
 * Page one escalation step of a crisis cell (the workflow's callback task: it then waits for an
 * acknowledgement, or for the escalation delay to run out).
 * Input: the activation, the cell, the step, the escalation delay and the task token. Output: when the wait
 * runs out (`timeoutAt`, on the activation's clock, from the step's first page: a replayed step keeps it).
 * Main course: resolve who the step pages from the cell's roster at the activation's acceptance (the same
 * people on every replay), record each page with its single-use code, keep the token for the
 * acknowledgement, then send each person an SMS and an e-mail with their link, once, and record `cell.paged`.
 * A cell already operational, a step past the last, or an alert ended, ends the wait at once with an error
 * the state machine catches.
 */

import { type Activation, addSeconds } from '#domain/activation';
import { closureOf, operationalEventOf } from '#domain/commitments';
import {
  ActivationClosedError,
  CellAlreadyOperationalError,
  NobodyLeftToPageError,
  SendsInFlightError,
  WorkflowInputError,
  WorkInterruptedError,
} from '#domain/errors';
import {
  ACK_CODE_TTL_SECONDS,
  ackLink,
  newAckCode,
  type Page,
  pageEmail,
  pageSms,
  pagingSteps,
} from '#domain/paging';
import type { Ports } from '#domain/ports';
import { type Cell, onDutyAt, type Roster } from '#domain/rosters';
import type { TimelineEvent } from '#domain/timeline';
import { loadActivation } from './load-activation.ts';
import { type SendOutcome, sendEmailOnce, sendSmsOnce } from './send-once.ts';

export interface PageCellInput {
  activationId: string;
  cell: Cell;
  step: number;
  escalationSeconds: number;
  taskToken: string;
}

export interface PagingSettings {
  /** Where the acknowledgement links point: `<ackBaseUrl>/ack/<code>`. */
  ackBaseUrl: string;
}

const cryptoBytes = (length: number) => globalThis.crypto.getRandomValues(new Uint8Array(length));

/** The people each step pages, from the roster at `at`, keeping only the active contacts who can be reached. */
const stepsOf = async (cell: Cell, roster: Roster | undefined, at: Date, directory: Ports['directory']) => {
  if (!roster) return [];
  const reachable = new Map(
    (await directory.list('onCall'))
      .filter((contact) => contact.active !== false && (contact.phone || contact.email))
      .map((contact) => [contact.id, contact]),
  );
  const known = (ids: readonly string[]) => ids.filter((id) => reachable.has(id));
  return pagingSteps(cell, known(onDutyAt(roster, at)), known(roster.backup)).map((step) =>
    step.flatMap((id) => {
      const contact = reachable.get(id);
      return contact ? [contact] : [];
    }),
  );
};

/**
 * Whose duty it is: the roster at the activation's acceptance for the communication cell, at the prefect's
 * order for the CIP (the same people on every replay). @throws WorkflowInputError for a CIP never ordered.
 */
const rosterInstant = (cell: Cell, activation: Activation, events: readonly TimelineEvent[]) => {
  if (cell === 'communication') return activation.acceptedAt;
  const ordered = events.find((event) => event.type === 'cip.ordered');
  if (!ordered) throw new WorkflowInputError(`The CIP of ${activation.id} was not ordered`);
  return ordered.at;
};

export const pageCell = async (
  input: PageCellInput,
  deps: Pick<
    Ports,
    'store' | 'timeline' | 'directory' | 'pages' | 'ledger' | 'messenger' | 'clock' | 'signal'
  >,
  settings: PagingSettings,
): Promise<{ timeoutAt: string; paged: number }> => {
  const activation = await loadActivation(deps.store, input.activationId);
  const operational = async () => {
    const events = await deps.timeline.list(activation.id);
    // The alert ended: nobody more is paged (a step that was waiting was answered with this error).
    if (closureOf(events)) throw new ActivationClosedError(`Activation ${activation.id} is closed`);
    if (operationalEventOf(input.cell, events)) {
      throw new CellAlreadyOperationalError(`The ${input.cell} cell is already operational`);
    }
    return events;
  };
  const events = await operational();
  const steps = await stepsOf(
    input.cell,
    await deps.directory.getRoster(input.cell),
    new Date(rosterInstant(input.cell, activation, events)),
    deps.directory,
  );
  const people = steps[input.step];
  if (!people || people.length === 0) {
    throw new NobodyLeftToPageError(
      `No step ${input.step} to page for the ${input.cell} cell (${steps.length} steps)`,
    );
  }
  const now = deps.clock.now().toISOString();
  const pages: Page[] = [];
  for (const person of people) {
    pages.push(
      await deps.pages.open({
        activationId: activation.id,
        cell: input.cell,
        step: input.step,
        contactId: person.id,
        code: newAckCode(cryptoBytes),
        pagedAt: now,
        expiresAt: addSeconds(now, ACK_CODE_TTL_SECONDS),
      }),
    );
  }
  // The token is kept before any link leaves: an acknowledgement always finds the step it answers.
  await deps.pages.waitFor(activation.id, input.cell, input.taskToken);
  // An acknowledgement that came before the token was kept (a replayed step) found no step to answer.
  await operational();

  let unresolved = 0;
  const count = (outcome: SendOutcome) => {
    if (outcome === 'in-flight') unresolved += 1;
  };
  for (const [index, person] of people.entries()) {
    if (deps.signal?.aborted) throw new WorkInterruptedError('The local runtime is shutting down');
    const page = pages[index] as Page;
    const link = ackLink(settings.ackBaseUrl, page.code);
    const key = `page#${input.cell}#${input.step}#${person.id}`;
    if (person.phone) {
      count(
        await sendSmsOnce(deps, activation, {
          messageKey: `${key}#sms`,
          audience: 'onCall',
          recipient: { ...person, phone: person.phone },
          ...pageSms(activation, input.cell, link),
        }),
      );
    }
    if (person.email) {
      count(
        await sendEmailOnce(deps, activation, {
          messageKey: `${key}#email`,
          audience: 'onCall',
          recipient: { ...person, email: person.email },
          ...pageEmail(activation, input.cell, link),
        }),
      );
    }
    await deps.timeline.append({
      activationId: activation.id,
      at: page.pagedAt,
      type: 'cell.paged',
      actor: 'system',
      subject: `${input.cell}#${input.step}#${person.id}`,
      details: {
        cell: input.cell,
        step: input.step,
        contactId: person.id,
        name: person.name,
        escalation: input.step > 0,
      },
    });
  }
  if (unresolved > 0) throw new SendsInFlightError(`${unresolved} page(s) still claimed`);
  const firstPagedAt = pages.map((page) => page.pagedAt).sort()[0] ?? now;
  return { timeoutAt: addSeconds(firstPagedAt, input.escalationSeconds), paged: people.length };
};
