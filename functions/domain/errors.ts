/** One failing field of a request: where it is and what is wrong, in French for the people who read it. */
export interface FieldIssue {
  field: string;
  message: string;
}

/** Base class of every error the domain and the use cases throw on purpose. */
export abstract class DomainError extends Error {
  /**
   * Each class names itself in a literal: the state machine's Retry and Catch match on the name, and a
   * minified bundle does not keep class names.
   */
  abstract override readonly name: string;
}

/** Thrown when a request or a workflow input does not satisfy its schema or a domain rule on a field. */
export class ValidationError extends DomainError {
  override readonly name = 'ValidationError';
  constructor(
    readonly issues: FieldIssue[],
    options?: ErrorOptions,
  ) {
    super(`Invalid input: ${issues.map((issue) => issue.field || '(body)').join(', ')}`, options);
  }
}

/** Thrown when an activation (or another addressed resource) does not exist. */
export class NotFoundError extends DomainError {
  override readonly name = 'NotFoundError';
  constructor(
    readonly resource: string,
    readonly id: string,
    options?: ErrorOptions,
  ) {
    super(`${resource} ${id} not found`, options);
  }
}

/** Thrown when a contact is created under an id that already names one. */
export class ContactExistsError extends DomainError {
  override readonly name = 'ContactExistsError';
  constructor(
    readonly contactId: string,
    options?: ErrorOptions,
  ) {
    super(`Contact ${contactId} exists`, options);
  }
}

/** Thrown when an `Idempotency-Key` is presented again with a different request body. */
export class IdempotencyConflictError extends DomainError {
  override readonly name = 'IdempotencyConflictError';
  constructor(
    readonly activationId: string,
    options?: ErrorOptions,
  ) {
    super(`The Idempotency-Key was already used with another request (activation ${activationId})`, options);
  }
}

/**
 * Thrown by a messenger when the provider refuses for a passing reason (throttling, unavailability).
 * The workflow retries it with backoff; the dispatch ledger makes the retry skip recipients already sent.
 */
export class TransientDeliveryError extends DomainError {
  override readonly name = 'TransientDeliveryError';
}

/**
 * Thrown by a messenger when the provider refuses the message for a reason that concerns this recipient only
 * and that no retry mends (a number the provider will not send to, an address it rejects). The send-once
 * protocol records it in the ledger as the message's end (`failed`, with the reason) and the dispatch goes on
 * with everyone else. Its message is the reason recorded: generic, in French, never a number or an address;
 * the provider's refusal is its `cause`, which may name them and is never recorded nor logged. A refusal that
 * a fix of the configuration would mend for every recipient is never one of these.
 */
export class PermanentDeliveryError extends DomainError {
  override readonly name = 'PermanentDeliveryError';
}

/**
 * Thrown by a dispatch when none of its audience's messages could be sent, every one refused for good, or when
 * every message of a channel (two or more) was: a refusal that hits everyone is the account's, the sender's or
 * the content's, not the recipients'. The dispatch's Retry never retries it: each message's failure is final in
 * the ledger. Thrown too by the cabinet's SMS when every cabinet number was refused: nobody was warned.
 */
export class AudienceNotReachedError extends DomainError {
  override readonly name = 'AudienceNotReachedError';
}

/** Thrown by a workflow task when its input does not match what the state machine should have passed. */
export class WorkflowInputError extends DomainError {
  override readonly name = 'WorkflowInputError';
}

/** Thrown when an audience has no recipient for the affected area: nobody can be informed. */
export class NoRecipientsError extends DomainError {
  override readonly name = 'NoRecipientsError';
}

/**
 * Thrown by a dispatch when some of its messages are claimed by a sender that may still be running (a
 * previous attempt that timed out): the audience is not settled yet. The state machine retries it after a
 * pause; once the claims' lease has passed they are resent as uncertain.
 */
export class SendsInFlightError extends DomainError {
  override readonly name = 'SendsInFlightError';
}

/** Thrown by a step stopped before its end because the runtime is shutting down; a restart resumes it. */
export class WorkInterruptedError extends DomainError {
  override readonly name = 'WorkInterruptedError';
}

/**
 * A task token names no task waiting for it: the wait timed out (the page escalated), the execution ended or
 * was re-armed with a new token. Whoever answered is still recorded; only the workflow did not need it.
 */
export class TaskNotWaitingError extends DomainError {
  override readonly name = 'TaskNotWaitingError';
}

/** A crisis cell's page step found the cell already operational: its wait ends, nobody more is paged. */
export class CellAlreadyOperationalError extends DomainError {
  override readonly name = 'CellAlreadyOperationalError';
}

/** Every escalation step of a cell was paged (or nobody is on duty): the cabinet must be alerted. */
export class NobodyLeftToPageError extends DomainError {
  override readonly name = 'NobodyLeftToPageError';
}

/**
 * The prefect ended the alert: nothing more is ordered, posted, paged or warned about. A page waiting when the
 * alert ended is answered with it (its task fails with this name, which the state machine catches).
 */
export class ActivationClosedError extends DomainError {
  override readonly name = 'ActivationClosedError';
}

/** An acknowledgement for the public information cell before the prefect ordered it. */
export class CipNotOrderedError extends DomainError {
  override readonly name = 'CipNotOrderedError';
}
