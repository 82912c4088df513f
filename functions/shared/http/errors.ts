/**
 * The errors of the HTTP edge: who may call and how a request must be sent. They say nothing of the domain,
 * so they live here rather than in `#domain/errors`; `http.ts` maps them to 401, 403 and 415.
 */
import { DomainError } from '#domain/errors';

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

/** Thrown when a request's body is not declared as JSON (`Content-Type`), before the body is read. */
export class UnsupportedMediaTypeError extends DomainError {
  override readonly name = 'UnsupportedMediaTypeError';
}
