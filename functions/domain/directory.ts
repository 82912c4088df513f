/** The contact directory: who receives what. Pure. */
import type { Audience } from './activation.ts';

/** Audiences of the directory: the three M7-2 audiences, plus the cabinet that the timer warns. */
export type DirectoryAudience = Audience | 'cabinet';

export interface Contact {
  id: string;
  audience: DirectoryAudience;
  /** As the recipient is addressed, in French (`Maire d’Annecy`). */
  name: string;
  organisation?: string;
  /** E.164 mobile number. */
  phone?: string;
  email?: string;
  /** For officials: the communes they represent. Absent: the whole department (senators, prefecture staff). */
  communes?: string[];
}

/**
 * The contacts of an audience concerned by the affected communes: an official whose communes are
 * all outside the area is left out; everyone else of the audience is concerned.
 */
export const recipientsFor = (
  contacts: readonly Contact[],
  affectedCommunes: readonly string[],
): Contact[] => {
  const affected = new Set(affectedCommunes);
  return contacts.filter(
    (contact) => !contact.communes || contact.communes.some((code) => affected.has(code)),
  );
};
