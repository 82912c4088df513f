/**
 * Paging the crisis cells (M7-1, M7-4): who each escalation step pages, the acknowledgement codes of the
 * links they receive, when a cell counts as operational. Pure.
 */
import type { Activation, Mode } from './activation.ts';
import { countSms, frameEmail, frameSms, timeOfDay } from './messages.ts';
import { CELL_LABELS, type Cell } from './rosters.ts';
import type { TimelineEvent } from './timeline.ts';

/** How long an acknowledgement link works after its page was sent. */
export const ACK_CODE_TTL_SECONDS = 12 * 3_600;

/** No 0/O, 1/I/L: a code read aloud or typed from a phone's screen is not mistaken. */
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
/** 10 characters of 31: 49 bits, for a code that works once, for 12 hours, behind a rate-limited API. */
const CODE_LENGTH = 10;
export const ACK_CODE = /^[2-9A-HJKMNP-Z]{10}$/;

/**
 * A new acknowledgement code from random bytes (`crypto.getRandomValues`): each byte above the largest
 * multiple of the alphabet's size is skipped, so that every character is equally likely.
 */
export const newAckCode = (randomBytes: (length: number) => Uint8Array): string => {
  const limit = 256 - (256 % CODE_ALPHABET.length);
  let code = '';
  while (code.length < CODE_LENGTH) {
    for (const byte of randomBytes(CODE_LENGTH * 2)) {
      if (byte < limit && code.length < CODE_LENGTH) code += CODE_ALPHABET[byte % CODE_ALPHABET.length];
    }
  }
  return code;
};

/** One person paged at one escalation step of one cell, and their link's code. */
export interface Page {
  activationId: string;
  cell: Cell;
  /** 0 for the first page; each escalation pages the next step. */
  step: number;
  contactId: string;
  code: string;
  pagedAt: string;
  expiresAt: string;
  /** Set once, by the first acknowledgement of this code. */
  acknowledgedAt?: string;
}

/**
 * Who each escalation step pages, from the cell's paging order (the people on duty, then the backup list):
 * the communication cell pages one person a step, in order; the CIP pages everyone on duty at once, then the
 * backup list. People who cannot be reached (no number, no address) are left out beforehand.
 */
export const pagingSteps = (cell: Cell, onDuty: readonly string[], backup: readonly string[]): string[][] => {
  if (cell === 'communication')
    return [...onDuty, ...backup.filter((id) => !onDuty.includes(id))].map((id) => [id]);
  const reserve = backup.filter((id) => !onDuty.includes(id));
  return [onDuty, reserve].filter((step) => step.length > 0).map((step) => [...step]);
};

/** How many acknowledgements make the cell operational: one for the communication cell, the quorum for the CIP. */
export const quorumOf = (cell: Cell, events: readonly TimelineEvent[]): number => {
  if (cell === 'communication') return 1;
  const ordered = events.find((event) => event.type === 'cip.ordered');
  const quorum = ordered?.details['quorum'];
  return typeof quorum === 'number' && quorum >= 1 ? quorum : 1;
};

/** The people of the cell who acknowledged, by contact (or user) id, in order. */
export const acknowledgementsOf = (cell: Cell, events: readonly TimelineEvent[]): TimelineEvent[] =>
  events.filter((event) => event.type === 'cell.acknowledged' && event.details['cell'] === cell);

/** The link a paged person opens to acknowledge. */
export const ackLink = (baseUrl: string, code: string) => `${baseUrl.replace(/\/+$/, '')}/ack/${code}`;

/** The cell's name inside a sentence: `la cellule de communication`. */
const cellInSentence = (cell: Cell) =>
  `la ${CELL_LABELS[cell].charAt(0).toLowerCase()}${CELL_LABELS[cell].slice(1)}`;

/** What calls the cell: the COD's activation for the communication cell, the prefect's order for the CIP. */
const reasonOf = (cell: Cell) => (cell === 'cip' ? 'le préfet ordonne l’ouverture de la CIP' : 'COD activé');

/** The page's SMS, framed for an exercise: what happened, when, and the link. */
export const pageSms = (
  activation: Pick<Activation, 'title' | 'decidedAt'> & { mode: Mode },
  cell: Cell,
  link: string,
) => {
  const text = frameSms(
    `Astreinte ${CELL_LABELS[cell]} - ${reasonOf(cell)} : ${activation.title} (T0 ${timeOfDay(activation.decidedAt)}). Confirmez votre prise en charge : ${link}`,
    activation.mode,
  );
  return { text, ...countSms(text) };
};

/** The page's e-mail, framed for an exercise: the same facts, and the link with what it does. */
export const pageEmail = (
  activation: Pick<Activation, 'title' | 'decidedAt' | 'synergiRef'> & { mode: Mode },
  cell: Cell,
  link: string,
) =>
  frameEmail(
    {
      subject: `Astreinte ${CELL_LABELS[cell]} : ${reasonOf(cell)}, ${activation.title}`,
      body: [
        `Le préfet a décidé l’activation du COD à ${timeOfDay(activation.decidedAt)} (SYNERGI ${activation.synergiRef}) : ${activation.title}.`,
        ...(cell === 'cip'
          ? ['Il ordonne l’ouverture de la cellule d’information du public, qui répond au numéro unique.']
          : []),
        `Vous êtes d’astreinte pour ${cellInSentence(cell)}. Confirmez votre prise en charge en ouvrant ce lien, puis en appuyant sur « Je prends l’astreinte » :`,
        link,
        'Sans confirmation de votre part, la personne suivante de l’astreinte sera appelée.',
      ].join('\n\n'),
    },
    activation.mode,
  );
