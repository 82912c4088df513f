/** What recipients read: exercise framing and exact SMS part counting (3GPP TS 23.038). Pure. */
import { type FactualMessage, type Mode, PREFECTURE_TIME_ZONE } from './activation.ts';

export const EXERCISE_BANNER = 'EXERCICE EXERCICE EXERCICE';

/** GSM 03.38 basic character set (one septet each); ESC (0x1B) is left out on purpose. */
const GSM7_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
/** GSM 03.38 extension table: each costs two septets (ESC + char). */
const GSM7_EXTENSION = new Set('\f^{}\\[~]|€');

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsCount {
  encoding: SmsEncoding;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2) the text occupies. */
  units: number;
  parts: number;
}

const LIMITS = {
  'GSM-7': { single: 160, multi: 153 },
  'UCS-2': { single: 70, multi: 67 },
} as const;

/** Cost of each character in units, in order; a character never straddles two parts. */
const unitsOf = (text: string, encoding: SmsEncoding): number[] =>
  Array.from(text, (char) => {
    if (encoding === 'UCS-2') return char.length;
    return GSM7_EXTENSION.has(char) ? 2 : 1;
  });

/** True when every character of the text is in the GSM-7 alphabet (basic or extension). */
export const isGsm7 = (text: string): boolean =>
  Array.from(text).every((char) => GSM7_BASIC.has(char) || GSM7_EXTENSION.has(char));

/**
 * Counts the parts an SMS takes exactly as a carrier does: 160 GSM-7 septets or 70 UCS-2 units in one
 * part, otherwise parts of 153 or 67, never splitting an extension character or a surrogate pair.
 */
export const countSms = (text: string): SmsCount => {
  const encoding: SmsEncoding = isGsm7(text) ? 'GSM-7' : 'UCS-2';
  const costs = unitsOf(text, encoding);
  const units = costs.reduce((sum, cost) => sum + cost, 0);
  const limit = LIMITS[encoding];
  if (units <= limit.single) return { encoding, units, parts: units === 0 ? 0 : 1 };
  let parts = 1;
  let used = 0;
  for (const cost of costs) {
    if (used + cost > limit.multi) {
      parts += 1;
      used = 0;
    }
    used += cost;
  }
  return { encoding, units, parts };
};

/** Frames an SMS text: an exercise message begins and ends with the banner; a real one is left as is. */
export const frameSms = (text: string, mode: Mode): string =>
  mode === 'exercise' ? `${EXERCISE_BANNER}\n${text}\n${EXERCISE_BANNER}` : text;

/** Frames an e-mail: the subject starts with the banner, the body begins and ends with it. */
export const frameEmail = (email: FactualMessage['email'], mode: Mode): FactualMessage['email'] =>
  mode === 'exercise'
    ? {
        subject: `${EXERCISE_BANNER} - ${email.subject}`,
        body: `${EXERCISE_BANNER}\n\n${email.body}\n\n${EXERCISE_BANNER}`,
      }
    : email;

/** The most SMS parts a factual message may take once framed: beyond, it is no longer an alert. */
export const MAX_SMS_PARTS = 6;

/** A French time of day in the prefecture's zone, as staff read it in a message (`14:05`). */
export const timeOfDay = (iso: string) =>
  new Intl.DateTimeFormat('fr-FR', {
    timeZone: PREFECTURE_TIME_ZONE,
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));
