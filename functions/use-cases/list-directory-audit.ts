/**
 * Read the directory's audit: every change, newest first, each with who, when and which fields (never a number
 * or an address). Input: an optional contact id, a page size and a cursor. Output: a page of events and the
 * cursor of the next page when the page is full.
 */
import type { DirectoryEventQuery, Ports } from '#domain/ports';

export const listDirectoryAudit = (query: DirectoryEventQuery, deps: Pick<Ports, 'directory'>) =>
  deps.directory.listEvents(query);
