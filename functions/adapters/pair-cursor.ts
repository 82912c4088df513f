/**
 * A listing cursor made of two non-empty strings (where the listing stopped), opaque to the caller: the
 * directory's listings and the in-memory fakes use it. SDK-free, so that an adapter and its fake read and
 * refuse cursors alike.
 */
import { ValidationError } from '#domain/errors';

export const invalidCursor = () =>
  new ValidationError([
    { field: 'cursor', message: 'Curseur de pagination invalide : reprendre la liste depuis le début.' },
  ]);

export const encodePairCursor = (parts: [string, string]) =>
  Buffer.from(JSON.stringify(parts)).toString('base64url');

/** The two non-empty strings a cursor carries. @throws ValidationError naming `cursor` otherwise. */
export const decodePairCursor = (cursor: string): [string, string] => {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (
    !Array.isArray(parts) ||
    parts.length !== 2 ||
    !parts.every((part) => typeof part === 'string' && part.length > 0)
  ) {
    throw invalidCursor();
  }
  return parts as [string, string];
};
