/**
 * The errors of the HTTP edge: who may call and how a request must be sent. They say nothing of the domain,
 * so they live here rather than in `#domain/errors`; `edge.ts` maps them to 401, 403, 413 and 415.
 */
import { DomainError } from '#domain/errors';
import type { BodyMediaType } from '../routes.ts';

/** Thrown when the caller presents no valid identity. */
export class UnauthenticatedError extends DomainError {
  override readonly name = 'UnauthenticatedError';
}

/** Thrown when the caller's roles do not allow the operation. */
export class ForbiddenError extends DomainError {
  override readonly name = 'ForbiddenError';
  constructor(
    readonly requiredRoles: readonly string[],
    options?: ErrorOptions,
  ) {
    super(`Requires one of the roles: ${requiredRoles.join(', ')}`, options);
  }
}

/** Thrown when a request's body is not declared as the route's media type (`Content-Type`), before it is read. */
export class UnsupportedMediaTypeError extends DomainError {
  override readonly name = 'UnsupportedMediaTypeError';
  constructor(
    message: string,
    /** What the route takes. */
    readonly expected: BodyMediaType = 'application/json',
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Thrown when a request's body is over the API's limit (1 MiB), before it is parsed. */
export class PayloadTooLargeError extends DomainError {
  override readonly name = 'PayloadTooLargeError';
}
