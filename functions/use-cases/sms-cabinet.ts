/**
 * The cabinet's SMS: one message to each active cabinet contact with a mobile number, once each through the
 * send-once protocol (`<kind>#<contact>`). What the timer's warning (CheckInforming) and an unanswered cell
 * (AlertCellUnanswered) send.
 */
import type { Activation } from '#domain/activation';
import { AudienceNotReachedError, SendsInFlightError } from '#domain/errors';
import { countSms } from '#domain/messages';
import type { Ports } from '#domain/ports';
import { isFailed, sendSmsOnce } from './send-once.ts';
import { settleAll } from './settle-all.ts';

/**
 * Answers how many cabinet contacts the SMS is for, less those whose number the provider refused for good
 * (recorded in the ledger). @throws the first failed send (the others are still made); SendsInFlightError while
 * a send of another attempt is still claimed; AudienceNotReachedError when every number was refused: nobody of
 * the cabinet was warned.
 */
export const smsCabinet = async (
  deps: Pick<Ports, 'directory' | 'ledger' | 'timeline' | 'messenger' | 'clock' | 'signal'>,
  activation: Pick<Activation, 'id' | 'communes'>,
  message: { kind: string; text: string },
): Promise<number> => {
  const { encoding, parts } = countSms(message.text);
  const cabinet = (await deps.directory.list('cabinet')).flatMap((contact) =>
    contact.active !== false && contact.phone ? [{ ...contact, phone: contact.phone }] : [],
  );
  let unresolved = 0;
  let refused = 0;
  const failures = await settleAll(
    cabinet,
    4,
    async (recipient) => {
      const outcome = await sendSmsOnce(deps, activation, {
        messageKey: `${message.kind}#${recipient.id}`,
        audience: 'cabinet',
        recipient,
        text: message.text,
        encoding,
        parts,
      });
      if (outcome === 'in-flight') unresolved += 1;
      if (isFailed(outcome)) refused += 1;
    },
    deps.signal,
  );
  if (failures.length > 0) throw failures[0];
  if (unresolved > 0)
    throw new SendsInFlightError(`${unresolved} cabinet SMS (${message.kind}) still claimed`);
  if (cabinet.length > 0 && refused === cabinet.length) {
    throw new AudienceNotReachedError(`Every cabinet number was refused for good (${message.kind})`);
  }
  return cabinet.length - refused;
};
