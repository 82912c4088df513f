/**
 * The cabinet's SMS: one message to each active cabinet contact with a mobile number, once each through the
 * send-once protocol (`<kind>#<contact>`). What the timer's warning (CheckInforming) and an unanswered cell
 * (AlertCellUnanswered) send.
 */
import type { Activation } from '#domain/activation';
import { SendsInFlightError } from '#domain/errors';
import { countSms } from '#domain/messages';
import type { Ports } from '#domain/ports';
import { sendSmsOnce } from './send-once.ts';
import { settleAll } from './settle-all.ts';

/**
 * Answers how many cabinet contacts the SMS is for. @throws the first failed send (the others are still
 * made); SendsInFlightError while a send of another attempt is still claimed.
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
    },
    deps.signal,
  );
  if (failures.length > 0) throw failures[0];
  if (unresolved > 0)
    throw new SendsInFlightError(`${unresolved} cabinet SMS (${message.kind}) still claimed`);
  return cabinet.length;
};
